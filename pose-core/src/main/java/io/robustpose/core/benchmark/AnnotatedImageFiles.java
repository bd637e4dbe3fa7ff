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
