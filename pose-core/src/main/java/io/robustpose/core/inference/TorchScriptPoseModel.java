package io.robustpose.core.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import org.opencv.core.Mat;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A TorchScript export (torch.jit.trace / script) run by DJL's PyTorch engine: the model
 * takes the descriptor's input tensor and returns heatmaps (its first output).
 */
public final class TorchScriptPoseModel implements PoseModel {
    private final ModelDescriptor descriptor;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;

    public TorchScriptPoseModel(Path file, ModelDescriptor descriptor) throws IOException {
        if (!descriptor.output().equals(ModelDescriptor.HEATMAPS)) {
            throw new IllegalArgumentException("TorchScript models are read as heatmap models (descriptor output: heatmaps)");
        }
        this.descriptor = descriptor;
        String name = file.getFileName().toString();
        String prefix = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
        model = Model.newInstance(prefix, Device.cpu(), "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), prefix);
        } catch (MalformedModelException | IOException e) {
            model.close();
            throw new IOException("cannot load TorchScript model " + file + ": " + e.getMessage(), e);
        }
        predictor = model.newPredictor(new NoopTranslator());
        manager = model.getNDManager().newSubManager();
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Output forward(List<Mat> crops) {
        int n = crops.size();
        float[] flat = forwardRaw(InputTensors.packed(crops, descriptor), InputTensors.shape(n, descriptor));
        return new Output(InputTensors.unflatten(flat, n, descriptor.joints(), descriptor.heatmapHeight(),
                descriptor.heatmapWidth()), null);
    }

    /** The first output for an already prepared input tensor, flattened (row-major). */
    public float[] forwardRaw(FloatBuffer input, Shape shape) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(input, shape);
            NDList out = predictor.predict(new NDList(x));
            out.attach(step);
            return out.get(0).toFloatArray();
        } catch (TranslateException e) {
            throw new IllegalStateException("TorchScript inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        manager.close();
        model.close();
    }
}
