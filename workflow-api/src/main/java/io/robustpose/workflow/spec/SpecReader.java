package io.robustpose.workflow.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.robustpose.workflow.message.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads an experiment spec from JSON or YAML text, strictly: a document over {@link #MAX_BYTES}, a
 * field the spec does not have (with the closest known name when one is near), a control character
 * in any text, or a value of the wrong type is a {@link SpecException} naming the field — never a
 * silently ignored typo.
 */
public final class SpecReader {
    /** Specs are small; anything larger is refused before parsing (REST answers 413 earlier). */
    public static final int MAX_BYTES = 256 * 1024;

    private static final ObjectMapper JSON = strict(Json.configure(new ObjectMapper()));
    private static final ObjectMapper YAML = strict(Json.configure(new ObjectMapper(new YAMLFactory())));

    private SpecReader() {
    }

    private static ObjectMapper strict(ObjectMapper m) {
        return m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
    }

    public static ExperimentSpec read(String text) {
        if (text == null || text.isBlank()) {
            throw new SpecException("spec", "empty document");
        }
        if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new SpecException("spec", "larger than " + MAX_BYTES / 1024 + " KiB");
        }
        String trimmed = text.stripLeading();
        ObjectMapper mapper = trimmed.startsWith("{") ? JSON : YAML;
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException("spec", "not valid JSON or YAML: " + e.getOriginalMessage());
        }
        return read(tree, mapper);
    }

    /** The spec of a record that arrived as JSON (the experiments topic), read as strictly as a REST body. */
    public static ExperimentSpec read(JsonNode tree) {
        return read(tree, JSON);
    }

    private static ExperimentSpec read(JsonNode tree, ObjectMapper mapper) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new SpecException("spec", "empty document");
        }
        if (!tree.isObject()) {
            throw new SpecException("spec", "must be an object with dataset, benchmark, models, report");
        }
        List<SpecException.FieldError> errors = new ArrayList<>();
        checkText(tree, "", errors);
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        try {
            ExperimentSpec spec = mapper.treeToValue(tree, ExperimentSpec.class);
            if (spec == null) {
                throw new SpecException("spec", "empty document");
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            String parent = path(e, true);
            String field = (parent.isEmpty() ? "" : parent + ".") + e.getPropertyName();
            List<String> known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            String near = closest(e.getPropertyName(), known);
            throw new SpecException(field, "unknown field" + (near == null ? "" : " (did you mean '" + near + "'?)")
                    + "; allowed here: " + String.join(", ", known));
        } catch (JsonMappingException e) {
            String p = path(e, false);
            throw new SpecException(p.isEmpty() ? "spec" : p, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new SpecException("spec", "not valid JSON or YAML: " + e.getOriginalMessage());
        }
    }

    /** Field names and text values must be printable: a control character (NUL included) names its field. */
    private static void checkText(JsonNode node, String path, List<SpecException.FieldError> errors) {
        if (node.isTextual()) {
            String v = node.textValue();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    errors.add(new SpecException.FieldError(path.isEmpty() ? "spec" : path,
                            String.format("contains the control character U+%04X at position %d", (int) c, i)));
                    return;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    errors.add(new SpecException.FieldError(path.isEmpty() ? "spec" : path,
                            "a field name contains a control character"));
                    continue;
                }
                checkText(e.getValue(), path.isEmpty() ? key : path + "." + key, errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkText(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static String path(JsonMappingException e, boolean parentOnly) {
        var refs = e.getPath();
        int n = parentOnly && !refs.isEmpty() ? refs.size() - 1 : refs.size();
        return refs.subList(0, n).stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The known name within edit distance 2 (or a case-insensitive match), else null. */
    static String closest(String name, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = k.equalsIgnoreCase(name) ? 0 : distance(name.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
