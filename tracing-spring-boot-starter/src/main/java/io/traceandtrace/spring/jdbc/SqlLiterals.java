package io.traceandtrace.spring.jdbc;

/**
 * Replaces the literals of an SQL statement by {@code ?}: quoted strings (also {@code E'..'}, {@code N'..'},
 * {@code X'..'} and PostgreSQL's dollar quotes) and numbers. Identifiers, quoted identifiers, comments
 * and bind markers ({@code ?}, {@code $1}, {@code :name}) are kept. A scan, not a parse: cost linear in the
 * length, and a statement it cannot follow (an unterminated quote) loses everything after the quote.
 */
final class SqlLiterals {

    private SqlLiterals() {
    }

    static String mask(String sql) {
        int n = sql.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                out.append('?');
            } else if (c == '"' || c == '`') {
                int end = skipQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && i + 1 < n && isDigit(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isDigit(sql.charAt(end))) {
                    end++;
                }
                out.append(sql, i, end);
                i = end;
            } else if (c == '$') {
                int end = skipDollarQuoted(sql, i);
                if (end > i) {
                    out.append('?');
                    i = end;
                } else {
                    out.append(c);
                    i++;
                }
            } else if (isLiteralPrefix(c) && i + 1 < n && sql.charAt(i + 1) == '\'' && !identifierBefore(sql, i)) {
                i = skipQuoted(sql, i + 1, '\'');
                out.append('?');
            } else if (isIdentifierStart(c)) {
                int end = i + 1;
                while (end < n && isIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                out.append(sql, i, end);
                i = end;
            } else if ((isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) && !identifierBefore(sql, i)) {
                i = skipNumber(sql, i);
                out.append('?');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Index after the closing quote; a doubled quote (or a backslash escape) stays inside. */
    private static int skipQuoted(String sql, int open, char quote) {
        int n = sql.length();
        int i = open + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && quote == '\'' && i + 1 < n) {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** {@code $tag$ ... $tag$}: index after the closing tag, or {@code start} when this is no dollar quote. */
    private static int skipDollarQuoted(String sql, int start) {
        int close = sql.indexOf('$', start + 1);
        if (close < 0) {
            return start;
        }
        for (int i = start + 1; i < close; i++) {
            if (!isIdentifierPart(sql.charAt(i))) {
                return start;
            }
        }
        String tag = sql.substring(start, close + 1);
        int end = sql.indexOf(tag, close + 1);
        return end < 0 ? sql.length() : end + tag.length();
    }

    private static int skipNumber(String sql, int start) {
        int n = sql.length();
        int i = start;
        if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
            i += 2;
            while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    private static boolean identifierBefore(String sql, int i) {
        return i > 0 && (isIdentifierPart(sql.charAt(i - 1)) || sql.charAt(i - 1) == '$');
    }

    private static boolean isLiteralPrefix(char c) {
        return c == 'E' || c == 'e' || c == 'N' || c == 'n' || c == 'X' || c == 'x' || c == 'B' || c == 'b' || c == 'U' || c == 'u';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '@' || c == '#';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '#';
    }
}
