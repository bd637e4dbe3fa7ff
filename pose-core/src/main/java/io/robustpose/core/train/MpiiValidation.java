package io.robustpose.core.train;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.benchmark.MpiiBenchmark;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.eval.pckh.Pckh;
import io.robustpose.core.inference.DjlPoseModel;
import io.robustpose.core.inference.TopDownEstimator;
import io.robustpose.core.model.PoseNet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validation PCKh@0.5 during training on MPII, as HRNet's {@code train.py} validates MPII every epoch: the network
 * being trained runs through the MPII pipeline of the benchmark (the annotated centre and scale, flip test) on the
 * validation persons, scored with the official evaluation. Metrics: {@code PCKh} (the mean, in percent, as the
 * official table) and the joint groups (Head, Shoulder, … Ankle).
 */
public final class MpiiValidation implements ValidationHook {
    private final MpiiBenchmark.Setup setup;

    /** @param headBoxes gt_valid.mat, a JSON file of head boxes, or {@code from-joints} */
    public MpiiValidation(MpiiDataset dataset, String headBoxes, Path images, int threads) {
        this.setup = new MpiiBenchmark.Setup(dataset, MpiiBenchmark.groundTruth(dataset, headBoxes), images, null, 0,
                null, threads);
    }

    @Override
    public Map<String, Double> validate(PoseNet net, int epoch) throws Exception {
        // the model wraps the live network; closing it closes only its own sub-manager
        NDManager scratch = net.getParameters().valueAt(0).getArray().getManager().newSubManager();
        try (DjlPoseModel model = new DjlPoseModel(net, scratch, 32)) {
            TopDownEstimator estimator = new TopDownEstimator(model, TopDownEstimator.Options.PUBLISHED);
            MpiiBenchmark.Outcome outcome = MpiiBenchmark.predict(estimator, setup, Condition.CLEAN, p -> {
            });
            Pckh.Result r = MpiiBenchmark.pckh(setup, outcome.predictions());
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("PCKh", r.mean());
            m.put("Head", r.head());
            m.put("Shoulder", r.shoulder());
            m.put("Elbow", r.elbow());
            m.put("Wrist", r.wrist());
            m.put("Hip", r.hip());
            m.put("Knee", r.knee());
            m.put("Ankle", r.ankle());
            return m;
        }
    }
}
