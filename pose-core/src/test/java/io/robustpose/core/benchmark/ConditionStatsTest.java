package io.robustpose.core.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.eval.coco.CocoStats;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.RobustnessInputs;
import io.robustpose.core.eval.robustness.RobustnessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: every COCO statistic of every condition is kept — in the metrics file (written and read back) and in
 * the long CSV (one row per model and condition, with category and severity), not only AP.
 */
class ConditionStatsTest {

    @Test
    void everyStatisticPerConditionSurvivesTheMetricsFileAndFillsTheLongTable(@TempDir Path dir) throws Exception {
        ModelMetrics m = new ModelMetrics("sbl, r50");
        RobustnessRun.record(m, Condition.CLEAN, new CocoStats(0.7, 0.9, 0.77, 0.66, 0.75, 0.74, 0.92, 0.8, 0.7, 0.79));
        RobustnessRun.record(m, new Condition(Corruption.FOG, 3),
                new CocoStats(0.5, 0.8, 0.55, 0.45, 0.56, 0.54, 0.82, 0.6, 0.5, 0.6));
        assertThat(m.clean()).isEqualTo(0.7);
        assertThat(m.get(Corruption.FOG, 3)).isEqualTo(0.5);

        Path file = dir.resolve("metrics.json");
        RobustnessRun.writeMetrics(file, List.of(m), "AP", RobustnessTable.Scale.FRACTION);
        ModelMetrics back = RobustnessInputs.read(file).models().get(0);
        assertThat(back.stats()).isEqualTo(m.stats());
        assertThat(back.stats().get("fog/3")).containsEntry("AP75", 0.55).containsEntry("AR_large", 0.6).hasSize(10);

        List<String> lines = RobustnessRun.longCsv(List.of(back)).lines().toList();
        assertThat(lines).containsExactly(
                "model,corruption,category,severity,AP,AP50,AP75,AP_medium,AP_large,AR,AR50,AR75,AR_medium,AR_large",
                "\"sbl, r50\",clean,,0,0.7,0.9,0.77,0.66,0.75,0.74,0.92,0.8,0.7,0.79",
                "\"sbl, r50\",fog,weather,3,0.5,0.8,0.55,0.45,0.56,0.54,0.82,0.6,0.5,0.6");
        assertThat(Files.readString(file)).contains("\"stats\"");
    }
}
