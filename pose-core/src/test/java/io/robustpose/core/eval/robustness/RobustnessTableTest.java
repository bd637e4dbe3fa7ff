package io.robustpose.core.eval.robustness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.dataset.MalformedRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RobustnessTableTest {

    /** A model whose AP drops with severity and differs per corruption. */
    private static ModelMetrics model(String name, double clean) {
        ModelMetrics m = new ModelMetrics(name).clean(clean);
        List<Corruption> bench = Corruption.benchmarkSet();
        for (int c = 0; c < bench.size(); c++) {
            for (int s = 1; s <= 5; s++) {
                m.put(bench.get(c), s, clean - 0.04 * s - 0.003 * c);
            }
        }
        return m;
    }

    @Test
    void mpcIsTheMeanOverFifteenCorruptionsAndFiveSeverities() {
        ModelMetrics m = model("SBL-R50", 0.704);
        RobustnessSummary r = RobustnessSummary.of(m);
        double sum = 0;
        for (Corruption c : Corruption.benchmarkSet()) {
            for (int s = 1; s <= 5; s++) {
                sum += m.get(c, s);
            }
        }
        assertThat(r.complete()).isTrue();
        assertThat(r.missing()).isEmpty();
        assertThat(r.mpc()).isCloseTo(sum / 75, within(1e-12));
        assertThat(r.rpc()).isCloseTo(r.mpc() / 0.704, within(1e-15));
        // means of means agree with the overall mean
        double perCorruption = r.perCorruption().values().stream().mapToDouble(RobustnessSummary.Mean::value).sum() / 15;
        double perSeverity = r.perSeverity().values().stream().mapToDouble(RobustnessSummary.Mean::value).sum() / 5;
        assertThat(perCorruption).isCloseTo(r.mpc(), within(1e-12));
        assertThat(perSeverity).isCloseTo(r.mpc(), within(1e-12));
        assertThat(r.perSeverity().get(1).value()).isGreaterThan(r.perSeverity().get(5).value());
        Corruption shot = Corruption.SHOT_NOISE;
        double shotMean = 0;
        for (int s = 1; s <= 5; s++) {
            shotMean += m.get(shot, s) / 5;
        }
        assertThat(r.perCorruption().get(shot).value()).isCloseTo(shotMean, within(1e-12));
        double noise = 0;
        for (Corruption c : List.of(Corruption.GAUSSIAN_NOISE, Corruption.SHOT_NOISE, Corruption.IMPULSE_NOISE)) {
            for (int s = 1; s <= 5; s++) {
                noise += m.get(c, s) / 15;
            }
        }
        assertThat(r.perCategory().get(Corruption.Category.NOISE).value()).isCloseTo(noise, within(1e-12));
        assertThat(r.perCategory().get(Corruption.Category.DIGITAL).expected()).isEqualTo(20);
    }

    @Test
    void missingCellsAreReportedNotAveragedOver() {
        ModelMetrics full = model("full", 0.75);
        ModelMetrics holes = new ModelMetrics("holes");
        full.corrupted().forEach((c, m) -> m.forEach((s, v) -> {
            if (!(c == Corruption.FOG && s == 3) && !(c == Corruption.PIXELATE && s == 5)) {
                holes.put(c, s, v);
            }
        }));
        RobustnessSummary r = RobustnessSummary.of(holes);
        assertThat(r.complete()).isFalse();
        assertThat(r.missing()).containsExactly("clean", "fog/3", "pixelate/5");
        assertThat(r.mpc()).isNull();
        assertThat(r.rpc()).isNull();
        assertThat(r.mpcPartial().count()).isEqualTo(73);
        assertThat(r.perCorruption().get(Corruption.FOG).complete()).isFalse();
        assertThat(r.perCorruption().get(Corruption.SNOW).complete()).isTrue();
        assertThat(r.perSeverity().get(3).count()).isEqualTo(14);

        RobustnessTable table = RobustnessTable.of("AP", RobustnessTable.Scale.FRACTION, List.of(full, holes));
        assertThat(table.complete()).isFalse();
        String md = table.toMarkdown();
        assertThat(md.lines().filter(l -> l.startsWith("| holes †")).findFirst().orElseThrow())
                .contains("| — | — | — |");
        assertThat(md).contains("† holes: incomplete, missing clean, fog/3, pixelate/5; mean over the 73 values present");
        String csv = table.toCsv();
        assertThat(csv.lines().toList().get(2)).startsWith("holes,,,,").endsWith(",false,clean;fog/3;pixelate/5");
    }

    @Test
    void tablesLookLikeThePapersTableOne() throws IOException {
        ModelMetrics m = model("HRNet-W32", 0.744);
        RobustnessSummary r = RobustnessSummary.of(m);
        RobustnessTable table = RobustnessTable.of("AP", RobustnessTable.Scale.FRACTION, List.of(m));
        List<String> md = table.toMarkdown().lines().toList();
        assertThat(md.get(0)).isEqualTo("| Method | AP* | mPC | rPC | Gauss. | Shot | Impulse | Defocus | Glass | Motion"
                + " | Zoom | Snow | Frost | Fog | Bright | Contrast | Elastic | Pixel | JPEG |");
        String row = md.get(2);
        assertThat(row).startsWith("| HRNet-W32 | 74.4 | " + RobustnessTable.percent(r.mpc(), 100) + " | "
                + RobustnessTable.percent(r.rpc(), 100) + " |");
        assertThat(row.split("\\|")).hasSize(20);

        List<String> csv = table.toCsv().lines().toList();
        assertThat(csv.get(0)).startsWith("model,AP*,mPC,rPC,gaussian_noise,shot_noise,");
        String[] cells = csv.get(1).split(",");
        assertThat(cells[1]).isEqualTo("74.4");
        assertThat(Double.parseDouble(cells[2])).isCloseTo(r.mpc() * 100, within(0.05));

        JsonNode json = new ObjectMapper().readTree(table.toJson());
        JsonNode jr = json.get("rows").get(0);
        assertThat(jr.get("mPC").asDouble()).isEqualTo(r.mpc()); // full precision
        assertThat(jr.get("rPC").asDouble()).isEqualTo(r.rpc());
        assertThat(jr.get("per_corruption").get("jpeg_compression").get("value").asDouble())
                .isEqualTo(r.perCorruption().get(Corruption.JPEG_COMPRESSION).value());
        assertThat(jr.get("per_category").get("weather").get("of").asInt()).isEqualTo(20);
        assertThat(json.get("corruptions")).hasSize(15);
    }

    @Test
    void percentMetricsAndExtraCorruptions() {
        ModelMetrics m = new ModelMetrics("pckh-model").clean(90.3);
        for (Corruption c : Corruption.benchmarkSet()) {
            for (int s = 1; s <= 5; s++) {
                m.put(c, s, 60.0);
            }
        }
        m.put(Corruption.SPECKLE_NOISE, 1, 10.0);
        RobustnessSummary r = RobustnessSummary.of(m);
        assertThat(r.mpc()).isEqualTo(60.0); // the held-out extra does not enter mPC
        assertThat(r.extra().get(Corruption.SPECKLE_NOISE).count()).isEqualTo(1);
        RobustnessTable t = RobustnessTable.of("PCKh", RobustnessTable.Scale.PERCENT, List.of(m));
        assertThat(t.toMarkdown().lines().toList().get(2)).startsWith("| pckh-model | 90.3 | 60.0 | 66.4 | 60.0 |");
    }

    @Test
    void readsJsonCsvAndDirectories(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("a.json");
        Files.writeString(json, "{\"metric\": \"AP\", \"models\": [{\"model\": \"m1\", \"clean\": 0.7,"
                + " \"corrupted\": {\"gaussian_noise\": {\"1\": 0.5, \"2\": 0.4}}}]}");
        Path csv = dir.resolve("b.csv");
        Files.writeString(csv, "model,corruption,severity,value\nm1,fog,3,0.45\nm2,clean,,0.6\n\"m,3\",snow,1,0.2\n");
        RobustnessInputs.Loaded all = RobustnessInputs.read(dir);
        assertThat(all.metric()).isEqualTo("AP");
        assertThat(all.scale()).isEqualTo(RobustnessTable.Scale.FRACTION);
        assertThat(all.models()).extracting(ModelMetrics::model).containsExactly("m1", "m2", "m,3");
        ModelMetrics m1 = all.models().get(0);
        assertThat(m1.clean()).isEqualTo(0.7);
        assertThat(m1.get(Corruption.GAUSSIAN_NOISE, 2)).isEqualTo(0.4);
        assertThat(m1.get(Corruption.FOG, 3)).isEqualTo(0.45);
        assertThat(all.table().rows().get(1).missing()).hasSize(75);

        Path conflict = dir.resolve("c.csv");
        Files.writeString(conflict, "model,corruption,severity,value\nm1,fog,3,0.46\n");
        assertThatThrownBy(() -> RobustnessInputs.read(dir)).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("c.csv").hasMessageContaining("fog/3");
        Files.delete(conflict);

        Files.writeString(dir.resolve("d.csv"), "model,corruption,severity,value\nm1,rain,1,0.4\n");
        assertThatThrownBy(() -> RobustnessInputs.read(dir)).hasMessageContaining("unknown corruption 'rain'");
        Files.writeString(dir.resolve("d.csv"), "model,corruption,severity,value\nm1,fog,6,0.4\n");
        assertThatThrownBy(() -> RobustnessInputs.read(dir)).hasMessageContaining("severity 6");
    }

    @Test
    void pckhDefaultsToPercent(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("p.json");
        Files.writeString(json, "[{\"model\": \"x\", \"clean\": 90.1}]");
        assertThat(RobustnessInputs.read(json).scale()).isEqualTo(RobustnessTable.Scale.FRACTION);
        Files.writeString(json, "{\"metric\": \"PCKh\", \"models\": [{\"model\": \"x\", \"clean\": 90.1}]}");
        assertThat(RobustnessInputs.read(json).scale()).isEqualTo(RobustnessTable.Scale.PERCENT);
    }
}
