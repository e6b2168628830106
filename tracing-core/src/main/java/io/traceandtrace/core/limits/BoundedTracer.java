package io.traceandtrace.core.limits;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.References;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tag;
import io.traceandtrace.core.export.SpanSize;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tracer that applies {@link SpanLimits} to the spans of another tracer (in practice Jaeger's).
 *
 * <p>Its spans are {@link BoundedSpan}s: they buffer logs in a {@link LogBuffer} and write them,
 * with their original timestamps, to the delegate's span at finish; with
 * {@link SpanLimits#trimUnsampledSpans() trim} on, tags and logs on an unsampled span are dropped
 * at once. A child carries its parent's W3C {@code tracestate} (Jaeger's own children do not).
 * Scopes, inject and extract are the delegate's own.
 */
public final class BoundedTracer implements Tracer {

    /**
     * The tag that records a span's W3C {@code tracestate} where exporters find it: the
     * OpenTelemetry Collector's Jaeger and Zipkin translators map it to and from OTLP's trace_state.
     */
    public static final String TRACE_STATE_TAG = "w3c.tracestate";

    private final Tracer delegate;
    private final SpanLimits limits;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BoundedTracer(Tracer delegate, SpanLimits limits) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public static BoundedTracer wrap(Tracer delegate, SpanLimits limits) {
        if (delegate instanceof BoundedTracer bounded) {
            return new BoundedTracer(bounded.delegate, limits);
        }
        return new BoundedTracer(delegate, limits);
    }

    /** The tracer whose spans this one bounds. */
    public Tracer delegate() {
        return delegate;
    }

    public SpanLimits limits() {
        return limits;
    }

    @Override
    public ScopeManager scopeManager() {
        return delegate.scopeManager();
    }

    @Override
    public Span activeSpan() {
        return delegate.activeSpan();
    }

    @Override
    public Scope activateSpan(Span span) {
        return delegate.activateSpan(span);
    }

    @Override
    public BoundedSpanBuilder buildSpan(String operationName) {
        return new BoundedSpanBuilder(delegate.buildSpan(operationName), operationName);
    }

    @Override
    public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
        delegate.inject(spanContext, format, carrier);
    }

    @Override
    public <C> SpanContext extract(Format<C> format, C carrier) {
        return delegate.extract(format, carrier);
    }

    /** Closes the delegate, which flushes what it has reported; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            delegate.close();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "BoundedTracer{" + limits + ", " + delegate + '}';
    }

    /** Builds {@link BoundedSpan}s; every method returns this builder for chaining. */
    public final class BoundedSpanBuilder implements SpanBuilder {
        private final SpanBuilder delegateBuilder;
        private final String operationName;
        private long startMicros;
        private int approxBytes;
        // the reference Jaeger makes the parent: the first CHILD_OF, else the first one
        private SpanContext parent;
        private boolean parentIsChildOf;
        private boolean ignoreActiveSpan;

        private BoundedSpanBuilder(SpanBuilder delegateBuilder, String operationName) {
            this.delegateBuilder = delegateBuilder;
            this.operationName = operationName;
        }

        @Override
        public BoundedSpanBuilder asChildOf(SpanContext parent) {
            return addReference(References.CHILD_OF, parent);
        }

        @Override
        public BoundedSpanBuilder asChildOf(Span parent) {
            return addReference(References.CHILD_OF, parent == null ? null : parent.context());
        }

        @Override
        public BoundedSpanBuilder addReference(String referenceType, SpanContext referencedContext) {
            delegateBuilder.addReference(referenceType, referencedContext);
            if (referencedContext != null && !parentIsChildOf) {
                boolean childOf = References.CHILD_OF.equals(referenceType);
                if (childOf || (parent == null && References.FOLLOWS_FROM.equals(referenceType))) {
                    parent = referencedContext;
                    parentIsChildOf = childOf;
                }
            }
            return this;
        }

        @Override
        public BoundedSpanBuilder ignoreActiveSpan() {
            delegateBuilder.ignoreActiveSpan();
            ignoreActiveSpan = true;
            return this;
        }

        @Override
        public BoundedSpanBuilder withTag(String key, String value) {
            String kept = limits.redacts(key) ? SpanLimits.REDACTED : limits.truncate(value);
            approxBytes += SpanSize.entry(key, kept);
            delegateBuilder.withTag(key, kept);
            return this;
        }

        @Override
        public BoundedSpanBuilder withTag(String key, boolean value) {
            if (limits.redacts(key)) {
                return withTag(key, SpanLimits.REDACTED);
            }
            approxBytes += SpanSize.entry(key, value);
            delegateBuilder.withTag(key, value);
            return this;
        }

        @Override
        public BoundedSpanBuilder withTag(String key, Number value) {
            if (limits.redacts(key)) {
                return withTag(key, SpanLimits.REDACTED);
            }
            approxBytes += SpanSize.entry(key, value);
            delegateBuilder.withTag(key, value);
            return this;
        }

        @Override
        public <T> BoundedSpanBuilder withTag(Tag<T> tag, T value) {
            if (value instanceof String || limits.redacts(tag.getKey())) {
                return withTag(tag.getKey(), String.valueOf(value));
            }
            approxBytes += SpanSize.entry(tag.getKey(), value);
            delegateBuilder.withTag(tag, value);
            return this;
        }

        @Override
        public BoundedSpanBuilder withStartTimestamp(long microseconds) {
            this.startMicros = microseconds;
            return this;
        }

        @Override
        public BoundedSpan start() {
            long nanos = 0;
            long micros = startMicros;
            if (micros == 0) {
                micros = Clocks.wallMicros();
                nanos = System.nanoTime();
            }
            Span span = delegateBuilder.withStartTimestamp(micros).start();
            String traceState = inheritedTraceState();
            if (traceState != null && BufferedSpan.isSampled(span.context())) {
                // the reported Jaeger span has no field for it: an unsampled span is never reported
                span.setTag(TRACE_STATE_TAG, traceState);
            }
            return new BufferedSpan(span, operationName, limits, micros, nanos, approxBytes, traceState);
        }

        /**
         * The parent's W3C {@code tracestate}, which jaeger-client's child contexts do not copy
         * and the recommendation says every outgoing call must carry; none for a new root.
         */
        private String inheritedTraceState() {
            SpanContext from = parent;
            if (from == null && !ignoreActiveSpan) {
                Span active = delegate.activeSpan();
                from = active == null ? null : active.context();
            }
            if (from instanceof JaegerSpanContext jaeger && jaeger.getTraceState() != null
                    && (jaeger.getTraceIdLow() != 0 || jaeger.getTraceIdHigh() != 0)) {
                return jaeger.getTraceState();
            }
            return null;
        }
    }
}
