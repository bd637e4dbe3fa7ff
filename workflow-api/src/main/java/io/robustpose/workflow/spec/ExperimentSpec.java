package io.robustpose.workflow.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What a user submits: a dataset, the corruption benchmark to run on it, the models to evaluate
 * (architectures to train, or imported files) and the report to write. Parsed leniently by
 * {@link SpecReader}; {@link SpecValidator} names every invalid field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSpec(String name, Dataset dataset, Benchmark benchmark, List<Model> models, Report report) {

    /**
     * format: coco | mpii | ochuman; images/annotations: the evaluation split; boxes: "gt" or a
     * COCO-results detections file; trainImages/trainAnnotations: the training split (default: the
     * evaluation split).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** headBoxes (MPII only): gt_valid.mat, a JSON list of head boxes, or "from-joints" (approximate). */
    public record Dataset(String name, String format, String images, String annotations, String boxes,
                          String trainImages, String trainAnnotations, String headBoxes) {
    }

    /**
     * corruptions: "common" (the 15 of the paper), "all" (plus the 4 held-out extras) or a list;
     * severities: a list or a range "1-5"; mode: on-the-fly | materialized; evalShards splits
     * each evaluation by image ranges.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Benchmark(Object corruptions, Object severities, String mode, Long seed, Integer evalShards,
                            Integer corruptShards, Double oksNms) {
    }

    /**
     * Either an architecture (optionally trained with {@code training}) or an imported file;
     * {@code evaluate: false} trains a model only as the starting point of others; {@code device}
     * (auto, cpu, gpu, gpu:N, …) overrides the worker pool's ROBUSTPOSE_DEVICE for this model's tasks;
     * {@code pools} routes its train and eval tasks to named worker pools (e.g. a heavy model to a GPU pool).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String name, String architecture, String input, String file, String descriptor,
                        Training training, Boolean evaluate, String device, Pools pools) {
        public boolean evaluated() {
            return evaluate == null || evaluate;
        }

        /** The pool of this model's tasks of {@code type} (train, eval), or null: the type's default pool. */
        public String pool(String type) {
            if (pools == null) {
                return null;
            }
            return switch (type) {
                case "train" -> pools.train();
                case "eval" -> pools.eval();
                default -> null;
            };
        }
    }

    /**
     * Worker pools by task type: the pool whose workers run it (their ROBUSTPOSE_WORKER_POOL, the chart's
     * {@code workerPools.<name>.route}); absent: the shared pool of the type.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pools(String train, String eval) {
    }

    /**
     * teacherArchitecture: the teacher's network when it differs from the model's (fpd); stylizedImages:
     * a stylized copy of the training images (advmix-stylized); lrSteps: epochs of the ×0.1 drops;
     * loss: mse | smoothl1; batch: per device, as the official configs; accumulate: micro-batches of
     * {@code batch} per optimizer step (a recipe's default: its GPU count, so one device trains with the
     * official effective batch); validate: keypoint AP on the dataset's evaluation split (its boxes) after every
     * epoch, the best checkpoint kept (a recipe's default: true, as the official training; else false);
     * lrFactor: the multiplier at each of lrSteps (default 0.1, as every official config); augmentation: what
     * to change of the recipe's (or the dataset format's) training augmentation.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(String method, Integer epochs, Integer batch, Double lr, String init, String teacher,
                           Long seed, String teacherArchitecture, String stylizedImages, List<Integer> lrSteps,
                           String loss, String recipe, Integer accumulate, Boolean validate, Double lrFactor,
                           Augmentation augmentation) {
    }

    /**
     * Training augmentation overrides, the official configs' names in brackets: scale (SCALE_FACTOR, ± fraction),
     * rotation (ROT_FACTOR, degrees), flip (FLIP), halfBody (PROB_HALF_BODY).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Augmentation(Double scale, Double rotation, Boolean flip, Double halfBody) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(List<String> formats, Integer sampleImages) {
    }
}
