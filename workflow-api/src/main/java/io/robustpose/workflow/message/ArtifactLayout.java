package io.robustpose.workflow.message;

/**
 * Where things live in the artifact store (paths relative to its root, the same on every worker).
 * Large data never travels through Kafka: tasks carry these paths.
 */
public final class ArtifactLayout {
    private ArtifactLayout() {
    }

    public static String runDir(String experimentId) {
        return "runs/" + experimentId;
    }

    /** The official generator's tree: {@code <corruption>/<severity>/<file>}. */
    public static String corruptedDir(String experimentId, String dataset) {
        return runDir(experimentId) + "/corrupted/" + dataset + "-C";
    }

    public static String modelDir(String experimentId, String model) {
        return runDir(experimentId) + "/models/" + model;
    }

    public static String modelEvalDir(String experimentId, String model) {
        return runDir(experimentId) + "/eval/" + model;
    }

    public static String evalDir(String experimentId, String model, String corruption, int severity, int shard) {
        return modelEvalDir(experimentId, model) + "/" + corruption + "/" + severity + "/shard-" + shard;
    }

    public static String reportDir(String experimentId) {
        return "reports/" + experimentId;
    }

    /** Every directory holding an experiment's files (what deleting it removes, what its API may serve). */
    public static java.util.List<String> experimentDirs(String experimentId) {
        return java.util.List.of(runDir(experimentId), reportDir(experimentId));
    }

    /** The runtime's "already complete" marker of a task. */
    public static String completionMarker(String experimentId, String taskId) {
        return runDir(experimentId) + "/tasks/" + taskId + ".done.json";
    }
}
