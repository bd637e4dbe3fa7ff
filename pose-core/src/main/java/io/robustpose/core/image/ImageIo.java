package io.robustpose.core.image;

import io.robustpose.core.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Reads and writes images as 8-bit 3-channel BGR Mats (OpenCV's order).
 *
 * <p>Reading accepts JPEG, PNG and whatever else OpenCV decodes; grayscale is stacked to 3 channels, 16-bit is
 * scaled to 8-bit and an alpha channel is dropped (the reference accepts only 1 or 3 channels). EXIF orientation
 * is ignored, as Pillow's {@code Image.open} does. Truncated JPEG/PNG files are rejected rather than decoded
 * into partly gray images. Writing picks the format from the extension: {@code .png} is lossless, {@code .jpg}
 * / {@code .jpeg} use the given quality (default 75, Pillow's default, with 4:2:0 chroma subsampling as Pillow
 * does); files are written to a temporary sibling and renamed, so a reader never sees a partial file.
 */
public final class ImageIo {
    /** Pillow's default JPEG quality, which the official COCO-C / MPII-C generator relies on. */
    public static final int DEFAULT_JPEG_QUALITY = 75;

    private ImageIo() {
    }

    /** Thrown for a file that cannot be read or decoded; the message names the file and the reason. */
    public static final class ImageReadException extends RuntimeException {
        private final transient Path file;

        public ImageReadException(Path file, String reason) {
            super(file + ": " + reason);
            this.file = file;
        }

        public ImageReadException(Path file, String reason, Throwable cause) {
            super(file + ": " + reason, cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /** Reads an image as 8-bit BGR, 3 channels. */
    public static Mat read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImageReadException(file, "cannot read file (" + e.getMessage() + ")", e);
        }
        return decode(data, file);
    }

    /** Decodes encoded image bytes; {@code name} is used in error messages. */
    public static Mat decode(byte[] data, Path name) {
        OpenCv.load();
        if (data.length == 0) {
            throw new ImageReadException(name, "empty file");
        }
        String truncation = truncationProblem(data);
        if (truncation != null) {
            throw new ImageReadException(name, truncation);
        }
        MatOfByte buf = new MatOfByte(data);
        Mat decoded = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_UNCHANGED);
        buf.release();
        if (decoded.empty()) {
            throw new ImageReadException(name, "not a decodable image (unsupported format or corrupt data)");
        }
        try {
            return Mats.toThreeChannelU8(decoded);
        } catch (IllegalArgumentException e) {
            throw new ImageReadException(name, e.getMessage(), e);
        } finally {
            decoded.release();
        }
    }

    /** Writes with {@link #DEFAULT_JPEG_QUALITY} for JPEG. */
    public static void write(Path file, Mat bgr) {
        write(file, bgr, DEFAULT_JPEG_QUALITY);
    }

    /** Writes {@code .png} losslessly or {@code .jpg}/{@code .jpeg} at {@code jpegQuality} (1..100), atomically. */
    public static void write(Path file, Mat bgr, int jpegQuality) {
        byte[] encoded = encode(bgr, extensionOf(file), jpegQuality);
        try {
            AtomicFiles.write(file, encoded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Encodes to {@code png} or {@code jpg}/{@code jpeg} bytes. */
    public static byte[] encode(Mat bgr, String extension, int jpegQuality) {
        OpenCv.load();
        String ext = extension.toLowerCase(Locale.ROOT);
        MatOfInt params;
        switch (ext) {
            case "png" -> params = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 3);
            case "jpg", "jpeg" -> {
                if (jpegQuality < 1 || jpegQuality > 100) {
                    throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + jpegQuality);
                }
                params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality);
            }
            default -> throw new IllegalArgumentException(
                    "unsupported output format '" + extension + "' (use .png or .jpg)");
        }
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode("." + ext, bgr, out, params)) {
                throw new IllegalStateException("OpenCV could not encode a " + bgr + " as " + ext);
            }
            return out.toArray();
        } finally {
            out.release();
            params.release();
        }
    }

    static String extensionOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException(file + ": no file extension (use .png or .jpg)");
        }
        return name.substring(dot + 1);
    }

    /** A reason when a JPEG lacks its end-of-image marker or a PNG its IEND chunk; null otherwise. */
    static String truncationProblem(byte[] d) {
        if (d.length >= 3 && (d[0] & 0xff) == 0xFF && (d[1] & 0xff) == 0xD8 && (d[2] & 0xff) == 0xFF) {
            int scanStart = firstScanOffset(d);
            if (scanStart < 0) {
                return "truncated JPEG (no image data)";
            }
            for (int i = d.length - 2; i >= scanStart; i--) {
                if ((d[i] & 0xff) == 0xFF && (d[i + 1] & 0xff) == 0xD9) {
                    return null;
                }
            }
            return "truncated JPEG (no end-of-image marker)";
        }
        if (d.length >= 8 && (d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') {
            for (int i = d.length - 4; i >= 8; i--) {
                if (d[i] == 'I' && d[i + 1] == 'E' && d[i + 2] == 'N' && d[i + 3] == 'D') {
                    return null;
                }
            }
            return "truncated PNG (no IEND chunk)";
        }
        return null;
    }

    /** Offset of the main image's first start-of-scan marker, walking the marker segments (skips EXIF thumbnails). */
    private static int firstScanOffset(byte[] d) {
        int i = 2;
        while (i + 4 <= d.length) {
            if ((d[i] & 0xff) != 0xFF) {
                return -1;
            }
            int marker = d[i + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xDA) {
                return i;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = ((d[i + 2] & 0xff) << 8) | (d[i + 3] & 0xff);
            i += 2 + length;
        }
        return -1;
    }
}
