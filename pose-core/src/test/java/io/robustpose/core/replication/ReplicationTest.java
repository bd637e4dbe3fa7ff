package io.robustpose.core.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.FileTrees;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.LossKind;
import io.robustpose.core.train.TrainingMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication at toy scale: every stage runs, the results pair the seeds, an interrupted run
 * resumes without redoing finished work, and a run deleted and made again gives the same numbers.
 */
class ReplicationTest {

    static Protocol tiny() {
        return new Protocol(6, 3, 5, Architecture.SIMPLEBASELINE_RESNET18, 64, 64, 4, 1, 1e-3, List.of(), LossKind.MSE,
                5, 1, 1e-3, List.of(), LossKind.SMOOTH_L1, Architecture.SIMPLEBASELINE_RESNET50, List.of(1L, 2L),
                List.of(TrainingMethod.STANDARD, TrainingMethod.ADVMIX), List.of(Corruption.FOG, Corruption.CONTRAST),
                List.of(2), 1, 2);
    }

    @Test
    void runsEveryStagePairsTheSeedsResumesAndReproduces(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        ReplicationResults r = new Replication(tiny(), dir, Map.of(), 2, log::add).run();
        assertThat(r.models()).containsOnlyKeys("base", "standard-seed1", "advmix-seed1", "standard-seed2",
                "advmix-seed2");
        PairedDifference ap = r.paired().get(TrainingMethod.ADVMIX).get("AP");
        assertThat(ap.differences()).hasSize(2);
        double expected = r.models().get("advmix-seed1").clean() - r.models().get("standard-seed1").clean();
        assertThat(ap.differences()[0]).isEqualTo(expected);
        assertThat(r.paired().get(TrainingMethod.ADVMIX)).containsKeys("mPC", "rPC");
        JsonNode json = new ObjectMapper().readTree(dir.resolve(Replication.RESULTS).toFile());
        assertThat(json.at("/models/base/AP").isNumber()).isTrue();
        // on a grid smaller than 15 x 5, mPC and rPC are the means over that grid, not missing
        assertThat(json.at("/models/base/mPC").isNumber()).isTrue();
        assertThat(json.at("/models/advmix-seed1/mPC").isNumber()).isTrue();
        assertThat(json.at("/models/advmix-seed1/rPC").isNull()).isFalse(); // NaN when the toy AP is 0
        assertThat(json.at("/curves/advmix-seed1")).hasSize(1);
        assertThat(json.at("/curves/advmix-seed1/0/mix_shares")).hasSize(3);
        assertThat(Files.readString(dir.resolve(Replication.REPORT))).contains("advmix − standard").contains("mPC");

        // a second run finds everything done: no training, no prediction
        log.clear();
        ReplicationResults again = new Replication(tiny(), dir, Map.of(), 2, log::add).run();
        assertThat(log).noneMatch(l -> l.startsWith("training") || l.startsWith("evaluating"));
        assertThat(again.models().get("advmix-seed2").clean()).isEqualTo(r.models().get("advmix-seed2").clean());

        // seed 1's AdvMix run made again from nothing gives the same numbers
        for (String gone : List.of("runs/advmix-seed1", "eval/advmix-seed1")) {
            FileTrees.delete(dir.resolve(gone));
        }
        ReplicationResults remade = new Replication(tiny(), dir, Map.of(), 2, log::add).run();
        assertThat(log).anyMatch(l -> l.startsWith("training advmix-seed1"));
        assertThat(remade.models().get("advmix-seed1").clean()).isEqualTo(r.models().get("advmix-seed1").clean());
        assertThat(remade.models().get("advmix-seed1").mpcPartial().value())
                .isEqualTo(r.models().get("advmix-seed1").mpcPartial().value());

        // another protocol in the same directory is refused rather than mixed in
        assertThatThrownBy(() -> new Replication(tiny().withSeeds(List.of(7L)), dir, Map.of(), 2, log::add).run())
                .hasMessageContaining("another protocol");
    }
}
