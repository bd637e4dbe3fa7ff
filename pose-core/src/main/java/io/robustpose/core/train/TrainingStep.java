package io.robustpose.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.train.advmix.MixWeights;
import io.robustpose.core.train.advmix.UnetGenerator;
import io.robustpose.core.train.bottomup.AssociativeEmbeddingLoss;
import ai.djl.ndarray.index.NDIndex;
import io.robustpose.core.train.data.TrainBatch;

/**
 * One optimisation step of any {@link TrainingMethod} on one batch: the authors'
 * {@code train_advmix} for the AdvMix methods, HRNet's {@code train} for standard.
 *
 * <p>AdvMix iteration: the teacher (frozen, eval mode, no graph) runs on the clean image; one
 * GradientCollector (DJL allows only one at a time) covers the generator forward, softmax mix and
 * both steps. <b>P-step</b>: P on the detached mix, loss {@code (1−α)·L_hm + α·L_kd}, backward (only
 * P gets gradients: the mix is detached), Adam step of P, which also zeroes P's gradients.
 * <b>G-step</b>: P's parameters stop requiring gradients (BatchNorm running statistics are not
 * touched, they never require gradients), a fresh P forward on the non-detached mix, loss
 * {@code −w·L_hm}, backward reaches only G, Adam step of G (zeroing G's gradients), P's parameters
 * require gradients again. So P does not move in the G-step and enters the next P-step with zero
 * gradients. Both forwards of P are in training mode, as in the authors' code (BatchNorm running
 * statistics are updated by both).
 */
public final class TrainingStep {

    /**
     * Losses of one step (NaN where not applicable), and for mixing methods what the mix was made
     * of: the mean weight of each proposal (clean first) and the mean per-pixel entropy of the
     * weights in nats (ln 3 ≈ 1.10 for an even mix of three, 0 when one proposal takes every pixel).
     */
    public record Losses(double total, double heatmap, double kd, double generator, double[] mixShares,
            double mixEntropy) {
        Losses withGenerator(double g) {
            return new Losses(total, heatmap, kd, g, mixShares, mixEntropy);
        }
    }

    /** A loss that is NaN or infinite; the trainer adds epoch, step and checkpoint. */
    static final class NonFiniteValue extends RuntimeException {
        final String what;
        final double value;

        NonFiniteValue(String what, double value) {
            super(what + " is " + value);
            this.what = what;
            this.value = value;
        }
    }

    private final TrainingMethod method;
    private final PoseNet net;
    private final PoseNet teacher;
    private final UnetGenerator generator;
    private final AdamOptimizer adam;
    private final AdamOptimizer generatorAdam;
    private final LossKind lossKind;
    private final float alpha;
    private final float adversarialWeight;
    private final ParameterStore ps;
    private final Engine engine;
    /** The replicas of data-parallel training; replica 0 is net/teacher/generator above. */
    private DataParallel parallel;
    /** Tests switch BatchNorm to its running statistics to compare accumulation with one big batch exactly. */
    boolean batchNormTraining = true;

    /**
     * @param teacher       required for methods with KD, else ignored
     * @param generator     required for AdvMix methods, else ignored
     * @param generatorAdam the generator's optimizer when there is a generator
     */
    public TrainingStep(TrainingMethod method, PoseNet net, PoseNet teacher, UnetGenerator generator,
            AdamOptimizer adam, AdamOptimizer generatorAdam, LossKind lossKind, double kdAlpha,
            double adversarialWeight, ParameterStore ps) {
        if (method.usesTeacher() && teacher == null) {
            throw new IllegalArgumentException(method.id() + " needs a teacher network");
        }
        if (method.usesGenerator() && (generator == null || generatorAdam == null)) {
            throw new IllegalArgumentException(method.id() + " needs the generator and its optimizer");
        }
        this.method = method;
        this.net = net;
        this.teacher = method.usesTeacher() ? teacher : null;
        this.generator = method.usesGenerator() ? generator : null;
        this.adam = adam;
        this.generatorAdam = method.usesGenerator() ? generatorAdam : null;
        this.lossKind = lossKind;
        this.alpha = (float) kdAlpha;
        this.adversarialWeight = (float) adversarialWeight;
        this.ps = ps;
        this.engine = PoseNetworks.engine();
        this.parallel = DataParallel.single(new DataParallel.Replica(net, this.teacher, this.generator, null, ps));
    }

