package io.robustpose.core.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * A loaded DJL model (any engine) run on raw tensors: each call creates its input and outputs in a
 * per-call sub-manager, reads what it needs, and frees them, so memory does not grow.
 */
public final class LoadedModel implements AutoCloseable {
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;
    private final String kind;

    /** {@code kind} names the model type in errors, e.g. "ONNX". */
    public LoadedModel(Model loaded, String kind) {
        this.model = loaded;
        this.kind = kind;
        this.predictor = loaded.newPredictor(new NoopTranslator());
        this.manager = loaded.getNDManager().newSubManager();
    }

    /** An ONNX file through ONNX Runtime (its CUDA execution provider on a GPU device: the onnxruntime_gpu artifact). */
    public static LoadedModel onnx(Path file, Device device) throws IOException {
        Model loaded = Model.newInstance(file.getFileName().toString(), device, "OnnxRuntime");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (device.isGpu()) {
                options.addCUDA(device.getDeviceId());
            }
            // exported graphs often list initializers as inputs: ONNX Runtime warns once per tensor
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            loaded.load(file.toAbsolutePath().getParent(), file.getFileName().toString(),
                    Map.of("sessionOptions", options));
        } catch (MalformedModelException | OrtException | IOException e) {
            loaded.close();
            throw new IOException("cannot load ONNX model " + file + ": " + e.getMessage(), e);
        }
        return new LoadedModel(loaded, "ONNX");
    }

    /** A TorchScript file (torch.jit.trace / script) through DJL's PyTorch engine. */
    public static LoadedModel torchScript(Path file, Device device) throws IOException {
        String name = file.getFileName().toString();
        String prefix = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
        io.robustpose.core.device.NativeMemory.hugePages();
        Model loaded = Model.newInstance(prefix, device, "PyTorch");
        try {
            loaded.load(file.toAbsolutePath().getParent(), prefix);
        } catch (MalformedModelException | IOException e) {
            loaded.close();
            throw new IOException("cannot load TorchScript model " + file + ": " + e.getMessage(), e);
        }
        return new LoadedModel(loaded, "TorchScript");
    }

    public <T> T run(FloatBuffer input, Shape shape, Function<NDList, T> read) {
        try (NDManager step = manager.newSubManager()) {
            NDList out = predictor.predict(new NDList(step.create(input, shape)));
            out.attach(step);
            return read.apply(out);
        } catch (TranslateException e) {
            throw new IllegalStateException(kind + " inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        manager.close();
        model.close();
    }
}
