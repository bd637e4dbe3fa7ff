package io.robustpose.workflow.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.robustpose.workflow.message.Json;

import java.util.stream.Collectors;

/** Reads an experiment spec from JSON or YAML text; a malformed document names the field it broke at. */
public final class SpecReader {
    private static final ObjectMapper YAML = Json.configure(new ObjectMapper(new YAMLFactory()));

    private SpecReader() {
    }

    public static ExperimentSpec read(String text) {
        if (text == null || text.isBlank()) {
            throw new SpecException("spec", "empty document");
        }
        String trimmed = text.stripLeading();
        ObjectMapper mapper = trimmed.startsWith("{") ? Json.MAPPER : YAML;
        try {
            ExperimentSpec spec = mapper.readValue(text, ExperimentSpec.class);
            if (spec == null) {
                throw new SpecException("spec", "empty document");
            }
            return spec;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new SpecException(path.isEmpty() ? "spec" : path, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new SpecException("spec", "not valid JSON or YAML: " + e.getOriginalMessage());
        }
    }
}
