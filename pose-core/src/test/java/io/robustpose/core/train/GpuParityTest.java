package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.robustpose.core.device.Accelerators;
import io.robustpose.core.device.DeviceRequest;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.inference.PersonInstance;
import io.robustpose.core.inference.PoseModel;
import io.robustpose.core.inference.PoseModels;
import io.robustpose.core.inference.TopDownEstimator;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/**
 * GPU against CPU (issue 13), run only where a CUDA device is usable — skipped on this project's 2-core
 * CPU machine, so these have never run here: they are what a GPU node checks. Training: the same
 * seed, data and initial weights on the GPU and on the CPU give the same losses within float32 and cuDNN
 * algorithm tolerance, and the GPU's checkpoint evaluates on the CPU (checkpoints carry no device).
 * Evaluation: the real BodyPix ONNX model through ONNX Runtime's CUDA provider gives the CPU's heatmaps.
 */
class GpuParityTest {
    private static final Architecture ARCH = Architecture.SIMPLEBASELINE_RESNET18;

    @TempDir
    static Path dir;

    static boolean pytorchGpu() {
        Accelerators.Inventory here = Accelerators.probe();
        return here.libtorchCuda() && here.gpus() > 0;
    }

    static boolean onnxGpu() {
        Accelerators.Inventory here = Accelerators.probe();
        return here.gpus() > 0 && here.onnxProviders().stream().anyMatch(p -> p.toUpperCase().contains("CUDA"))
                && Files.exists(TrainFixtures.shared().resolve("models/bodypix-mobilenetv1-x050-stride16.onnx"));
    }

    @Test
    @EnabledIf("pytorchGpu")
    void trainingOnTheGpuFollowsTheCpuAndItsCheckpointRunsOnTheCpu() throws Exception {
        TrainingData data = TrainFixtures.sample(dir.resolve("data"), 8, 31);
        Path init = TrainFixtures.formulaCheckpoint(dir.resolve("init.safetensors"), ARCH, 17, 64, 64);
        List<Double> cpu = losses(data, init, Device.cpu(), dir.resolve("cpu"));
        List<Double> gpu = losses(data, init, Device.gpu(), dir.resolve("gpu"));
        assertThat(gpu).hasSameSizeAs(cpu);
        // the first step from identical weights: float32 on both, cuDNN's convolution algorithms sum in
        // another order (1e-4 relative); later steps compound it through Adam (1e-2 relative after 6 steps)
        assertThat(Math.abs(gpu.get(0) - cpu.get(0)) / cpu.get(0)).isLessThan(1e-4);
        for (int i = 1; i < cpu.size(); i++) {
            assertThat(Math.abs(gpu.get(i) - cpu.get(i)) / cpu.get(i)).as("step %d", i).isLessThan(1e-2);
        }
        try (NDManager m = PoseNetworks.newManager()) {
            PoseNet net = Checkpoints.load(dir.resolve("gpu/model.safetensors"), m);
            assertThat(net.inputHeight()).isEqualTo(64);
        }
        try (PoseModel model = PoseModels.open(dir.resolve("gpu/model.safetensors"), null, DeviceRequest.CPU)) {
            Mat image = ImageIo.read(TrainFixtures.shared().resolve("realdata/ochuman/000817.jpg"));
            TopDownEstimator est = new TopDownEstimator(model, TopDownEstimator.Options.PUBLISHED);
            assertThat(est.predict(est.crop(image, List.of(new PersonInstance(817, 100, 80, 120, 240, 1, 1)))))
                    .hasSize(1);
        }
    }

    private static List<Double> losses(TrainingData data, Path init, Device device, Path out) {
        TrainingConfig config = TrainingConfig.builder(TrainingMethod.STANDARD, ARCH, out).input(64, 64).epochs(3)
                .batchSize(4).seed(3).initCheckpoint(init).loaderThreads(1).build();
        List<Double> losses = new ArrayList<>();
        new Trainer(config, device).train(data, new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                losses.add(p.loss());
            }
        }, null);
        return losses;
    }

    @Test
    @EnabledIf("onnxGpu")
    void onnxOnTheCudaProviderGivesTheCpuHeatmaps() throws Exception {
        Path onnx = TrainFixtures.shared().resolve("models/bodypix-mobilenetv1-x050-stride16.onnx");
        Mat image = ImageIo.read(TrainFixtures.shared().resolve("realdata/ochuman/000817.jpg"));
        List<PersonInstance> person = List.of(new PersonInstance(817, 100, 80, 120, 240, 1, 1));
        float[][][][] cpu;
        float[][][][] gpu;
        try (PoseModel m = PoseModels.open(onnx, "bodypix", DeviceRequest.CPU)) {
            cpu = heatmaps(m, image, person);
        }
        try (PoseModel m = PoseModels.open(onnx, "bodypix", DeviceRequest.parse("gpu:0"))) {
            gpu = heatmaps(m, image, person);
        }
        double worst = 0;
        for (int j = 0; j < cpu[0].length; j++) {
            for (int y = 0; y < cpu[0][j].length; y++) {
                for (int x = 0; x < cpu[0][j][y].length; x++) {
                    worst = Math.max(worst, Math.abs(cpu[0][j][y][x] - gpu[0][j][y][x]));
                }
            }
        }
        assertThat(worst).as("max |heatmap difference|, sigmoid outputs in [0, 1]").isLessThan(1e-3);
    }

    private static float[][][][] heatmaps(PoseModel model, Mat image, List<PersonInstance> persons) {
        TopDownEstimator est = new TopDownEstimator(model, TopDownEstimator.Options.PUBLISHED);
        List<Mat> crops = est.crop(image, persons).stream().map(TopDownEstimator.Crop::pixels).toList();
        return model.forward(crops).heatmaps();
    }
}
