package io.robustpose.core.bottomup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.image.OpenCv;
import io.robustpose.core.inference.ModelDescriptor;
import io.robustpose.core.inference.PoseModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A bottom-up export (tools/torchscript_bottomup_fixture.py: a tiny network with HigherHRNet's two outputs, traced
 * and exported to ONNX by PyTorch 2.13 at 64×64) gives PyTorch's outputs at another size (64×128) through DJL's
 * libtorch 2.7.1 and through ONNX Runtime, and runs the bottom-up test on a whole image the same way in both.
 */
class ExportedBottomUpNetworkTest {
    static final Path DIR = Path.of("src/test/resources/torchscript-bottomup");
    static final ModelDescriptor DESCRIPTOR = new ModelDescriptor(64, 64, "NCHW", "RGB", "imagenet",
            ModelDescriptor.HIGHERHRNET, null, null, 4, false, 1, 17, true);

    static float[] floats(Path file) throws Exception {
        FloatBuffer fb = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(Float.isFinite(a[i])).isTrue();
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void torchScriptAndOnnxGivePyTorchsOutputsAndTheSamePeople() throws Exception {
        float[] input = floats(DIR.resolve("input.f32"));
        float[] out0 = floats(DIR.resolve("out0.f32"));
        float[] out1 = floats(DIR.resolve("out1.f32"));
        OpenCv.load();
        Mat image = new Mat(90, 150, CvType.CV_8UC3);
        Core.randu(image, 0, 255);
        try (var ts = new ExportedBottomUpNetwork(DIR.resolve("tiny_higher.pt"), DESCRIPTOR, Device.cpu());
             var onnx = new ExportedBottomUpNetwork(DIR.resolve("tiny_higher.onnx"), DESCRIPTOR, Device.cpu())) {
            float[][] t = ts.outputs(input, 64, 128);
            float[][] o = onnx.outputs(input, 64, 128);
            double[] d = {maxDiff(t[0], out0), maxDiff(t[1], out1), maxDiff(o[0], out0), maxDiff(o[1], out1)};
            System.out.printf("max |Δ| to PyTorch: TorchScript %.2e %.2e, ONNX %.2e %.2e%n", d[0], d[1], d[2], d[3]);
            // measured: TorchScript 0 (bit-identical), ONNX 1.5e-7; bound 1e-6
            for (double v : d) {
                assertThat(v).isLessThan(1e-6);
            }
            assertThat(ts.inputSize()).isEqualTo(64);

            List<KeypointResult> a = new BottomUpEstimator(ts, 64, true, List.of(1.0)).estimate(image, 7);
            List<KeypointResult> b = new BottomUpEstimator(onnx, 64, true, List.of(1.0)).estimate(image, 7);
            assertThat(a).isNotEmpty().hasSameSizeAs(b);
            double joints = 0;
            for (int p = 0; p < a.size(); p++) {
                assertThat(a.get(p).imageId()).isEqualTo(7);
                assertThat(a.get(p).keypoints()).hasSize(3 * 17);
                for (int i = 0; i < 3 * 17; i++) {
                    joints = Math.max(joints, Math.abs(a.get(p).keypoints()[i] - b.get(p).keypoints()[i]));
                }
            }
            System.out.printf("%d people, joints max |Δ| TorchScript vs ONNX %.2e%n", a.size(), joints);
            assertThat(joints).isLessThan(1e-5); // measured 3.0e-8 (30 people)
        } finally {
            image.release();
        }
    }

    @Test
    void anExportWithAnotherContractIsRefusedWithWhatWasExpected(@TempDir Path dir) throws Exception {
        var topDown = new ModelDescriptor(64, 64, "NCHW", "RGB", "imagenet", ModelDescriptor.HEATMAPS, null, null, 4,
                false, 1, 17, true);
        assertThatThrownBy(() -> new ExportedBottomUpNetwork(DIR.resolve("tiny_higher.pt"), topDown, Device.cpu()))
                .hasMessageContaining("higherhrnet");
        // a top-down export described as bottom-up: its single output is named in the error
        try (var wrong = new ExportedBottomUpNetwork(Path.of("src/test/resources/torchscript/tiny_pose.pt"), DESCRIPTOR,
                Device.cpu())) {
            assertThatThrownBy(() -> wrong.outputs(new float[3 * 64 * 64], 64, 64))
                    .hasMessageContaining("two outputs");
        }
        // the top-down loader refuses a bottom-up descriptor
        Path json = dir.resolve("higher.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(json.toFile(), DESCRIPTOR);
        assertThatThrownBy(() -> PoseModels.open(DIR.resolve("tiny_higher.pt"), json.toString()))
                .hasMessageContaining("bottom-up");
        assertThat(BottomUpModels.isBottomUp(DIR.resolve("tiny_higher.onnx"), json.toString())).isTrue();
    }
}
