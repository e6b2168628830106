package io.traceandtrace.core.propagation;

/** Lower-case hexadecimal ids, as W3C Trace Context, B3 and sw8 write them: the project's one hex helper. */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Writes {@code value} as 16 lower-case hex digits from {@code offset}. */
    public static void write(long value, char[] out, int offset) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = DIGITS[(int) (value & 0xf)];
            value >>>= 4;
        }
    }

    /** Appends {@code value} as 16 lower-case hex digits, zero-padded. */
    static void append(StringBuilder out, long value) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            out.append(DIGITS[(int) ((value >>> shift) & 0xf)]);
        }
    }

    /** Whether every character of {@code s} is a lower-case hex digit. */
    static boolean isLowerHex(CharSequence s) {
        return isLowerHex(s, 0, s.length());
    }

    static boolean isLowerHex(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The 16 hex digits from {@code offset}, already checked with {@link #isLowerHex}. */
    static long parse(CharSequence s, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 16; i++) {
            value = (value << 4) | Character.digit(s.charAt(i), 16);
        }
        return value;
    }
}
