package io.robustpose.workflow.message;

/** A record that cannot be accepted; {@link #field()} names the offending field (or "record" when unparseable). */
public class InvalidMessageException extends RuntimeException {
    private final String field;

    public InvalidMessageException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public InvalidMessageException(String field, String reason, Throwable cause) {
        super(field + ": " + reason, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
