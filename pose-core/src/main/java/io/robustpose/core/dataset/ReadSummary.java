package io.robustpose.core.dataset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reader did with a file, so that nothing is dropped silently: how many records of each
 * kind it kept, which it left out and why, which fields it filled in and which it did not read.
 *
 * @param source       file name (or a label for a stream)
 * @param records      kept records per kind, e.g. {@code images -> 5000}, {@code annotations -> 6352}
 * @param skipped      records left out (or not usable) per reason, e.g.
 *                     {@code "annotation for unknown image" -> 3}
 * @param derived      values the reader filled in per field, e.g. {@code "num_keypoints (from keypoints)" -> 2}
 * @param ignoredFields fields present in the file that the reader does not use, with their counts
 * @param warnings     records kept but worth knowing about, e.g. {@code "annotation for unknown image" -> 3}
 */
public record ReadSummary(String source, Map<String, Long> records, Map<String, Long> skipped,
                          Map<String, Long> derived, Map<String, Long> ignoredFields, Map<String, Long> warnings) {

    public ReadSummary {
        records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        derived = Collections.unmodifiableMap(new TreeMap<>(derived));
        ignoredFields = Collections.unmodifiableMap(new TreeMap<>(ignoredFields));
        warnings = Collections.unmodifiableMap(new TreeMap<>(warnings));
    }

    public long count(String kind) {
        return records.getOrDefault(kind, 0L);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for logs, e.g. {@code gt.json: images=5000 annotations=6352; skipped: none}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(source == null ? "<stream>" : source).append(':');
        records.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        b.append("; skipped: ").append(skipped.isEmpty() ? "none" : skipped.toString());
        if (!derived.isEmpty()) {
            b.append("; derived: ").append(derived);
        }
        if (!ignoredFields.isEmpty()) {
            b.append("; fields not read: ").append(ignoredFields);
        }
        if (!warnings.isEmpty()) {
            b.append("; warnings: ").append(warnings);
        }
        return b.toString();
    }

    /** Collects counts while a reader runs. */
    static final class Builder {
        private final String source;
        private final Map<String, Long> records = new LinkedHashMap<>();
        private final Map<String, Long> skipped = new TreeMap<>();
        private final Map<String, Long> derived = new TreeMap<>();
        private final Map<String, Long> ignoredFields = new TreeMap<>();
        private final Map<String, Long> warnings = new TreeMap<>();

        Builder(String source) {
            this.source = source;
        }

        Builder records(String kind, long n) {
            records.put(kind, n);
            return this;
        }

        void skip(String reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        void derive(String what) {
            derived.merge(what, 1L, Long::sum);
        }

        void ignoreField(String field) {
            ignoredFields.merge(field, 1L, Long::sum);
        }

        void warn(String what, long n) {
            if (n > 0) {
                warnings.merge(what, n, Long::sum);
            }
        }

        ReadSummary build() {
            return new ReadSummary(source, records, skipped, derived, ignoredFields, warnings);
        }
    }
}