    /** Splits each step over {@code dp}'s replicas (its replica 0 must be this step's networks). */
    void dataParallel(DataParallel dp) {
        if (dp.replica(0).net() != net || dp.replica(0).generator() != generator) {
            throw new IllegalArgumentException("replica 0 must be the trained networks");
        }
        this.parallel = dp;
    }

    /**
     * One optimizer step from {@code accumulationSteps} micro-batches of {@code batch} (as equal as possible),
     * spread over the replicas of {@link #dataParallel} (one unless given more): each micro-batch's loss,
     * weighted by its share of the samples, is back-propagated into its replica's gradients, the replicas'
     * gradients are summed into the first's, then Adam steps once — the gradient of the whole batch's mean loss, BatchNorm
     * statistics aside (they are per micro-batch, as per GPU in the authors' DataParallel). Micro-batch i runs
     * on replica i mod R. With a generator, the P-step goes over all micro-batches and P steps (and is copied
     * to the replicas); then the G-step goes over them again with P frozen and G steps. The generator runs
     * again for the G-step instead of keeping k graphs alive: its InstanceNorm normalises each sample by
     * itself and nothing in it is random, so the mix is the same as in the P-step (G has not moved in between).
     */
    public Losses run(NDManager stepManager, TrainBatch batch, double lr, int accumulationSteps) {
        int replicas = parallel.size();
        int k = Math.min(accumulationSteps, batch.size());
        if (k <= 1) {
            return run(stepManager, batch, lr);
        }
        int n = batch.size();
        int[] bounds = new int[k + 1];
        for (int i = 0; i <= k; i++) {
            bounds[i] = (int) ((long) i * n / k);
        }
        double total = 0;
        double heatmap = 0;
        double kd = 0;
        double[] shares = null;
        double entropy = 0;
        for (int i = 0; i < k; i++) {
            double share = (bounds[i + 1] - bounds[i]) / (double) n;
            DataParallel.Replica r = parallel.replica(i % replicas);
            try (NDManager micro = (i % replicas == 0 ? stepManager : r.manager()).newSubManager();
                    Iteration it = new Iteration(micro, batch.slice(bounds[i], bounds[i + 1]), true, r)) {
                Losses l = it.pBackward(share);
                total += share * l.total();
                heatmap += share * l.heatmap();
                kd += share * l.kd();
                entropy += share * l.mixEntropy();
                if (l.mixShares() != null) {
                    shares = shares == null ? new double[l.mixShares().length] : shares;
                    for (int m = 0; m < shares.length; m++) {
                        shares[m] += share * l.mixShares()[m];
                    }
                }
            }
        }
        parallel.reduceNetGradients();
        adam.step(lr);
        parallel.broadcastNet(false);
        double g = Double.NaN;
        if (generator != null) {
            g = 0;
            adam.setTrainable(false);
            parallel.setNetTrainable(false);
            try {
                for (int i = 0; i < k; i++) {
                    double share = (bounds[i + 1] - bounds[i]) / (double) n;
                    DataParallel.Replica r = parallel.replica(i % replicas);
                    try (NDManager micro = (i % replicas == 0 ? stepManager : r.manager()).newSubManager();
                            Iteration it = new Iteration(micro, batch.slice(bounds[i], bounds[i + 1]), false, r)) {
                        g += share * it.gBackward(share);
                    }
                }
            } finally {
                adam.setTrainable(true);
                parallel.setNetTrainable(true);
            }
            parallel.reduceGeneratorGradients();
            generatorAdam.step(lr);
            parallel.broadcastGenerator();
            parallel.broadcastNet(true); // the G-step's forwards of P moved the BatchNorm statistics
        }
        return new Losses(total, heatmap, kd, g, shares, shares == null ? Double.NaN : entropy);
    }

    /** A whole step: P-step, then the G-step for AdvMix methods. */
    public Losses run(NDManager stepManager, TrainBatch batch, double lr) {
        try (Iteration it = begin(stepManager, batch)) {
            Losses l = it.pStep(lr);
            if (generator != null) {
                l = l.withGenerator(it.gStep(lr));
            }
            return l;
        }
    }

    /** Prepares the inputs, teacher heatmaps and (with a generator) the mix; arrays live in {@code sm}. */
    public Iteration begin(NDManager sm, TrainBatch batch) {
        return new Iteration(sm, batch, true, parallel.replica(0));
    }

