package io.traceandtrace.core.propagation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The W3C {@code tracestate} list: several headers combined in order, checked against the
 * recommendation's grammar (keys, values, at most 32 members, no duplicate key).
 */
final class TraceState {

    /** List members one {@code tracestate} may carry. */
    static final int MAX_MEMBERS = 32;
    private static final int MAX_KEY = 256;
    private static final int MAX_TENANT = 241;
    private static final int MAX_SYSTEM = 14;
    private static final int MAX_VALUE = 256;

    private TraceState() {
    }

    /**
     * The headers as one list, optional white space and empty members removed, or null when they
     * hold no member or an invalid one (then the whole list is dropped, as OpenTelemetry does too).
     */
    static String combine(List<String> headers) {
        StringBuilder out = new StringBuilder();
        Set<String> keys = null;
        int members = 0;
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            int start = 0;
            while (start <= header.length()) {
                int comma = header.indexOf(',', start);
                int end = comma < 0 ? header.length() : comma;
                String member = stripOws(header.substring(start, end));
                start = end + 1;
                if (member.isEmpty()) {
                    continue;
                }
                int eq = member.indexOf('=');
                if (eq <= 0 || !isKey(member, eq) || !isValue(member, eq + 1)) {
                    return null;
                }
                String key = member.substring(0, eq);
                if (keys == null) {
                    keys = new HashSet<>();
                }
                if (!keys.add(key) || ++members > MAX_MEMBERS) {
                    return null;
                }
                if (!out.isEmpty()) {
                    out.append(',');
                }
                out.append(member);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** {@code value} without leading and trailing spaces and tabs (HTTP's optional white space). */
    static String stripOws(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && isOws(value.charAt(from))) {
            from++;
        }
        while (to > from && isOws(value.charAt(to - 1))) {
            to--;
        }
        return from == 0 && to == value.length() ? value : value.substring(from, to);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** simple-key, or tenant-id "@" system-id, in {@code member[0, end)}. */
    static boolean isKey(String member, int end) {
        int at = member.indexOf('@');
        if (at < 0 || at >= end) {
            return end <= MAX_KEY && isLcAlpha(member.charAt(0)) && keyChars(member, 1, end);
        }
        int systemLength = end - at - 1;
        return at <= MAX_TENANT && systemLength >= 1 && systemLength <= MAX_SYSTEM
                && (isLcAlpha(member.charAt(0)) || isDigit(member.charAt(0))) && keyChars(member, 1, at)
                && isLcAlpha(member.charAt(at + 1)) && keyChars(member, at + 2, end);
    }

    private static boolean keyChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isLcAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '*' && c != '/') {
                return false;
            }
        }
        return true;
    }

    /** 1 to 256 printable ASCII characters but ',' and '=', not ending in a space, from {@code from} to the end. */
    static boolean isValue(String member, int from) {
        int length = member.length() - from;
        if (length < 1 || length > MAX_VALUE || member.charAt(member.length() - 1) == ' ') {
            return false;
        }
        for (int i = from; i < member.length(); i++) {
            char c = member.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLcAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
