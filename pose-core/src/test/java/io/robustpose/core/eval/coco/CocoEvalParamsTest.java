package io.robustpose.core.eval.coco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.dataset.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CocoEvalParamsTest {

    @Test
    void defaultsAreThoseOfPycocotoolsKeypointParams() throws IOException {
        Path expected = SharedFixtures.require("reference/coco-eval/case1/expected.json");
        JsonNode params = new ObjectMapper().readTree(expected.toFile()).get("params");
        CocoEvalParams p = CocoEvalParams.keypoints();
        JsonNode sigmas = params.get("kpt_oks_sigmas");
        assertThat(p.sigmas()).hasSize(sigmas.size());
        for (int i = 0; i < sigmas.size(); i++) {
            assertThat(p.sigmas()[i]).as("sigma %d", i).isEqualTo(sigmas.get(i).asDouble());
        }
        JsonNode thrs = params.get("iouThrs");
        assertThat(p.iouThrs()).hasSize(thrs.size());
        for (int i = 0; i < thrs.size(); i++) {
            // the fixture prints np.linspace's 0.8999999999999999 as 0.9: within one ulp
            assertThat(Math.abs(p.iouThrs()[i] - thrs.get(i).asDouble())).as("threshold %d", i)
                    .isLessThanOrEqualTo(Math.ulp(thrs.get(i).asDouble()));
        }
        assertThat(p.recThrs()).hasSize(params.get("n_recThrs").asInt());
        assertThat(p.maxDets()).containsExactly(params.get("maxDets").get(0).asInt());
        JsonNode areas = params.get("areaRng");
        JsonNode labels = params.get("areaRngLbl");
        assertThat(p.areaRanges()).hasSize(areas.size());
        for (int a = 0; a < areas.size(); a++) {
            assertThat(p.areaRanges().get(a).label()).isEqualTo(labels.get(a).asText());
            assertThat(p.areaRanges().get(a).min()).isEqualTo(areas.get(a).get(0).asDouble());
            assertThat(p.areaRanges().get(a).max()).isEqualTo(areas.get(a).get(1).asDouble());
        }
    }

    @Test
    void linspaceIsNumpysNotRepeatedAddition() {
        double[] t = CocoEvalParams.linspace(.5, .95, 10);
        // numpy: i * ((0.95 - 0.5) / 9) + 0.5, last = stop
        assertThat(t[8]).isEqualTo(0.8999999999999999).isNotEqualTo(0.9);
        assertThat(t[5]).isEqualTo(0.75); // so summarize() finds the AP75 threshold by equality
        assertThat(t[9]).isEqualTo(0.95);
        double[] r = CocoEvalParams.linspace(0, 1, 101);
        assertThat(r[35]).isEqualTo(0.35000000000000003); // i * 0.01
        assertThat(r[100]).isEqualTo(1.0);
    }
}
