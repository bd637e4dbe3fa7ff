package io.robustpose.core.eval.pckh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.dataset.SharedFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The official and mmpose-variant numbers of reference/pckh/*.expected.json. */
class PckhReferenceTest {

    @ParameterizedTest
    @CsvSource({"boundary,official", "boundary,mmpose", "random,official", "random,mmpose"})
    void reproducesEveryExpectedValue(String name, String variant) throws IOException {
        Path dir = SharedFixtures.require("reference/pckh");
        PckhCase c = PckhCase.read(dir.resolve(name + ".json"));
        JsonNode expected = new ObjectMapper().readTree(dir.resolve(name + ".expected.json").toFile()).get(variant);
        Map<String, Object> got = Pckh.evaluate(c, Pckh.Variant.byId(variant).orElseThrow());

        List<String> expectedKeys = new ArrayList<>();
        expected.fieldNames().forEachRemaining(expectedKeys::add);
        assertThat(got.keySet()).as("keys and their order").containsExactlyElementsOf(expectedKeys);
        for (String key : expectedKeys) {
            compare(name + "/" + variant + "/" + key, expected.get(key), got.get(key));
        }
    }

    /** Numbers within 1e-9 and, as the aim is to match exactly, bit for bit. */
    private static void compare(String where, JsonNode expected, Object actual) {
        if (expected.isNumber()) {
            assertThat(actual).as(where).isInstanceOf(Number.class);
            double a = ((Number) actual).doubleValue();
            assertThat(a).as(where).isCloseTo(expected.asDouble(), within(1e-9));
            assertThat(a).as(where + " (exact)").isEqualTo(expected.asDouble());
        } else if (expected.isTextual()) {
            assertThat(actual).as(where).isEqualTo(expected.asText());
        } else if (expected.isBoolean()) {
            assertThat(actual).as(where).isEqualTo(expected.asBoolean());
        } else if (expected.isArray()) {
            assertThat(actual).as(where).isInstanceOf(List.class);
            List<?> list = (List<?>) actual;
            assertThat(list).as(where).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                compare(where + "[" + i + "]", expected.get(i), list.get(i));
            }
        } else if (expected.isObject()) {
            assertThat(actual).as(where).isInstanceOf(Map.class);
            Map<?, ?> map = (Map<?, ?>) actual;
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            assertThat(new ArrayList<Object>(map.keySet())).as(where).containsExactlyElementsOf(keys);
            for (String k : keys) {
                compare(where + "." + k, expected.get(k), map.get(k));
            }
        } else {
            throw new AssertionError(where + ": unexpected JSON " + expected);
        }
    }
}
