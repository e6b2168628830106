package io.traceandtrace.core.limits;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.tag.Tag;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.export.SpanSize;
import io.traceandtrace.core.export.SpanSizeHint;

import java.util.Map;

/** A {@link BoundedSpan} that keeps its logs in a {@link LogBuffer} until finish. */
final class BufferedSpan implements BoundedSpan {

    private final Span delegate;
    private final SpanLimits limits;
    private final long startMicros;
    // with a start time of our own, every later timestamp is start + monotonic elapsed time
    private final long startNanos;
    private volatile String operationName;
    private volatile boolean sampled;
    // W3C tracestate inherited from the parent, or null
    private final String traceState;
    // the delegate's context with the trace state, remade when the delegate's context changes (baggage, sampling)
    private volatile CarriedState carried;
    private boolean finished; // guarded by this
    private LogBuffer logs; // guarded by this
    private int approxBytes; // what tags and logs hold, roughly; racy updates only blur an estimate

    BufferedSpan(Span delegate, String operationName, SpanLimits limits, long startMicros, long startNanos,
                 int approxBytes, String traceState) {
        this.delegate = delegate;
        this.approxBytes = SpanSize.SPAN + approxBytes + SpanSize.text(operationName);
        this.operationName = operationName;
        this.limits = limits;
        this.startMicros = startMicros;
        this.startNanos = startNanos;
        this.traceState = traceState;
        this.sampled = isSampled(delegate.context());
    }

    static boolean isSampled(SpanContext context) {
        return !(context instanceof JaegerSpanContext jaeger) || jaeger.isSampled();
    }

    @Override
    public String operationName() {
        return operationName;
    }

    @Override
    public long startTime() {
        return startMicros;
    }

    @Override
    public Span delegate() {
        return delegate;
    }

    long nowMicros() {
        return startNanos == 0 ? Clocks.wallMicros() : startMicros + (System.nanoTime() - startNanos) / 1000;
    }

    private boolean recording() {
        return sampled || !limits.trimUnsampledSpans();
    }

    @Override
    public SpanContext context() {
        SpanContext current = delegate.context();
        if (traceState == null || !(current instanceof JaegerSpanContext jaeger)) {
            return current;
        }
        CarriedState last = carried;
        if (last != null && last.from() == current) {
            return last.context();
        }
        JaegerSpanContext withState = jaeger.withTraceState(traceState);
        carried = new CarriedState(current, withState);
        return withState;
    }

    private record CarriedState(SpanContext from, JaegerSpanContext context) {
    }

    @Override
    public BufferedSpan setTag(String key, String value) {
        if (recording()) {
            String kept = limits.redacts(key) ? SpanLimits.REDACTED : limits.truncate(value);
            approxBytes += SpanSize.entry(key, kept);
            delegate.setTag(key, kept);
        }
        return this;
    }

    @Override
    public BufferedSpan setTag(String key, boolean value) {
        if (recording()) {
            approxBytes += SpanSize.entry(key, value);
            if (limits.redacts(key)) {
                delegate.setTag(key, SpanLimits.REDACTED);
            } else {
                delegate.setTag(key, value);
            }
        }
        return this;
    }

    @Override
    public BufferedSpan setTag(String key, Number value) {
        if (Tags.SAMPLING_PRIORITY.getKey().equals(key)) {
            // sampling.priority can turn sampling on or off: always forward it, then look again
            delegate.setTag(key, value);
            sampled = isSampled(delegate.context());
        } else if (recording()) {
            approxBytes += SpanSize.entry(key, value);
            if (limits.redacts(key)) {
                delegate.setTag(key, SpanLimits.REDACTED);
            } else {
                delegate.setTag(key, value);
            }
        }
        return this;
    }

    @Override
    public <T> BufferedSpan setTag(Tag<T> tag, T value) {
        if (value instanceof String s) {
            return setTag(tag.getKey(), s);
        }
        if (value instanceof Number n) {
            return setTag(tag.getKey(), n);
        }
        if (value instanceof Boolean b) {
            return setTag(tag.getKey(), b.booleanValue());
        }
        if (recording()) {
            if (limits.redacts(tag.getKey())) {
                delegate.setTag(tag.getKey(), SpanLimits.REDACTED);
            } else {
                tag.set(delegate, value);
            }
        }
        return this;
    }

    @Override
    public BufferedSpan log(Map<String, ?> fields) {
        return recording() ? log(nowMicros(), fields) : this;
    }

    @Override
    public BufferedSpan log(long timestampMicroseconds, Map<String, ?> fields) {
        if (recording()) {
            record(new LogRecord(timestampMicroseconds, fields));
        }
        return this;
    }

    @Override
    public BufferedSpan log(String event) {
        return recording() ? log(nowMicros(), event) : this;
    }

    @Override
    public BufferedSpan log(long timestampMicroseconds, String event) {
        if (recording()) {
            record(LogRecord.event(timestampMicroseconds, event));
        }
        return this;
    }

    private synchronized void record(LogRecord record) {
        if (finished) {
            return; // the logs were written at finish; later ones have nowhere to go
        }
        approxBytes += SpanSize.log(record.fields(), record.event());
        if (logs == null) {
            logs = new LogBuffer(limits.maxLogsPerSpan());
        }
        logs.add(record);
    }

    @Override
    public BufferedSpan setBaggageItem(String key, String value) {
        delegate.setBaggageItem(key, value);
        return this;
    }

    @Override
    public String getBaggageItem(String key) {
        return delegate.getBaggageItem(key);
    }

    @Override
    public BufferedSpan setOperationName(String operationName) {
        this.operationName = operationName;
        delegate.setOperationName(operationName);
        return this;
    }

    @Override
    public void finish() {
        finish(nowMicros());
    }

    @Override
    public void finish(long finishMicros) {
        LogBuffer toWrite;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            toWrite = logs;
            logs = null;
        }
        if (toWrite != null) {
            // no other thread reaches the buffer once it is detached
            toWrite.drain(this::write);
        }
        SpanSizeHint.set(approxBytes);
        try {
            delegate.finish(finishMicros);
        } finally {
            SpanSizeHint.clear();
        }
    }

    private void write(LogRecord record) {
        if (record.fields() != null) {
            delegate.log(record.timestampMicros(), withoutThrowables(record.fields()));
        } else {
            delegate.log(record.timestampMicros(), record.event());
        }
    }

    /**
     * A {@code Throwable} field value (OpenTracing's {@code error.object}) as its string form, which is
     * what Jaeger's Thrift encoding sends anyway: held as an object it keeps the whole exception (and
     * what it references) in memory until export, and zipkin2's JSON writer cannot serialise it.
     */
    private static Map<String, ?> withoutThrowables(Map<String, ?> fields) {
        boolean any = false;
        for (Object value : fields.values()) {
            if (value instanceof Throwable) {
                any = true;
                break;
            }
        }
        if (!any) {
            return fields;
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>(fields.size() * 2);
        fields.forEach((key, value) -> copy.put(key, value instanceof Throwable error ? error.toString() : value));
        return copy;
    }

    @Override
    public String toString() {
        return "BoundedSpan{" + operationName + ", " + delegate + '}';
    }
}
