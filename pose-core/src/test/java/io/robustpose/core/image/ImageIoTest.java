package io.robustpose.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

class ImageIoTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    private static Mat colour() {
        Mat m = new Mat(40, 50, CvType.CV_8UC3);
        Core.randu(m, 0, 256);
        Imgproc.GaussianBlur(m, m, new org.opencv.core.Size(5, 5), 1.5);
        return m;
    }

    private Path raw(String name, Mat m) throws Exception {
        Path p = dir.resolve(name);
        MatOfByte buf = new MatOfByte();
        Imgcodecs.imencode(name.substring(name.lastIndexOf('.')), m, buf, new MatOfInt());
        Files.write(p, buf.toArray());
        return p;
    }

    @Test
    void pngRoundTripIsLossless() {
        Mat m = colour();
        Path p = dir.resolve("a/b/out.png");
        ImageIo.write(p, m);
        assertThat(Mats.bytes(ImageIo.read(p))).isEqualTo(Mats.bytes(m));
        assertThat(dir.resolve("a/b").toFile().list()).containsExactly("out.png"); // no temp file left
    }

    @Test
    void jpegQualityIsApplied() throws Exception {
        Mat m = colour();
        ImageIo.write(dir.resolve("q95.jpg"), m, 95);
        ImageIo.write(dir.resolve("q10.jpeg"), m, 10);
        ImageIo.write(dir.resolve("default.jpg"), m);
        assertThat(Files.size(dir.resolve("q95.jpg"))).isGreaterThan(Files.size(dir.resolve("default.jpg")));
        assertThat(Files.size(dir.resolve("default.jpg"))).isGreaterThan(Files.size(dir.resolve("q10.jpeg")));
        Mat back = ImageIo.read(dir.resolve("q95.jpg"));
        assertThat(back.type()).isEqualTo(CvType.CV_8UC3);
        assertThatThrownBy(() -> ImageIo.write(dir.resolve("x.jpg"), m, 0)).hasMessageContaining("quality");
        assertThatThrownBy(() -> ImageIo.write(dir.resolve("x.gif"), m)).hasMessageContaining("gif");
    }

    @Test
    void grayscaleRgbaAndSixteenBitAreNormalizedToThreeChannelsEightBit() throws Exception {
        Mat m = colour();
        Mat gray = new Mat();
        Imgproc.cvtColor(m, gray, Imgproc.COLOR_BGR2GRAY);
        Mat readGray = ImageIo.read(raw("g.png", gray));
        assertThat(readGray.channels()).isEqualTo(3);
        List<Mat> planes = new java.util.ArrayList<>();
        Core.split(readGray, planes);
        assertThat(Mats.bytes(planes.get(0))).isEqualTo(Mats.bytes(gray)).isEqualTo(Mats.bytes(planes.get(2)));

        Mat bgra = new Mat();
        Imgproc.cvtColor(m, bgra, Imgproc.COLOR_BGR2BGRA);
        assertThat(Mats.bytes(ImageIo.read(raw("rgba.png", bgra)))).isEqualTo(Mats.bytes(m));

        Mat wide = new Mat();
        m.convertTo(wide, CvType.CV_16U, 257);
        assertThat(Mats.bytes(ImageIo.read(raw("w.png", wide)))).isEqualTo(Mats.bytes(m));

        Mat grayJpeg = ImageIo.read(raw("g.jpg", gray));
        assertThat(grayJpeg.channels()).isEqualTo(3);
    }

    @Test
    void truncatedOrUnreadableFilesFailNamingTheFile() throws Exception {
        Mat m = colour();
        Path jpg = raw("whole.jpg", m);
        byte[] bytes = Files.readAllBytes(jpg);
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertThatThrownBy(() -> ImageIo.read(cut)).isInstanceOf(ImageIo.ImageReadException.class)
                .hasMessageContaining("cut.jpg").hasMessageContaining("truncated");

        byte[] png = Files.readAllBytes(raw("whole.png", m));
        Path cutPng = dir.resolve("cut.png");
        Files.write(cutPng, Arrays.copyOf(png, png.length / 2));
        assertThatThrownBy(() -> ImageIo.read(cutPng)).isInstanceOf(ImageIo.ImageReadException.class)
                .hasMessageContaining("cut.png");

        Path junk = dir.resolve("junk.jpg");
        Files.writeString(junk, "not an image at all");
        assertThatThrownBy(() -> ImageIo.read(junk)).isInstanceOf(ImageIo.ImageReadException.class)
                .hasMessageContaining("junk.jpg");

        Path empty = dir.resolve("empty.png");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ImageIo.read(empty)).hasMessageContaining("empty.png").hasMessageContaining("empty");

        assertThatThrownBy(() -> ImageIo.read(dir.resolve("missing.png")))
                .isInstanceOf(ImageIo.ImageReadException.class)
                .hasMessageContaining("missing.png");
    }

    @Test
    void trailingBytesAfterTheEndMarkerAreAccepted() throws Exception {
        byte[] bytes = Files.readAllBytes(raw("t.jpg", colour()));
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 16);
        Path p = dir.resolve("padded.jpg");
        Files.write(p, padded);
        assertThat(ImageIo.read(p).size()).isEqualTo(new org.opencv.core.Size(50, 40));
    }
}
