package io.robustpose.core.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Streaming access to arrays of JSON records with error messages that name the record and the
 * field. A type error inside a record is remembered, the rest of the record is read (so the
 * message can carry the record's id even when the id comes after the bad field), and
 * {@link #endRecord()} throws it.
 */
final class JsonRecords {
    /** Python's json module writes NaN/Infinity literals: accept them so that they get a clear error. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    final JsonParser p;
    final String source;
    private String section;
    private long index;
    private String recordId;
    private String badField;
    private String problem;

    /** A whole-document reader over the record stream. */
    @FunctionalInterface
    interface DocumentReader<T> {
        T read(JsonRecords records) throws IOException;
    }

    /** Streams {@code file} through {@code reader}; I/O and syntax errors name the file. */
    static <T> T parse(java.nio.file.Path file, DocumentReader<T> reader) {
        try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16)) {
            return parse(in, file.getFileName().toString(), reader);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    static <T> T parse(InputStream in, String sourceName, DocumentReader<T> reader) {
        try {
            JsonRecords r = new JsonRecords(in, sourceName);
            try {
                return reader.read(r);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw r.syntaxError(e);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + sourceName, e);
        }
    }

    JsonRecords(InputStream in, String source) throws IOException {
        this.p = FACTORY.createParser(in);
        this.source = source;
    }

    JsonRecords(byte[] json, String source) throws IOException {
        this.p = FACTORY.createParser(json);
        this.source = source;
    }

    /** Starts the record at {@code section[index]}; the parser is on its START_OBJECT. */
    void beginRecord(String section, long index) {
        this.section = section;
        this.index = index;
        this.recordId = null;
        this.badField = null;
        this.problem = null;
    }

    void recordId(String id) {
        this.recordId = id;
    }

    /** Remembers the first problem of the current record. */
    void fail(String field, String what) {
        if (problem == null) {
            badField = field;
            problem = what;
        }
    }

    boolean failed() {
        return problem != null;
    }

    void endRecord() {
        if (problem != null) {
            throw new MalformedRecordException(source, section, index, recordId, badField, problem);
        }
    }

    /** An error about the current record that cannot wait for its end. */
    MalformedRecordException error(String field, String what) {
        return new MalformedRecordException(source, section, index, recordId, field, what);
    }

    /** An error about the file as a whole (outside any record). */
    MalformedRecordException fileError(String what) {
        return new MalformedRecordException(source, "file", -1, null, null, what);
    }

    /** Wraps a syntax error of the parser with where it happened. */
    MalformedRecordException syntaxError(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        String sec = section == null ? "file" : section;
        MalformedRecordException m = new MalformedRecordException(source, sec, section == null ? -1 : index,
                recordId, null, "invalid JSON: " + e.getOriginalMessage() + where);
        m.initCause(e);
        return m;
    }

    JsonToken next() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw fileError("unexpected end of input");
        }
        return t;
    }

    /** Skips the value the parser is on (scalars, arrays and objects alike). */
    void skipValue() throws IOException {
        p.skipChildren();
    }

    /** An integer field (ids); integral floats such as {@code 3.0} are accepted as Python does. */
    long integral(String field, long absent) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return (long) d;
            }
            fail(field, "expected an integer, got " + p.getText());
            return absent;
        }
        fail(field, "expected an integer, got " + describe(t));
        skipValue();
        return absent;
    }

    /** A number field; NaN or infinite values are errors. Returns NaN after recording a failure. */
    double finiteNumber(String field) throws IOException {
        double d = number(field);
        if (!failed() && !Double.isFinite(d)) {
            fail(field, "expected a finite number, got " + p.getText());
        }
        return d;
    }

    /** A number field, NaN and infinities allowed as values. */
    double number(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        fail(field, "expected a number, got " + describe(t));
        skipValue();
        return Double.NaN;
    }

    /** {@code true}/{@code false} or a number (0 is false), as COCO's iscrowd is written both ways. */
    int flag(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return 1;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return 0;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue() != 0 ? 1 : 0;
        }
        fail(field, "expected 0/1 or a boolean, got " + describe(t));
        skipValue();
        return -1;
    }

    String string(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        fail(field, "expected a string, got " + describe(t));
        skipValue();
        return null;
    }

    /** An array of numbers, or null for JSON null. Elements must be numbers (NaN allowed here). */
    double[] numbers(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            fail(field, "expected an array of numbers, got " + describe(t));
            skipValue();
            return null;
        }
        double[] buf = new double[64];
        int n = 0;
        for (JsonToken e = next(); e != JsonToken.END_ARRAY; e = next()) {
            if (e != JsonToken.VALUE_NUMBER_INT && e != JsonToken.VALUE_NUMBER_FLOAT) {
                fail(field, "element " + n + " is " + describe(e) + ", not a number");
                skipValue();
                n++;
                continue;
            }
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = p.getDoubleValue();
        }
        return Arrays.copyOf(buf, n);
    }

    /** An array of arrays of numbers (polygons, joint lists). */
    double[][] numberRows(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            fail(field, "expected an array of arrays, got " + describe(t));
            skipValue();
            return null;
        }
        double[][] rows = new double[4][];
        int n = 0;
        for (JsonToken e = next(); e != JsonToken.END_ARRAY; e = next()) {
            double[] row = numbers(field);
            if (row == null && !failed()) {
                fail(field, "row " + n + " is null");
            }
            if (n == rows.length) {
                rows = Arrays.copyOf(rows, n * 2);
            }
            rows[n++] = row;
        }
        return Arrays.copyOf(rows, n);
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> t.toString();
        };
    }

    /** Requires the parser to be at START_ARRAY for a top-level section. */
    void expectArray(String section) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedRecordException(source, section, -1, null, null,
                    "expected an array, got " + describe(p.currentToken()));
        }
    }

    /** Requires the parser to be at START_OBJECT for a record. */
    void expectObject() {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw error(null, "expected an object, got " + describe(p.currentToken()));
        }
    }
}
