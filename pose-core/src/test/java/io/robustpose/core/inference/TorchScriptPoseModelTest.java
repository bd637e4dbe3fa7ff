package io.robustpose.core.inference;

import ai.djl.ndarray.types.Shape;
import io.robustpose.core.image.OpenCv;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TorchScript file traced by PyTorch 2.13 (tools/torchscript_fixture.py) gives PyTorch's own
 * output when run through DJL's libtorch 2.7.1, and works as a top-down pose model.
 */
class TorchScriptPoseModelTest {
    static final Path DIR = Path.of("src/test/resources/torchscript");

    static float[] floats(Path file) throws Exception {
        FloatBuffer fb = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    @Test
    void reproducesPyTorchsOutput() throws Exception {
        var descriptor = new ModelDescriptor(64, 48, "NCHW", "RGB", "imagenet", ModelDescriptor.HEATMAPS, null, null, 4,
                false, 8, 17, true);
        try (TorchScriptPoseModel model = new TorchScriptPoseModel(DIR.resolve("tiny_pose.pt"), descriptor)) {
            float[] input = floats(DIR.resolve("input.f32"));
            FloatBuffer in = ByteBuffer.allocateDirect(input.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            in.put(input).rewind();
            float[] out = model.forwardRaw(in, new Shape(2, 3, 64, 48));
            float[] expected = floats(DIR.resolve("expected.f32"));
            assertThat(out).hasSameSizeAs(expected);
            double maxDiff = 0;
            for (int i = 0; i < out.length; i++) {
                assertThat(Float.isFinite(out[i])).isTrue();
                maxDiff = Math.max(maxDiff, Math.abs(out[i] - expected[i]));
            }
            assertThat(maxDiff).isLessThan(1e-5);

            OpenCv.load();
            Mat crop = new Mat(64, 48, CvType.CV_8UC3, new Scalar(30, 120, 220));
            PoseModel.Output heatmaps = model.forward(List.of(crop, crop));
            assertThat(heatmaps.heatmaps()).hasDimensions(2, 17);
            assertThat(heatmaps.heatmaps()[0][0]).hasDimensions(16, 12);
            assertThat(heatmaps.heatmaps()[1][5][3]).containsExactly(heatmaps.heatmaps()[0][5][3]);
        }
    }
}