    /** One iteration, split so tests can look between the P-step and the G-step. */
    public final class Iteration implements AutoCloseable {
        private final NDArray target;
        private final NDArray weight;
        /** A bottom-up network's further targets (1/2 heatmaps, masks at 1/4 and 1/2), or null. */
        private final NDList bottomUpHeatmaps;
        private final NDList bottomUpMasks;
        private final long[][][][] tags;
        /** The frozen teacher's outputs on the clean image (its heatmaps; a bottom-up teacher's both maps). */
        private final NDList teacherOutputs;
        private final NDArray mixWeights;
        private final NDArray input;
        private final GradientCollector collector;
        private boolean released;
        /** The networks this iteration runs: the trained ones, or a data-parallel replica of them. */
        private final DataParallel.Replica on;
        private boolean pDone;

        /**
         * @param withTeacher whether the teacher's heatmaps are needed (the P-step's KD term; a G-step alone does not)
         * @param on          the replica to run on; {@code sm} must be on its device
         */
        private Iteration(NDManager sm, TrainBatch b, boolean withTeacher, DataParallel.Replica on) {
            this.on = on;
            int n = b.size();
            int j = on.net().joints();
            int h = on.net().inputHeight();
            int w = on.net().inputWidth();
            Shape image = new Shape(n, 3, h, w);
            NDArray clean = sm.create(b.clean(), image);
            NDList proposals = new NDList(clean);
            for (float[] e : b.extras()) {
                proposals.add(sm.create(e, image));
            }
            target = sm.create(b.target(), new Shape(n, j, h / 4, w / 4));
            weight = sm.create(b.targetWeight(), new Shape(n, j));
            if (b.bottomUp() != null) {
                bottomUpHeatmaps = new NDList(target, sm.create(b.bottomUp().heatmaps1(), new Shape(n, j, h / 2, w / 2)));
                bottomUpMasks = new NDList(sm.create(b.bottomUp().mask0(), new Shape(n, h / 4, w / 4)),
                        sm.create(b.bottomUp().mask1(), new Shape(n, h / 2, w / 2)));
                tags = b.bottomUp().tags();
            } else {
                bottomUpHeatmaps = null;
                bottomUpMasks = null;
                tags = null;
            }
            // outside any GradientCollector: no autograd graph for the frozen teacher
            teacherOutputs = on.teacher() == null || !withTeacher ? null
                    : on.teacher().predictOutputs(on.ps(), clean);
            acquireAutograd();
            try {
                collector = engine.newGradientCollector();
            } catch (RuntimeException e) {
                AUTOGRAD.release();
                throw e;
            }
            try {
                int k = proposals.size();
                switch (method) {
                    case ADVMIX, ADVMIX_NOKD, ADVMIX_IMAGE, ADVMIX_STYLIZED -> {
                        NDArray logits = on.generator().forward(on.ps(), new NDList(NDArrays.concat(proposals, 1)), true)
                                .singletonOrThrow();
                        mixWeights = method == TrainingMethod.ADVMIX_IMAGE ? MixWeights.perImage(logits)
                                : MixWeights.perPixel(logits);
                        input = MixWeights.mix(proposals, mixWeights);
                    }
                    case EQUALMIX -> {
                        mixWeights = sm.full(new Shape(n, k, 1, 1), 1f / k);
                        input = MixWeights.mix(proposals, mixWeights);
                    }
                    case DIRICHLETMIX -> {
                        mixWeights = sm.create(b.mixWeights(), new Shape(n, k, 1, 1));
                        input = MixWeights.mix(proposals, mixWeights);
                    }
                    case SEQUENTIALMIX -> {
                        mixWeights = null;
                        input = proposals.get(1);
                    }
                    default -> {
                        mixWeights = null;
                        input = clean;
                    }
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** The mixing weights ([N, K, H, W] or [N, K, 1, 1]), or null for unmixed methods. */
        public NDArray mixWeights() {
            return mixWeights;
        }

        /** The image P trains on (attached to the generator's graph for AdvMix methods). */
        public NDArray input() {
            return input;
        }

        /** P's update: loss on the (detached) training image, backward, Adam step of P. */
        public Losses pStep(double lr) {
            Losses l = pBackward(1.0);
            adam.step(lr);
            pDone = true;
            return l;
        }

        /** P's loss and its gradients ×{@code scale} added to P's (no optimizer step: accumulation). */
        Losses pBackward(double scale) {
            NDArray x = generator != null ? input.stopGradient() : input;
            NDList out = on.net().forward(on.ps(), new NDList(x), batchNormTraining);
            NDArray hm = taskLoss(out);
            NDArray total = hm;
            NDArray kd = null;
            if (teacherOutputs != null) {
                kd = distillationLoss(out);
                total = hm.mul(1 - alpha).add(kd.mul(alpha));
            }
            double value = total.getFloat();
            if (!Double.isFinite(value)) {
                throw new NonFiniteValue("the network's loss", value);
            }
            collector.backward(scale == 1.0 ? total : total.mul((float) scale));
            double[] shares = null;
            double entropy = Double.NaN;
            if (mixWeights != null) {
                NDArray w = mixWeights.stopGradient();
                long k = w.getShape().get(1);
                // [N, K, ...] → [K, rest] (the engine reduces one axis at a time)
                NDArray perProposal = w.reshape(w.getShape().get(0), k, -1).transpose(1, 0, 2).reshape(k, -1);
                float[] m = perProposal.mean(new int[] {1}).toFloatArray();
                shares = new double[m.length];
                for (int i = 0; i < m.length; i++) {
                    shares[i] = m[i];
                }
                entropy = w.clip(1e-12f, 1f).log().mul(w).sum(new int[] {1}).neg().mean().getFloat();
            }
            return new Losses(value, hm.getFloat(), kd == null ? Double.NaN : kd.getFloat(), Double.NaN, shares,
                    entropy);
        }

        /** The generator's update with P frozen; returns its loss −w·L_hm. */
        public double gStep(double lr) {
            if (generator == null) {
                throw new IllegalStateException(method.id() + " has no generator");
            }
            if (!pDone) {
                throw new IllegalStateException("the G-step follows the P-step");
            }
            adam.setTrainable(false);
            try {
                double value = gBackward(1.0);
                generatorAdam.step(lr);
                return value;
            } finally {
                adam.setTrainable(true);
            }
        }

        /** The generator's loss −w·L_hm and its gradients ×{@code scale} added to G's; P must be frozen. */
        double gBackward(double scale) {
            NDList out = on.net().forward(on.ps(), new NDList(input), batchNormTraining);
            NDArray loss = taskLoss(out).mul(-adversarialWeight);
            double value = loss.getFloat();
            if (!Double.isFinite(value)) {
                throw new NonFiniteValue("the generator's loss", value);
            }
            collector.backward(scale == 1.0 ? loss : loss.mul((float) scale));
            return value;
        }

        /**
         * The pose loss against the ground truth: the heatmap loss of a top-down network; for a bottom-up one
         * HigherHRNet's whole training loss (masked heatmap MSE at both resolutions and the associative-embedding
         * push/pull), which is also what AdvMix's generator maximises there.
         */
        private NDArray taskLoss(NDList out) {
            if (bottomUpHeatmaps == null) {
                return HeatmapLoss.compute(out.singletonOrThrow(), target, weight, lossKind);
            }
            return new AssociativeEmbeddingLoss(on.net().joints()).compute(out, bottomUpHeatmaps, bottomUpMasks, tags)
                    .total();
        }

        /**
         * KD against the teacher's outputs on the clean image: its heatmaps as targets; for a bottom-up network the
         * heatmaps at both resolutions under the same masks (not the tags: an embedding is defined only up to an
         * offset per image, so the teacher's values are no target).
         */
        private NDArray distillationLoss(NDList out) {
            if (bottomUpHeatmaps == null) {
                return HeatmapLoss.compute(out.singletonOrThrow(), teacherOutputs.singletonOrThrow(), weight, lossKind);
            }
            NDIndex heatmaps = new NDIndex(":, :{}", on.net().joints());
            return AssociativeEmbeddingLoss.heatmapLoss(out.get(0).get(heatmaps), teacherOutputs.get(0).get(heatmaps),
                    bottomUpMasks.get(0)).add(AssociativeEmbeddingLoss.heatmapLoss(out.get(1), teacherOutputs.get(1),
                    bottomUpMasks.get(1)));
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                collector.close();
            } finally {
                AUTOGRAD.release();
            }
        }
    }

    /**
     * DJL's PyTorch engine allows one GradientCollector per process at a time (PtGradientCollector's static
     * flag: "Only one can be collecting at a time"), so trainings running side by side in one JVM (a train
     * worker with concurrency 2, tests) take turns iteration by iteration instead of failing.
     */
    private static final java.util.concurrent.Semaphore AUTOGRAD = new java.util.concurrent.Semaphore(1, true);

    /**
     * Waits for another training's iteration to finish (at most one iteration). Uninterruptibly: a cancelled
     * training finishes the step it is in and stops at the trainer's check, with its checkpoint, as before.
     */
    private static void acquireAutograd() {
        AUTOGRAD.acquireUninterruptibly();
    }
}
