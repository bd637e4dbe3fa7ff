package io.robustpose.core.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustpose.core.AtomicFiles;
import io.robustpose.core.inference.Skeleton;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The synthetic-people dataset: {@link SyntheticScene} images written as a COCO person-keypoints
 * dataset — {@code <split>/images/NNNNNN.jpg} and {@code <split>/annotations.json} per split,
 * with bbox, area, num_keypoints, and the COCO keypoint names and skeleton. Every image is drawn
 * from its own random stream derived from (seed, split, index), so the dataset is identical for
 * any number of threads and any run.
 */
public final class SyntheticPeople {

    /**
     * Image size and crowding.
     *
     * @param width      image width in pixels
     * @param height     image height in pixels
     * @param maxPeople  people per image are 1..maxPeople (fewer more often)
     * @param threads    rendering threads
     * @param maxYaw     people turn at most this many degrees away from the camera (180: any way)
     * @param clutter    background objects and foreground occluders, 0..1
     */
    public record Options(int width, int height, int maxPeople, int threads, double maxYaw, double clutter) {
        public Options(int width, int height, int maxPeople, int threads) {
            this(width, height, maxPeople, threads, 180, 1.0);
        }

        public static Options defaults() {
            return new Options(320, 240, 4, Runtime.getRuntime().availableProcessors());
        }

        /**
         * What a small network learns within minutes on a CPU: at most two people, facing the
         * camera within ±60° (front and back views are told apart only by the face, which takes
         * long training), half the clutter.
         */
        public static Options demo() {
            return new Options(320, 240, 2, Runtime.getRuntime().availableProcessors(), 60, 0.5);
        }

        public Options withThreads(int n) {
            return new Options(width, height, maxPeople, n, maxYaw, clutter);
        }

        /** Small images with at most two people: test fixtures. */
        public static Options small() {
            return new Options(192, 144, 2, Runtime.getRuntime().availableProcessors());
        }

        public Options {
            if (width < 32 || height < 32) {
                throw new IllegalArgumentException("synthetic images must be at least 32×32 (got " + width + "×" + height + ")");
            }
            if (!(maxYaw >= 0 && maxYaw <= 180) || !(clutter >= 0 && clutter <= 1)) {
                throw new IllegalArgumentException("maxYaw must be within 0..180 and clutter within 0..1 (got " + maxYaw + ", " + clutter + ")");
            }
            if (maxPeople < 1) {
                throw new IllegalArgumentException("maxPeople must be ≥ 1 (got " + maxPeople + ")");
            }
        }
    }

    /** What was written for one split. */
    public record Split(Path images, Path annotations, int imageCount, int people) {
    }

    private SyntheticPeople() {
    }

    /** Writes {@code root/train} and {@code root/val}. */
    public static List<Split> writeDataset(Path root, int train, int val, long seed, Options options) throws IOException {
        return List.of(writeSplit(root.resolve("train"), "train", train, seed, options),
                writeSplit(root.resolve("val"), "val", val, seed, options));
    }

    /** Writes one split of {@code images} images into {@code dir}. */
    public static Split writeSplit(Path dir, String split, int images, long seed, Options options) throws IOException {
        Path imageDir = dir.resolve("images");
        Files.createDirectories(imageDir);
        long splitSeed = seed * 0x9E3779B97F4A7C15L + split.hashCode();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()));
        List<Future<SyntheticScene.Image>> futures = new ArrayList<>();
        try {
            for (int i = 1; i <= images; i++) {
                final int index = i;
                futures.add(pool.submit(() -> {
                    SyntheticScene.Image img = SyntheticScene.render(options.width(), options.height(), options.maxPeople(), options.maxYaw(), options.clutter(),
                            new SplittableRandom(splitSeed + index * 0xBF58476D1CE4E5B9L));
                    AtomicFiles.write(imageDir.resolve(fileName(index)), jpeg(img));
                    return new SyntheticScene.Image(null, img.people());
                }));
            }
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            root.putObject("info").put("description", "robustpose synthetic people, split " + split)
                    .put("seed", seed).put("version", "1");
            ArrayNode imgs = root.putArray("images");
            ArrayNode anns = root.putArray("annotations");
            ObjectNode cat = root.putArray("categories").addObject().put("id", 1).put("name", "person")
                    .put("supercategory", "person");
            ArrayNode names = cat.putArray("keypoints");
            Skeleton.COCO.keypoints().forEach(names::add);
            ArrayNode skeleton = cat.putArray("skeleton"); // 1-based in COCO files
            for (int[] limb : Skeleton.COCO.limbs()) {
                skeleton.addArray().add(limb[0] + 1).add(limb[1] + 1);
            }
            long annId = 1;
            for (int i = 1; i <= images; i++) {
                SyntheticScene.Image img = futures.get(i - 1).get();
                imgs.addObject().put("id", i).put("file_name", fileName(i)).put("width", options.width())
                        .put("height", options.height());
                for (SyntheticScene.Person p : img.people()) {
                    ObjectNode a = anns.addObject().put("id", annId++).put("image_id", i).put("category_id", 1)
                            .put("iscrowd", 0).put("num_keypoints", p.numKeypoints()).put("area", (double) p.area());
                    ArrayNode kp = a.putArray("keypoints");
                    for (int k = 0; k < p.keypoints().length; k++) {
                        if (k % 3 == 2) {
                            kp.add((int) p.keypoints()[k]);
                        } else {
                            kp.add(p.keypoints()[k]);
                        }
                    }
                    ArrayNode box = a.putArray("bbox");
                    for (double v : p.bbox()) {
                        box.add(v);
                    }
                }
            }
            Path ann = dir.resolve("annotations.json");
            AtomicFiles.write(ann, m.writeValueAsBytes(root));
            return new Split(imageDir, ann, images, (int) annId - 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + dir, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("rendering failed in " + dir, e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static String fileName(int index) {
        return String.format("%06d.jpg", index);
    }

    /** JPEG at quality 0.92 (COCO's photos are JPEGs; the corruptions then act on decoded pixels). */
    static byte[] jpeg(SyntheticScene.Image img) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(0.92f);
                writer.write(null, new IIOImage(img.pixels(), null, null), p);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
