package io.robustpose.core.benchmark;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.image.OpenCv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CorruptedDatasetWriterTest {

    @Test
    void aRerunRemovesTheTemporaryFilesOfAKilledRunAndKeepsItsFinishedFiles(@TempDir Path dir) throws Exception {
        OpenCv.load();
        Path images = Files.createDirectories(dir.resolve("images"));
        ImageIo.write(images.resolve("a.jpg"), new Mat(48, 40, CvType.CV_8UC3, new Scalar(90, 120, 200)), 95);
        ImageIo.write(images.resolve("b.jpg"), new Mat(48, 40, CvType.CV_8UC3, new Scalar(20, 60, 100)), 95);
        var options = new CorruptedDatasetWriter.Options(List.of(Corruption.CONTRAST), List.of(1), 3, "jpg", 75, 1,
                100 * 100);
        Path out = dir.resolve("out");
        var first = CorruptedDatasetWriter.write(images, List.of("a.jpg"), out, options, Corruptor.withProceduralFrost(),
                null);
        assertThat(first.failures()).isEmpty();
        // what a SIGKILL during b.jpg's write leaves: a half-written temporary sibling
        Path orphan = out.resolve("contrast/1/.b.jpg123456789.part");
        Files.write(orphan, new byte[]{(byte) 0xFF, (byte) 0xD8});
        var finished = Files.getLastModifiedTime(out.resolve("contrast/1/a.jpg"));

        var rerun = CorruptedDatasetWriter.write(images, List.of("a.jpg", "b.jpg"), out, options,
                Corruptor.withProceduralFrost(), null);
        assertThat(rerun.written()).isEqualTo(1);
        assertThat(rerun.skipped()).isEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(Files.getLastModifiedTime(out.resolve("contrast/1/a.jpg"))).isEqualTo(finished);
        try (var listing = Files.list(out.resolve("contrast/1"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.jpg", "b.jpg");
        }
    }

    @Test
    void badImagesAreReportedWithTheReasonAndTheRestIsWritten(@TempDir Path dir) throws Exception {
        OpenCv.load();
        Path images = Files.createDirectories(dir.resolve("images"));
        ImageIo.write(images.resolve("good.jpg"), new Mat(64, 48, CvType.CV_8UC3, new Scalar(90, 120, 200)), 95);
        ImageIo.write(images.resolve("big.png"), new Mat(200, 200, CvType.CV_8UC3, new Scalar(10, 20, 30)), 95);
        byte[] jpeg = Files.readAllBytes(images.resolve("good.jpg"));
        Files.write(images.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.writeString(images.resolve("notes.jpg"), "not an image");
        var options = new CorruptedDatasetWriter.Options(List.of(Corruption.CONTRAST, Corruption.FOG), List.of(1, 5), 3,
                "jpg", 75, 2, 100 * 100);
        var summary = CorruptedDatasetWriter.write(images, List.of("good.jpg", "big.png", "truncated.jpg", "notes.jpg",
                "missing.jpg"), dir.resolve("out"), options, Corruptor.withProceduralFrost(), null);
        assertThat(summary.written()).isEqualTo(4);
        assertThat(dir.resolve("out/fog/5/good.jpg")).exists();
        assertThat(summary.failures()).extracting(CorruptedDatasetWriter.Failure::file)
                .containsExactlyInAnyOrder("big.png", "truncated.jpg", "notes.jpg", "missing.jpg");
        assertThat(summary.failures()).filteredOn(f -> f.file().equals("big.png")).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("pixel limit"));
        assertThat(summary.failures()).allSatisfy(f -> assertThat(f.reason()).isNotBlank());

        var again = CorruptedDatasetWriter.write(images, List.of("good.jpg"), dir.resolve("out"), options,
                Corruptor.withProceduralFrost(), null);
        assertThat(again.written()).isZero();
        assertThat(again.skipped()).isEqualTo(4);

        // the official layout: severity k in folder k − 1; the benchmark finds images in either layout
        var official = new CorruptedDatasetWriter.Options(List.of(Corruption.FOG), List.of(1, 5), 3, "jpg", 75, 2,
                100 * 100, CorruptedTreeLayout.OFFICIAL);
        CorruptedDatasetWriter.write(images, List.of("good.jpg"), dir.resolve("official"), official,
                Corruptor.withProceduralFrost(), null);
        assertThat(dir.resolve("official/fog/0/good.jpg")).exists();
        assertThat(dir.resolve("official/fog/4/good.jpg")).exists();
        assertThat(dir.resolve("official/fog/5")).doesNotExist();
        assertThat(CorruptedTreeLayout.severityDir(dir.resolve("official"), "fog", 5)).isEqualTo(dir.resolve("official/fog/4"));
        assertThat(CorruptedTreeLayout.severityDir(dir.resolve("out"), "fog", 5)).isEqualTo(dir.resolve("out/fog/5"));
        assertThat(Files.readAllBytes(dir.resolve("official/fog/4/good.jpg")))
                .isEqualTo(Files.readAllBytes(dir.resolve("out/fog/5/good.jpg")));
    }
}
