package io.robustpose.core.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One dataset image under one condition, with the ground-truth people and each model's predicted people, for the
 * report's sample grid. Keypoints are in image pixels, one {@code float[3 * K]} per person: {@code x, y, v} for the
 * ground truth (v = 0: not labelled) and {@code x, y, score} for predictions.
 *
 * <p>Arrays are copied on the way in and out, so a figure cannot be changed after it is made; equality compares
 * contents.
 *
 * @param imageName   the image's name in the dataset, e.g. {@code 000000397133.jpg}
 * @param condition   what was applied, e.g. {@code clean} or {@code gaussian_noise s3}
 * @param image       the encoded image (JPEG; PNG is accepted too)
 * @param width       image width in pixels
 * @param height      image height in pixels
 * @param groundTruth ground-truth people
 * @param predictions predicted people by model name, in display order
 */
public record SampleFigure(String imageName, String condition, byte[] image, int width, int height,
                           List<float[]> groundTruth, Map<String, List<float[]>> predictions) {

    public SampleFigure {
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(condition, "condition");
        if (image == null || image.length == 0) {
            throw new IllegalArgumentException(imageName + ": no image bytes");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(imageName + ": size " + width + "x" + height);
        }
        image = image.clone();
        groundTruth = copyPeople(groundTruth, imageName + " ground truth");
        LinkedHashMap<String, List<float[]>> preds = new LinkedHashMap<>();
        (predictions == null ? Map.<String, List<float[]>>of() : predictions)
                .forEach((model, people) -> preds.put(model, copyPeople(people, imageName + " " + model)));
        predictions = Collections.unmodifiableMap(preds);
    }

    @Override
    public byte[] image() {
        return image.clone();
    }

    @Override
    public List<float[]> groundTruth() {
        return copyPeople(groundTruth, imageName);
    }

    @Override
    public Map<String, List<float[]>> predictions() {
        LinkedHashMap<String, List<float[]>> out = new LinkedHashMap<>();
        predictions.forEach((model, people) -> out.put(model, copyPeople(people, imageName)));
        return Collections.unmodifiableMap(out);
    }

    /** The media type of the image bytes, from their signature. */
    public String mediaType() {
        if (image.length >= 4 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return "image/png";
        }
        return "image/jpeg";
    }

    /** Internal read-only access without copies, for rendering. */
    byte[] imageBytes() {
        return image;
    }

    List<float[]> groundTruthView() {
        return groundTruth;
    }

    Map<String, List<float[]>> predictionsView() {
        return predictions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleFigure f && width == f.width && height == f.height
                && imageName.equals(f.imageName) && condition.equals(f.condition) && Arrays.equals(image, f.image)
                && samePeople(groundTruth, f.groundTruth) && predictions.keySet().equals(f.predictions.keySet())
                && predictions.entrySet().stream().allMatch(e -> samePeople(e.getValue(), f.predictions.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(imageName, condition, width, height, Arrays.hashCode(image));
        for (float[] p : groundTruth) {
            h = 31 * h + Arrays.hashCode(p);
        }
        return 31 * h + predictions.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "SampleFigure[" + imageName + ", " + condition + ", " + width + "x" + height + ", " + image.length
                + " bytes, " + groundTruth.size() + " people, models " + predictions.keySet() + "]";
    }

    private static List<float[]> copyPeople(List<float[]> people, String what) {
        if (people == null) {
            return List.of();
        }
        List<float[]> out = new ArrayList<>(people.size());
        for (float[] p : people) {
            if (p == null || p.length == 0 || p.length % 3 != 0) {
                throw new IllegalArgumentException(what + ": a person needs x,y,v triples, got "
                        + (p == null ? "null" : p.length + " values"));
            }
            out.add(p.clone());
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean samePeople(List<float[]> a, List<float[]> b) {
        if (b == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
