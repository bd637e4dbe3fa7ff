package io.robustpose.core.eval.robustness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The pieces of a result's provenance record that name input files: a file's name with its content hash. */
public final class Provenance {
    /** The boxes of a bottom-up model: it finds the people itself. */
    public static final String NO_BOXES = "none (bottom-up)";

    /** Whether metrics with this provenance come from a bottom-up model. */
    public static boolean bottomUp(java.util.Map<String, String> provenance) {
        return NO_BOXES.equals(provenance.get("boxes"));
    }
    private Provenance() {
    }

    /** "name (sha256 hex)": which file, and exactly which content. */
    public static String fileWithDigest(Path file) throws IOException {
        return file.getFileName() + " (sha256 " + sha256(file) + ")";
    }

    /** The person boxes: "ground truth", a detections file with its digest, or the per-condition pattern. */
    public static String boxes(String boxes) throws IOException {
        if (io.robustpose.core.dataset.PersonBoxes.groundTruth(boxes)) {
            return "ground truth";
        }
        return io.robustpose.core.dataset.PersonBoxes.perCondition(boxes) ? "a detections file per condition: " + boxes
                : fileWithDigest(Path.of(boxes));
    }

    /** Lower-case hex SHA-256 of a file's bytes, streamed. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
