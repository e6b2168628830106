package io.traceandtrace.core.settings;

import java.util.regex.Pattern;

/**
 * An Ant-style path pattern, as in Spring's request mappings: {@code ?} one character,
 * {@code *} any characters within a segment, {@code {name}} one non-empty segment,
 * {@code **} any number of segments.
 */
final class PathPattern {

    private PathPattern() {
    }

    /** The literal start of a pattern, up to its first wildcard: a path without it cannot match. */
    static String literalPrefix(String pattern) {
        int end = pattern.length();
        for (char wildcard : new char[]{'*', '?', '{'}) {
            int at = pattern.indexOf(wildcard);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String prefix = pattern.substring(0, end);
        // "/orders/**" also matches "/orders": keep the prefix short of the slash before "**"
        return prefix.endsWith("/") && pattern.startsWith("**", end) ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** @throws IllegalArgumentException naming what is wrong with the pattern */
    static Pattern compile(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("expected a path pattern such as /orders/** or /orders/{id}");
        }
        if (!pattern.startsWith("/") && !pattern.startsWith("*")) {
            throw new IllegalArgumentException("expected a path starting with /, e.g. /orders/**");
        }
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("/**", i) && (i + 3 == pattern.length() || pattern.charAt(i + 3) == '/')) {
                regex.append("(?:/.*)?"); // zero or more segments
                i += 3;
            } else if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else if (c == '{') {
                int close = pattern.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed { in the path pattern");
                }
                regex.append("[^/]+");
                i = close + 1;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(regex.toString());
    }
}
