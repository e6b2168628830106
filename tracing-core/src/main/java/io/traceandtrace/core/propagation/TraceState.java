package io.traceandtrace.core.propagation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The W3C {@code tracestate} list as Trace Context Level 2 defines it: several headers combined in
 * order, each member checked against the key and value grammar, a repeated key dropped, at most
 * 32 members, and at most 512 characters passed on.
 */
final class TraceState {

    /** List members one {@code tracestate} may carry. */
    static final int MAX_MEMBERS = 32;
    /** Characters of the combined list passed on; longer lists lose whole members. */
    static final int MAX_LENGTH = 512;
    /** Members longer than this are the first to go when a list is too long. */
    static final int LONG_MEMBER = 128;
    private static final int MAX_KEY = 256;
    private static final int MAX_VALUE = 256;

    private TraceState() {
    }

    /**
     * The headers as one list, or null when they hold no member or the list is invalid: a member
     * that does not parse, or more than 32 members (then the whole list is dropped, as the
     * recommendation's test suite expects). Optional white space and empty members are removed;
     * a key seen before keeps its first, left-most, value; a list longer than 512 characters
     * loses whole members, the longest ones from the right first.
     */
    static String combine(List<String> headers) {
        List<String> members = null;
        Set<String> keys = null;
        int received = 0;
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
                if (eq <= 0 || !isKey(member, eq) || !isValue(member, eq + 1) || ++received > MAX_MEMBERS) {
                    return null;
                }
                if (members == null) {
                    members = new ArrayList<>(4);
                    keys = new HashSet<>(8);
                }
                // the left-most entry is a vendor's latest one; later ones with its key are stale
                if (keys.add(member.substring(0, eq))) {
                    members.add(member);
                }
            }
        }
        return members == null ? null : String.join(",", truncate(members));
    }

    /** {@code members} with whole members removed until they fit {@link #MAX_LENGTH} once joined. */
    private static List<String> truncate(List<String> members) {
        int length = members.size() - 1;
        for (String member : members) {
            length += member.length();
        }
        for (int i = members.size() - 1; i >= 0 && length > MAX_LENGTH; i--) {
            if (members.get(i).length() > LONG_MEMBER) {
                length -= members.remove(i).length() + 1;
            }
        }
        while (length > MAX_LENGTH) {
            length -= members.remove(members.size() - 1).length() + 1;
        }
        return members;
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

    /**
     * Level 2's key in {@code member[0, end)}: a lower-case letter or digit, then up to 255 of
     * those, {@code _ - * /} and {@code @} (so {@code tenant@system} and any other use of
     * {@code @} after the first character; Level 1's 241 + 14 split is gone).
     */
    private static boolean isKey(String member, int end) {
        char first = member.charAt(0);
        if (end > MAX_KEY || !(isLcAlpha(first) || isDigit(first))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = member.charAt(i);
            if (!isLcAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '*' && c != '/' && c != '@') {
                return false;
            }
        }
        return true;
    }

    /** 1 to 256 printable ASCII characters but ',' and '=', not ending in a space, from {@code from} to the end. */
    private static boolean isValue(String member, int from) {
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
