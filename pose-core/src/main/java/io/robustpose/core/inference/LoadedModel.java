package io.robustpose.core.inference;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

import java.nio.FloatBuffer;
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
