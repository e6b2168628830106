package io.traceandtrace.core.recent;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.LogData;
import io.traceandtrace.core.export.FinishedSpanTags;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished span as the store holds it: one byte array with no references in it, so that the
 * thousands of spans the store keeps are a few objects for the collector to copy rather than a
 * graph of maps and strings to trace, copy and promote; a query decodes it into a {@link RecentSpan}.
 *
 * <p>Layout: span id, parent id, start, duration (8 bytes each), then operation and service names,
 * the tags ({@code key value}) and the logs (time, then their fields in the order they are shown),
 * strings as a varint length and UTF-8, values with a one-byte type. The trace id is the store's key.
 */
final class SpanBytes {

    private static final byte STRING = 0;
    private static final byte TRUE = 1;
    private static final byte FALSE = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte FLOAT = 6;
    private static final byte OTHER_NUMBER = 7; // its toString, read back as a BigDecimal

    private SpanBytes() {
    }

    // each thread's writer, its buffer kept from span to span (the export thread's, in practice)
    private static final ThreadLocal<Out> WRITER = ThreadLocal.withInitial(Out::new);

    /** The span's fields in one array of exactly their size, written once into the thread's buffer and copied out. */
    static byte[] encode(JaegerSpan span) {
        Out out = WRITER.get();
        out.position = 0;
        write(span, FinishedSpanTags.of(span), span.getLogs(), out);
        byte[] encoded = Arrays.copyOf(out.bytes, out.position);
        out.shrink();
        return encoded;
    }

    private static void write(JaegerSpan span, Map<String, Object> tags, List<LogData> logs, Out out) {
        JaegerSpanContext context = span.context();
        out.writeLong(context.getSpanId());
        out.writeLong(context.getParentId());
        out.writeLong(span.getStart());
        out.writeLong(span.getDuration());
        out.writeString(span.getOperationName());
        out.writeString(span.getServiceName());
        out.writeVarint(tags.size());
        for (Map.Entry<String, Object> tag : tags.entrySet()) {
            out.writeString(tag.getKey());
            out.writeValue(tag.getValue());
        }
        int logCount = logs == null ? 0 : logs.size();
        out.writeVarint(logCount);
        for (int i = 0; i < logCount; i++) {
            LogData log = logs.get(i);
            Map<String, ?> fields = log.getFields();
            out.writeLong(log.getTime());
            out.writeVarint((log.getMessage() == null ? 0 : 1) + (fields == null ? 0 : fields.size()));
            if (log.getMessage() != null) {
                out.writeString("event");
                out.writeValue(log.getMessage());
            }
            if (fields != null) {
                for (Map.Entry<String, ?> field : fields.entrySet()) {
                    out.writeString(field.getKey());
                    out.writeValue(field.getValue());
                }
            }
        }
    }

    /** What the store counts for a span: the array with its header, and the reference to it. */
    static int heldBytes(byte[] encoded) {
        return 16 + ((encoded.length + 7) & ~7) + 8;
    }

