package io.traceandtrace.spring.handler;

import io.traceandtrace.core.export.ThrottledLog;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMap;
import io.opentracing.tag.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The span of one call, from a handler: active where the adapter activates it, finished exactly
 * once however many of the adapter's paths (completion, error, cancellation, timeout) reach the end.
 */
public final class CallSpan<X extends Exchange> {

    private static final Logger log = LoggerFactory.getLogger(CallSpan.class);
    private static final ThrottledLog hookFailures = new ThrottledLog(log);

    private final Tracer tracer;
    private final Span span;
    private final X exchange;
    private final Convention<X> convention;
    private final AtomicBoolean finished = new AtomicBoolean();

    CallSpan(Tracer tracer, Span span, X exchange, Convention<X> convention) {
        this.tracer = tracer;
        this.span = span;
        this.exchange = exchange;
        this.convention = convention;
    }

    public Span span() {
        return span;
    }

    public X exchange() {
        return exchange;
    }

    /** Makes the span active on this thread (and its ids the MDC's) until the scope is closed. */
    public Scope activate() {
        return tracer.activateSpan(span);
    }

    /** Writes the span's context into an outgoing call's headers; a codec failure never fails the call. */
    public void inject(TextMap carrier) {
        try {
            tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, carrier);
        } catch (RuntimeException e) {
            log.debug("Could not write trace headers for {}: {}", span, e.toString());
        }
    }

    /** Records the exception that failed the call (the first one is kept); the span ends at {@link #finish()}. */
    public void error(Throwable error) {
        exchange.error(error);
    }

    /** The call was cancelled or timed out: an error, with an event saying why. */
    public void cancel(String reason) {
        if (finished.get()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(2);
        fields.put("event", "cancelled");
        if (reason != null) {
            fields.put("message", reason);
        }
        span.log(fields);
        Tags.ERROR.set(span, true);
    }

    /** Ends the span: our defaults, then the hooks, then finish. Only the first call does anything. */
    public boolean finish() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        try {
            convention.onFinish(exchange, span);
            SpanView view = new SpanView(span);
            for (BiConsumer<X, SpanCustomizer> hook : convention.hooks()) {
                try {
                    hook.accept(exchange, view);
                } catch (RuntimeException e) {
                    hookFailures.warn(hook, "A span customizer failed on " + span + ": " + e + " (logged at most once a minute)", e);
                }
            }
        } finally {
            span.finish();
        }
        return true;
    }

    /** Records {@code error} and ends the span. */
    public boolean finish(Throwable error) {
        error(error);
        return finish();
    }

    public boolean isFinished() {
        return finished.get();
    }
}
