package io.robustpose.core.dataset;

/**
 * A record of an input file that cannot be used as it is. The message names the file, the
 * section, the record (index and, when known, id) and the field, e.g.
 * {@code gt.json: annotations[12] (id 4711): field 'keypoints': expected 51 numbers, got 50}.
 */
public class MalformedRecordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String section;
    private final long index;
    private final String recordId;
    private final String field;

    public MalformedRecordException(String source, String section, long index, String recordId, String field,
                                    String problem) {
        super(describe(source, section, index, recordId, field, problem));
        this.source = source;
        this.section = section;
        this.index = index;
        this.recordId = recordId;
        this.field = field;
    }

    private static String describe(String source, String section, long index, String recordId, String field,
                                   String problem) {
        StringBuilder b = new StringBuilder();
        if (source != null) {
            b.append(source).append(": ");
        }
        b.append(section);
        if (index >= 0) {
            b.append('[').append(index).append(']');
        }
        if (recordId != null) {
            b.append(" (id ").append(recordId).append(')');
        }
        if (field != null) {
            b.append(": field '").append(field).append('\'');
        }
        return b.append(": ").append(problem).toString();
    }

    public String source() {
        return source;
    }

    public String section() {
        return section;
    }

    /** Position of the record in its array, or -1 when the problem is not in an array. */
    public long index() {
        return index;
    }

    /** The record's id as written in the file, or null when it has none or it was not read yet. */
    public String recordId() {
        return recordId;
    }

    /** The offending field, or null when the record as a whole is wrong. */
    public String field() {
        return field;
    }
}
