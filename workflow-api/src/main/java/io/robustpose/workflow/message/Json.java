package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** The one JSON configuration of every record on every topic: unknown fields are tolerated. */
public final class Json {
    public static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    public static ObjectMapper configure(ObjectMapper m) {
        return m.registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Object value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    /**
     * Decodes a record and runs its validation. Any problem becomes an {@link InvalidMessageException}
     * naming the field (or "record" when the bytes are not JSON at all).
     */
    public static <T> T decode(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidMessageException("record", "empty value");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new InvalidMessageException("record", "null value");
            }
            return value;
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidMessageException ime) {
                throw ime;
            }
            throw new InvalidMessageException(path(e), e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            Throwable c = e.getCause();
            while (c != null) {
                if (c instanceof InvalidMessageException ime) {
                    throw ime;
                }
                c = c.getCause();
            }
            throw new InvalidMessageException(path(e), e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidMessageException("record", "not JSON: " + e.getMessage(), e);
        }
    }

    /** The record as a JSON tree (for re-reading parts of it strictly). */
    public static com.fasterxml.jackson.databind.JsonNode tree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidMessageException("record", "not JSON: " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return p.isEmpty() ? "record" : p;
    }
}
