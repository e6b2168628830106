package io.traceandtrace.core.concurrent;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import org.slf4j.MDC;

import java.util.Objects;

/**
 * A thread-local scope manager that keeps the active span's trace id, span id and sampled flag in
 * the MDC, and puts back what was there when a scope closes. Unlike Jaeger's own, it can activate
 * "no span" ({@code activate(null)}): a task that must not run under a worker's stale span gets
 * neither that span nor its ids in the log.
 *
 * <p>A key is written only when its value changes: a nested scope of the same span, a child in the
 * same trace (whose trace id and sampled flag are already there) or closing back to the same values
 * leaves the MDC alone. Each write costs more than the map put: logback drops its read-only copy of
 * the MDC, and the next log event on the thread copies the whole map again.
 */
public final class MdcScopeManager implements ScopeManager {

    private final ThreadLocal<MdcScope> current = new ThreadLocal<>();
    private final String traceIdKey;
    private final String spanIdKey;
    private final String sampledKey;

    public MdcScopeManager(String traceIdKey, String spanIdKey, String sampledKey) {
        this.traceIdKey = traceIdKey;
        this.spanIdKey = spanIdKey;
        this.sampledKey = sampledKey;
    }

    /** @param span the span to make active, or null for none */
    @Override
    public Scope activate(Span span) {
        return new MdcScope(span);
    }

    @Override
    public Span activeSpan() {
        MdcScope scope = current.get();
        return scope == null ? null : scope.span;
    }

    private final class MdcScope implements Scope {
        private final Span span;
        private final MdcScope previous;
        private final String previousTraceId;
        private final String previousSpanId;
        private final String previousSampled;
        private final String traceId; // as written for this span: its children in the same trace reuse it

        MdcScope(Span span) {
            this.span = span;
            this.previous = current.get();
            this.previousTraceId = MDC.get(traceIdKey);
            this.previousSpanId = MDC.get(spanIdKey);
            this.previousSampled = MDC.get(sampledKey);
            current.set(this);
            SpanContext context = span == null ? null : span.context();
            if (context instanceof JaegerSpanContext jaeger) {
                traceId = sameTrace(previous, jaeger) ? previous.traceId : jaeger.toTraceId();
                put(traceIdKey, previousTraceId, traceId);
                put(spanIdKey, previousSpanId, jaeger.toSpanId());
                put(sampledKey, previousSampled, String.valueOf(jaeger.isSampled()));
            } else {
                traceId = null;
                if (span == null) {
                    put(traceIdKey, previousTraceId, null);
                    put(spanIdKey, previousSpanId, null);
                    put(sampledKey, previousSampled, null);
                }
            }
        }

        /** Each context makes its own trace id string: a child's is its parent scope's, already made. */
        private static boolean sameTrace(MdcScope previous, JaegerSpanContext context) {
            return previous != null && previous.traceId != null
                    && previous.span.context() instanceof JaegerSpanContext parent
                    && parent.getTraceIdLow() == context.getTraceIdLow()
                    && parent.getTraceIdHigh() == context.getTraceIdHigh();
        }

        @Override
        public void close() {
            if (current.get() != this) {
                return; // closed out of order: leave the newer scope in place
            }
            // set, not removed: removing and adding the thread's entry again on every request costs a
            // scan of its ThreadLocal map each time; a null value holds nothing
            current.set(previous);
            // read again rather than remembered: code inside the scope may have changed them
            put(traceIdKey, MDC.get(traceIdKey), previousTraceId);
            put(spanIdKey, MDC.get(spanIdKey), previousSpanId);
            put(sampledKey, MDC.get(sampledKey), previousSampled);
        }

        private void put(String key, String now, String value) {
            if (Objects.equals(now, value)) {
                return;
            }
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
