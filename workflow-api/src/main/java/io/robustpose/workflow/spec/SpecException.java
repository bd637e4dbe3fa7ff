package io.robustpose.workflow.spec;

import java.util.List;
import java.util.stream.Collectors;

/** An experiment spec that cannot run; every error names its field path (e.g. {@code dataset.format}). */
public class SpecException extends RuntimeException {
    public record FieldError(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final List<FieldError> errors;

    public SpecException(List<FieldError> errors) {
        super("invalid experiment spec: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public SpecException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
