package io.robustpose.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** NOTES.txt, as `helm install` prints it (client-side dry run: no cluster). */
class NotesTest {
    @Test
    void theNotesTellHowToReachTheApiSubmitAndFindTheDashboard() {
        String out = Chart.notes(java.util.List.of(Chart.resource("values-gpu.yaml")), java.util.Map.of());
        assertThat(out).contains("kubectl -n robustpose port-forward svc/rp-robustpose-orchestrator 8080:8080")
                .contains("get secret rp-robustpose-api-token -o jsonpath='{.data.token}'")
                .contains("bin/robustpose submit my-experiment.yaml --url \"$ROBUSTPOSE_URL\" --token \"$ROBUSTPOSE_API_TOKEN\"")
                // the A100 pool asked for 16 replicas: capped at the train topic's partitions
                .contains("train-a100: train tasks, 0..4 replicas, 1 GPU(s) per pod (KEDA on consumer-group lag)")
                .contains("eval: eval,aggregate,report tasks, 1..6 replicas (KEDA")
                .contains("ServiceMonitor \"rp-robustpose\" is installed, and the alert rules")
                .contains("dashboard \"robustpose\" (uid robustpose-overview)")
                .doesNotContain("<no value>");
    }
}
