package io.robustpose.core.benchmark;

import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.MpiiAnnotation;
import io.robustpose.core.dataset.MpiiDataset;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The image files of a dataset that carry person annotations — the images a -C benchmark corrupts. */
public final class AnnotatedImageFiles {
    private AnnotatedImageFiles() {
    }

    public static List<String> of(DatasetFormat format, Path annotations) {
        Set<String> files = new LinkedHashSet<>();
        if (format == DatasetFormat.MPII) {
            for (MpiiAnnotation a : MpiiDataset.read(annotations).annotations()) {
                files.add(a.image());
            }
        } else {
            CocoDataset d = CocoReader.of(format).withoutSegmentation().read(annotations);
            for (CocoImage img : d.images()) {
                for (CocoAnnotation a : d.annotationsOf(img.id())) {
                    if (a.categoryId() == 1) {
                        files.add(img.fileName());
                        break;
                    }
                }
            }
        }
        return List.copyOf(files);
    }

    /**
     * {@code dir/name} for a file name taken from an annotation file (or a task parameter): a name that
     * is absolute, contains a NUL, or leaves {@code dir} through {@code ..} is refused, so a dataset
     * can neither make a worker read outside the data it was given nor a writer write outside its
     * output tree.
     */
    public static Path resolve(Path dir, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty image file name");
        }
        Path relative;
        try {
            relative = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("image file name '" + printable(name) + "' is not a path: " + e.getReason());
        }
        if (relative.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw new IllegalArgumentException("image file name '" + printable(name) + "' is absolute: it must be "
                    + "relative to the image directory");
        }
        Path resolved = dir.resolve(relative).normalize();
        if (!resolved.startsWith(dir.normalize())) {
            throw new IllegalArgumentException("image file name '" + printable(name) + "' leaves the image directory");
        }
        return resolved;
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** Images {@code [shard·n/shards, (shard+1)·n/shards)}. */
    public static <T> List<T> shard(List<T> all, int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + " does not exist");
        }
        int from = (int) ((long) all.size() * shard / shards);
        int to = (int) ((long) all.size() * (shard + 1) / shards);
        return all.subList(from, to);
    }
}
