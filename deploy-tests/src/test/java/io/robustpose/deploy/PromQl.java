package io.robustpose.deploy;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana templating query) reads. Good enough for the
 * expressions of this chart: strips Helm actions, Grafana variables, string literals, label matchers,
 * ranges and grouping clauses, then keeps the identifiers that are not functions or keywords.
 * (integration-tests' MetricNamesIT carries the same rules.)
 */
final class PromQl {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([A-Za-z_:][\\w:]*+)(?!\\s*\\()");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("(?s)\\{\\{.*?}}`?}?}?", " ");                       // Helm actions
        s = s.replaceAll("label_values\\(\\s*([^,]*?)\\s*,\\s*\\w+\\s*\\)", "$1");       // Grafana: label_values(sel, label)
        s = s.replaceAll("\\$\\{?\\w+}?", " ");                                          // Grafana variables
        s = s.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'", "\"\"");       // string literals
        s = s.replaceAll("\\{[^}]*}", " ");                                              // label matchers
        s = s.replaceAll("\\[[^]]*]", " ");                                              // ranges, subqueries
        s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The names listed in dashboards/pending-metrics.txt (first token of each non-comment line). */
    static Set<String> pending(Path file) {
        Set<String> names = new TreeSet<>();
        for (String line : Chart.read(file).split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                names.add(l.split("\\s+")[0]);
            }
        }
        return names;
    }
}
