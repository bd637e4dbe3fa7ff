package io.robustpose.workflow.message;

/** Required-field checks used by the message records' constructors, so an invalid record never exists. */
final class Require {
    private Require() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidMessageException(field, "missing");
        }
        if (value instanceof String s && s.isBlank()) {
            throw new InvalidMessageException(field, "must not be empty");
        }
        return value;
    }

    static int version(Integer v, int current) {
        if (v == null) {
            return current;
        }
        if (v < 1 || v > current) {
            throw new InvalidMessageException("v", "unsupported version " + v + " (this build reads 1.." + current + ")");
        }
        return v;
    }

    static int nonNegative(Integer value, String field) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new InvalidMessageException(field, "must be >= 0 (got " + value + ")");
        }
        return value;
    }
}
