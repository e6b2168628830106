package io.traceandtrace.core.limits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span's bounded log list with basictracer-go's {@code MaxLogsPerSpan} semantics: the first
 * {@code (max-1)/2} logs stay, the remaining slots are a ring the newest logs overwrite, and at
 * {@link #drain()} the ring is put back in time order with its oldest entry replaced by one
 * "dropped Span logs" record carrying that entry's timestamp. Not thread-safe: its span guards it.
 */
public final class LogBuffer {

    /** Value of the marker's {@code event} field. */
    public static final String DROPPED_EVENT = "dropped Span logs";
    /** Value of the marker's {@code component} field. */
    public static final String COMPONENT = "traceandtrace";

    private static final int INITIAL_CAPACITY = 4;

    private final int max;
    private LogRecord[] records;
    private int size;
    private int dropped;

    /** @param max logs kept; 0 means unlimited */
    public LogBuffer(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, was " + max);
        }
        this.max = max;
    }

    public void add(LogRecord record) {
        if (max == 0 || size < max) {
            if (records == null) {
                records = new LogRecord[max == 0 ? INITIAL_CAPACITY : Math.min(max, INITIAL_CAPACITY)];
            } else if (size == records.length) {
                int grown = records.length * 2;
                records = Arrays.copyOf(records, max == 0 ? grown : Math.min(max, grown));
            }
            records[size++] = record;
            return;
        }
        int numOld = (max - 1) / 2;
        int numNew = max - numOld;
        records[numOld + dropped % numNew] = record;
        dropped++;
    }

    /** Logs overwritten so far (the marker, added at drain, replaces one more). */
    public int droppedCount() {
        return dropped;
    }

    public int size() {
        return size;
    }

    /** Returns the logs in time order, with the dropped-logs marker if any were dropped, and empties the buffer. */
    public List<LogRecord> drain() {
        List<LogRecord> out = new ArrayList<>(size);
        drain(out::add);
        return out;
    }

    /** Hands the logs in time order, with the dropped-logs marker if any were dropped, to {@code sink}, and empties the buffer. */
    public void drain(Consumer<LogRecord> sink) {
        if (dropped == 0) {
            for (int i = 0; i < size; i++) {
                sink.accept(records[i]);
            }
        } else {
            int numOld = (max - 1) / 2;
            int numNew = max - numOld;
            int oldest = dropped % numNew;
            for (int i = 0; i < numOld; i++) {
                sink.accept(records[i]);
            }
            // the oldest entry of the ring gives way to the marker, keeping its timestamp
            sink.accept(marker(records[numOld + oldest].timestampMicros(), dropped + 1));
            for (int i = 1; i < numNew; i++) {
                sink.accept(records[numOld + (oldest + i) % numNew]);
            }
        }
        records = null;
        size = 0;
        dropped = 0;
    }

    private static LogRecord marker(long timestampMicros, int droppedLogCount) {
        Map<String, Object> fields = new LinkedHashMap<>(4);
        fields.put("event", DROPPED_EVENT);
        fields.put("dropped_log_count", droppedLogCount);
        fields.put("component", COMPONENT);
        return new LogRecord(timestampMicros, Collections.unmodifiableMap(fields));
    }
}