    static RecentSpan decode(String traceId, byte[] encoded) {
        In in = new In(encoded);
        long spanId = in.readLong();
        long parentId = in.readLong();
        long start = in.readLong();
        long duration = in.readLong();
        String operation = in.readString();
        String service = in.readString();
        int tagCount = in.readVarint();
        Map<String, Object> tags = new HashMap<>(Math.max(4, tagCount * 4 / 3 + 1));
        for (int i = 0; i < tagCount; i++) {
            tags.put(in.readString(), in.readValue());
        }
        int logCount = in.readVarint();
        List<Map<String, Object>> logs = List.of();
        if (logCount > 0) {
            logs = new ArrayList<>(logCount);
            for (int i = 0; i < logCount; i++) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("timestampMicros", in.readLong());
                int fieldCount = in.readVarint();
                for (int f = 0; f < fieldCount; f++) {
                    fields.put(in.readString(), in.readValue());
                }
                logs.add(Collections.unmodifiableMap(fields));
            }
            logs = Collections.unmodifiableList(logs);
        }
        Object kind = tags.get("span.kind");
        Object error = tags.get("error");
        return new RecentSpan(traceId, RecentSpan.hex(spanId), parentId == 0 ? null : RecentSpan.hex(parentId),
                operation, service, start, duration, kind == null ? null : kind.toString(),
                Boolean.TRUE.equals(error) || "true".equals(error), Collections.unmodifiableMap(tags), logs);
    }

    /** A growing buffer, kept between spans up to {@link #KEPT_BYTES}. */
    private static final class Out {
        private static final int INITIAL_BYTES = 1024;
        private static final int KEPT_BYTES = 64 * 1024;

        byte[] bytes = new byte[INITIAL_BYTES];
        int position;

        /** Room for {@code more} bytes from the position on. */
        void ensure(int more) {
            if (position + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
            }
        }

        /** After a span with many logs: do not keep its large buffer for the next ones. */
        void shrink() {
            if (bytes.length > KEPT_BYTES) {
                bytes = new byte[INITIAL_BYTES];
            }
        }

        void writeByte(int b) {
            ensure(1);
            bytes[position++] = (byte) b;
        }

        void writeLong(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[position++] = (byte) (value >>> shift);
            }
        }

        void writeInt(int value) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[position++] = (byte) (value >>> shift);
            }
        }

        void writeVarint(int value) {
            ensure(5);
            while ((value & ~0x7f) != 0) {
                bytes[position++] = (byte) ((value & 0x7f) | 0x80);
                value >>>= 7;
            }
            bytes[position++] = (byte) value;
        }

        /** A varint of the UTF-8 length, then UTF-8 as {@link String#getBytes} writes it (a lone surrogate as '?'). */
        void writeString(String s) {
            int length = s.length();
            int utf8 = 0;
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    utf8++;
                } else if (c < 0x800) {
                    utf8 += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    utf8 += 4;
                    i++;
                } else {
                    utf8 += Character.isSurrogate(c) ? 1 : 3;
                }
            }
            writeVarint(utf8);
            ensure(utf8);
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    bytes[position++] = (byte) c;
                } else if (c < 0x800) {
                    bytes[position++] = (byte) (0xc0 | (c >> 6));
                    bytes[position++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(c, s.charAt(++i));
                    bytes[position++] = (byte) (0xf0 | (codePoint >> 18));
                    bytes[position++] = (byte) (0x80 | ((codePoint >> 12) & 0x3f));
                    bytes[position++] = (byte) (0x80 | ((codePoint >> 6) & 0x3f));
                    bytes[position++] = (byte) (0x80 | (codePoint & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    bytes[position++] = '?';
                } else {
                    bytes[position++] = (byte) (0xe0 | (c >> 12));
                    bytes[position++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    bytes[position++] = (byte) (0x80 | (c & 0x3f));
                }
            }
        }

        /** Numbers and booleans keep their type; anything else is shown as its {@code String.valueOf}. */
        void writeValue(Object value) {
            if (value instanceof Boolean b) {
                writeByte(b ? TRUE : FALSE);
            } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                writeByte(INT); // shown alike
                writeInt(((Number) value).intValue());
            } else if (value instanceof Long l) {
                writeByte(LONG);
                writeLong(l);
            } else if (value instanceof Double d) {
                writeByte(DOUBLE);
                writeLong(Double.doubleToRawLongBits(d));
            } else if (value instanceof Float f) {
                writeByte(FLOAT);
                writeInt(Float.floatToRawIntBits(f));
            } else if (value instanceof Number n) {
                writeByte(OTHER_NUMBER);
                writeString(n.toString());
            } else {
                writeByte(STRING);
                writeString(String.valueOf(value));
            }
        }
    }

    private static final class In {
        private final byte[] bytes;
        private int position;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        long readLong() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (bytes[position++] & 0xff);
            }
            return value;
        }

        int readInt() {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                value = (value << 8) | (bytes[position++] & 0xff);
            }
            return value;
        }

        int readVarint() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[position++];
                value |= (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        String readString() {
            int length = readVarint();
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        Object readValue() {
            byte type = bytes[position++];
            return switch (type) {
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case INT -> readInt();
                case LONG -> readLong();
                case DOUBLE -> Double.longBitsToDouble(readLong());
                case FLOAT -> Float.intBitsToFloat(readInt());
                case OTHER_NUMBER -> number(readString());
                default -> readString();
            };
        }

        private static Object number(String text) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException notDecimal) {
                return text; // a Number whose toString is not a number: shown as it prints
            }
        }
    }
}
