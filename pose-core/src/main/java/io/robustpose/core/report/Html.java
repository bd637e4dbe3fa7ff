package io.robustpose.core.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Escaping and number formatting shared by the report's HTML and SVG. */
final class Html {
    /** Shown where a value is missing. */
    static final String DASH = "—";

    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * {@code v * factor} with one decimal, rounded half-even on the binary value (Python's {@code '%.1f'}, as
     * {@code RobustnessTable} writes it); empty for a missing value.
     */
    static String oneDecimal(Double v, double factor) {
        if (v == null || v.isNaN()) {
            return "";
        }
        return new BigDecimal(v * factor).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A coordinate for SVG: at most two decimals, no exponent, no locale. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
