package io.robustpose.workflow.orchestration;

import io.robustpose.workflow.message.ArtifactLayout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.spec.ExperimentSpec;
import io.robustpose.workflow.spec.ExperimentSpec.Model;
import io.robustpose.workflow.spec.SpecValidator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a canonical spec into the experiment's task graph:
 * materialize corruptions ∥ train → evaluate (clean + every corruption × severity, optionally
 * sharded by image ranges) → aggregate per model → report.
 * Task ids are deterministic, so planning the same spec twice gives the same graph.
 */
public final class Planner {
    public static final String CLEAN = "clean";

    private Planner() {
    }

    public static Map<String, TaskStatus> plan(String experimentId, ExperimentSpec spec) {
        Map<String, TaskStatus> tasks = new LinkedHashMap<>();
        ExperimentSpec.Benchmark b = spec.benchmark();
        ExperimentSpec.Dataset d = spec.dataset();
        @SuppressWarnings("unchecked")
        List<String> corruptions = (List<String>) b.corruptions();
        @SuppressWarnings("unchecked")
        List<Integer> severities = (List<Integer>) b.severities();
        boolean materialized = SpecValidator.MODE_MATERIALIZED.equals(b.mode());
        String corruptedDir = ArtifactLayout.corruptedDir(experimentId, d.name());

        Map<String, String> corruptTaskOf = new LinkedHashMap<>();
        if (materialized) {
            for (String c : corruptions) {
                for (int shard = 0; shard < b.corruptShards(); shard++) {
                    String id = "corrupt-" + c + "-shard" + shard;
                    ObjectNode p = dataset(d);
                    p.put("out", corruptedDir);
                    p.putArray("corruptions").add(c);
                    var sv = p.putArray("severities");
                    severities.forEach(sv::add);
                    p.put("seed", b.seed());
                    p.put("shard", shard);
                    p.put("shards", b.corruptShards());
                    tasks.put(id, TaskStatus.planned(id, TaskType.CORRUPT, List.of(), p));
                    corruptTaskOf.merge(c, id, (x, y) -> x + "," + y);
                }
            }
        }

        List<String> aggregates = new ArrayList<>();
        for (Model m : spec.models()) {
            String trainId = null;
            if (m.training() != null) {
                trainId = "train-" + m.name();
                ObjectNode p = dataset(d);
                p.put("images", d.trainImages());
                p.put("annotations", d.trainAnnotations());
                if (Boolean.TRUE.equals(m.training().validate())) {
                    // validated after every epoch on the evaluation split, with its boxes
                    p.put("valImages", d.images());
                    p.put("valAnnotations", d.annotations());
                }
                p.set("model", Json.MAPPER.valueToTree(m));
                p.put("out", ArtifactLayout.modelDir(experimentId, m.name()));
                if (m.pool("train") != null) {
                    p.put("pool", m.pool("train")); // the orchestrator dispatches it to that pool's topic
                }
                // init/teacher "model:NAME": start from that model's training (AdvMix starts from a standard checkpoint)
                List<String> deps = new ArrayList<>();
                for (String ref : new String[]{m.training().init(), m.training().teacher()}) {
                    if (ref != null && ref.startsWith("model:") && !deps.contains("train-" + ref.substring(6))) {
                        deps.add("train-" + ref.substring(6));
                    }
                }
                tasks.put(trainId, TaskStatus.planned(trainId, TaskType.TRAIN, deps, p));
            }
            if (!m.evaluated()) {
                continue;
            }
            List<String> evals = new ArrayList<>();
            List<String[]> conditions = new ArrayList<>();
            conditions.add(new String[]{CLEAN, "0"});
            for (String c : corruptions) {
                for (int k : severities) {
                    conditions.add(new String[]{c, Integer.toString(k)});
                }
            }
            for (String[] cond : conditions) {
                for (int shard = 0; shard < b.evalShards(); shard++) {
                    String id = "eval-" + m.name() + "-" + cond[0] + (cond[0].equals(CLEAN) ? "" : "-s" + cond[1])
                            + "-shard" + shard;
                    List<String> deps = new ArrayList<>();
                    if (trainId != null) {
                        deps.add(trainId);
                    }
                    if (materialized && !cond[0].equals(CLEAN)) {
                        deps.addAll(List.of(corruptTaskOf.get(cond[0]).split(",")));
                    }
                    ObjectNode p = dataset(d);
                    p.set("model", Json.MAPPER.valueToTree(m));
                    if (trainId != null) {
                        p.put("trainTask", trainId);
                    }
                    p.put("corruption", cond[0]);
                    p.put("severity", Integer.parseInt(cond[1]));
                    p.put("mode", b.mode());
                    if (materialized) {
                        p.put("corruptedDir", corruptedDir);
                    }
                    p.put("seed", b.seed());
                    if (b.oksNms() != null) {
                        p.put("oksNms", b.oksNms());
                    }
                    p.put("shard", shard);
                    p.put("shards", b.evalShards());
                    if (m.pool("eval") != null) {
                        p.put("pool", m.pool("eval"));
                    }
                    p.put("out", ArtifactLayout.evalDir(experimentId, m.name(), cond[0], Integer.parseInt(cond[1]), shard));
                    tasks.put(id, TaskStatus.planned(id, TaskType.EVAL, deps, p));
                    evals.add(id);
                }
            }
            String aggId = "aggregate-" + m.name();
            ObjectNode p = dataset(d);
            p.put("model", m.name());
            // recorded as the provenance of the model's metrics
            if (m.file() != null) {
                p.put("modelFile", m.file());
            }
            if (m.architecture() != null) {
                p.put("architecture", m.architecture());
            }
            if (m.descriptor() != null) {
                p.put("descriptor", m.descriptor());
            }
            p.put("mode", b.mode());
            p.put("seed", b.seed());
            if (b.oksNms() != null) {
                p.put("oksNms", b.oksNms());
            }
            p.put("out", ArtifactLayout.modelEvalDir(experimentId, m.name()));
            tasks.put(aggId, TaskStatus.planned(aggId, TaskType.AGGREGATE, evals, p));
            aggregates.add(aggId);
        }
        // the report re-reads the images its sample grid shows, as the evaluation saw them
        ObjectNode p = dataset(d);
        p.put("out", ArtifactLayout.reportDir(experimentId));
        p.put("name", spec.name());
        p.set("formats", Json.MAPPER.valueToTree(spec.report().formats()));
        p.put("sampleImages", spec.report().sampleImages());
        p.put("seed", b.seed());
        if (materialized) {
            p.put("corruptedDir", corruptedDir);
        }
        tasks.put("report", TaskStatus.planned("report", TaskType.REPORT, aggregates, p));
        return tasks;
    }

    private static ObjectNode dataset(ExperimentSpec.Dataset d) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("format", d.format());
        p.put("dataset", d.name());
        p.put("images", d.images());
        p.put("annotations", d.annotations());
        p.put("boxes", d.boxes());
        if (d.headBoxes() != null) {
            p.put("headBoxes", d.headBoxes());
        }
        return p;
    }
}
