package io.robustpose.workflow.orchestration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.TaskType;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Science results as Prometheus gauges, taken from the task metrics the orchestrator records:
 * <ul>
 * <li>{@code robustpose_train_metric{experiment,model,metric}}: loss, seconds_per_step,
 *     images_per_second, lr, epoch of each train task as it progresses, and val_AP (COCO, OCHuman) or
 *     val_PCKh (MPII) after each validated epoch ({@code training.validate});</li>
 * <li>{@code robustpose_eval_ap{experiment,model,condition}}: AP of each unsharded eval task;</li>
 * <li>{@code robustpose_model_robustness{experiment,model,metric}}: AP, mPC, rPC per model.</li>
 * </ul>
 */
final class ResultGauges {
    private static final String[] TRAIN_METRICS = {"loss", "seconds_per_step", "images_per_second", "lr", "epoch",
        "val_AP", "val_PCKh"};
    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    ResultGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Every gauge of a restored experiment. */
    void update(ExperimentStatus s) {
        update(null, s);
    }

    /**
     * The gauges of the tasks that changed since {@code previous} (null: all of them). Unchanged tasks are
     * the same objects in both statuses (the lifecycle copies the map, not its entries).
     */
    void update(ExperimentStatus previous, ExperimentStatus s) {
        for (TaskStatus t : s.tasks().values()) {
            if (previous != null && previous.tasks().get(t.taskId()) == t) {
                continue;
            }
            String model = t.params() == null ? null : t.params().path("model").isTextual()
                    ? t.params().path("model").asText() : t.params().path("model").path("name").asText(null);
            if (model == null) {
                continue;
            }
            if (t.type() == TaskType.TRAIN) {
                for (String m : TRAIN_METRICS) {
                    Double v = t.metrics().get(m);
                    if (v != null) {
                        set("robustpose.train.metric", v, "experiment", s.experimentId(), "model", model, "metric", m);
                    }
                }
            } else if (t.state() == TaskStatus.State.SUCCEEDED && t.type() == TaskType.EVAL && t.metrics().containsKey("AP")) {
                String condition = t.results().getOrDefault("condition", "?");
                set("robustpose.eval.ap", t.metrics().get("AP"), "experiment", s.experimentId(), "model", model,
                        "condition", condition);
            } else if (t.state() == TaskStatus.State.SUCCEEDED && t.type() == TaskType.AGGREGATE) {
                for (String m : new String[]{"AP", "mPC", "rPC"}) {
                    Double v = t.metrics().get(m);
                    if (v != null) {
                        set("robustpose.model.robustness", v, "experiment", s.experimentId(), "model", model, "metric", m);
                    }
                }
            }
        }
    }

    /** Removes every gauge of a deleted experiment. */
    void remove(String experimentId) {
        values.keySet().removeIf(k -> k.contains("|experiment|" + experimentId + "|") || k.contains("experiment|"
                + experimentId + "|"));
        for (io.micrometer.core.instrument.Meter m : List.copyOf(registry.getMeters())) {
            if (experimentId.equals(m.getId().getTag("experiment"))) {
                registry.remove(m);
            }
        }
    }

    private void set(String name, double value, String... tags) {
        String key = name + String.join("|", tags);
        values.computeIfAbsent(key, k -> {
            AtomicReference<Double> ref = new AtomicReference<>(value);
            Gauge.builder(name, ref, AtomicReference::get).tags(tags).register(registry);
            return ref;
        }).set(value);
    }
}
