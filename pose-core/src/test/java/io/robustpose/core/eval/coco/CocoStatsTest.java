package io.robustpose.core.eval.coco;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CocoStatsTest {

    /** `coco-eval` prints {@link CocoStats#toJson()}: the same text as the object mapper the services use. */
    @Test
    void handWrittenJsonIsWhatJacksonWrites() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (CocoStats s : new CocoStats[]{
                new CocoStats(0.5775310587757537, 0.8177315283477915, 1e-7, 1.0, 0.0, -1, 2.5e-12, 0.1, 123456.789, 1e21),
                new CocoStats(Double.NaN, Double.POSITIVE_INFINITY, -0.0, -1, -1, -1, -1, -1, -1, -1)}) {
            assertThat(s.toJson()).isEqualTo(mapper.writeValueAsString(s.toMap()));
        }
    }
}
