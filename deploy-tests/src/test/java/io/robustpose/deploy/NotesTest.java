package io.robustpose.deploy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** NOTES.txt, as `helm install` prints it (client-side dry run: no cluster). */
class NotesTest {
    @Test
    void theNotesTellHowToReachTheApiSubmitAndFindTheDashboard() {
        String out = new Helm(Chart.DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withValuesFile(Chart.resource("values-gpu.yaml")).dryRun().withDryRunOption(DryRun.CLIENT).clientOnly()
                .call().getOutput();
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
