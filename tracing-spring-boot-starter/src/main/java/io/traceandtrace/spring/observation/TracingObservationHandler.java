package io.traceandtrace.spring.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import io.traceandtrace.spring.ErrorLogs;
import io.traceandtrace.core.export.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Turns Micrometer {@link Observation}s (Spring's own instrumentation: JMS, Kafka, AMQP, {@code @Scheduled},
 * Spring Data, JDBC through datasource-micrometer, ...) into spans of our tracer. A span is a child of the
 * active span (or of the parent observation's span), named by the contextual name, tagged with the key
 * values, active while the observation's scope is open, finished exactly once. A {@link SenderContext}
 * writes our trace headers into its carrier and a {@link ReceiverContext} continues the trace it reads.
 * Observations that our own adapters already trace (Spring MVC and WebFlux servers, the HTTP clients,
 * gRPC) are left alone, so a hop is one span whichever path instruments it.
 */
public class TracingObservationHandler implements ObservationHandler<Observation.Context> {

    private static final Logger log = LoggerFactory.getLogger(TracingObservationHandler.class);
    private static final ThrottledLog failures = new ThrottledLog(log);

    /** Contexts of the instrumentation our HTTP, gRPC and @Scheduled adapters replace. */
    static final Set<String> TRACED_BY_ADAPTERS = Set.of(
            "org.springframework.scheduling.support.ScheduledTaskObservationContext",
            "org.springframework.http.server.observation.ServerRequestObservationContext",
            "org.springframework.http.server.reactive.observation.ServerRequestObservationContext",
            "org.springframework.http.client.observation.ClientRequestObservationContext",
            "org.springframework.web.reactive.function.client.ClientRequestObservationContext",
            "io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext",
            "io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext");

    private final Tracer tracer;
    private final Set<String> skippedNames;

    /**
     * @param skippedNames observation names (such as {@code spring.security.filterchains}) that make no span
     */
    public TracingObservationHandler(Tracer tracer, Set<String> skippedNames) {
        this.tracer = tracer;
        this.skippedNames = Set.copyOf(skippedNames);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return !tracedByAdapters(context.getClass()) && !skipped(context);
    }

    /** The name is often set only when the observation starts: asked again then. */
    private boolean skipped(Observation.Context context) {
        String name = context.getName();
        return name != null && skippedNames.contains(name);
    }

    /** Asked of every observation the registry starts, Spring MVC's one a request included: walked once a class. */
    private static final ClassValue<Boolean> TRACED_BY_ADAPTERS_TYPES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && c != Observation.Context.class; c = c.getSuperclass()) {
                if (TRACED_BY_ADAPTERS.contains(c.getName())) {
                    return true;
                }
            }
            return false;
        }
    };

    private static boolean tracedByAdapters(Class<?> type) {
        return TRACED_BY_ADAPTERS_TYPES.get(type);
    }

    @Override
    public void onStart(Observation.Context context) {
        if (skipped(context)) {
            return;
        }
        try {
            start(context);
        } catch (RuntimeException e) {
            // tracing never fails the work it observes
            failures.warn(TracingObservationHandler.class, "Could not start a span for observation " + context.getName() + ": " + e, e);
        }
    }

    private void start(Observation.Context context) {
        Tracer.SpanBuilder builder = tracer.buildSpan(name(context));
        String kind = null;
        if (context instanceof ReceiverContext<?> receiver) {
            kind = receiver.getKind() == Kind.SERVER ? Tags.SPAN_KIND_SERVER : Tags.SPAN_KIND_CONSUMER;
            SpanContext caller = extract(receiver);
            if (caller != null) {
                builder.asChildOf(caller).ignoreActiveSpan();
            } else {
                parent(context, builder);
            }
            remote(builder, receiver.getRemoteServiceName(), receiver.getRemoteServiceAddress());
        } else {
            parent(context, builder);
            if (context instanceof SenderContext<?> sender) {
                kind = sender.getKind() == Kind.CLIENT ? Tags.SPAN_KIND_CLIENT : Tags.SPAN_KIND_PRODUCER;
                remote(builder, sender.getRemoteServiceName(), sender.getRemoteServiceAddress());
            }
        }
        if (kind != null) {
            builder.withTag(Tags.SPAN_KIND, kind);
        }
        Span span = builder.start();
        TracedObservation traced = new TracedObservation(span);
        context.put(TracedObservation.class, traced);
        if (context instanceof SenderContext<?> sender) {
            inject(sender, span);
        }
    }

    /** The span active here, or the parent observation's span when this thread is not inside its scope. */
    private void parent(Observation.Context context, Tracer.SpanBuilder builder) {
        TracedObservation parent = parentOf(context);
        Span active = tracer.activeSpan();
        if (parent != null && (active == null || !parent.scopeOpenHere())) {
            builder.asChildOf(parent.span);
        } else if (active == null) {
            builder.ignoreActiveSpan();
        }
        // else: the active span, opened inside the parent's scope or with no parent observation of ours
    }

    private static TracedObservation parentOf(Observation.Context context) {
        for (var parent = context.getParentObservation(); parent != null;
             parent = parent.getContextView().getParentObservation()) {
            TracedObservation traced = parent.getContextView().get(TracedObservation.class);
            if (traced != null) {
                return traced;
            }
        }
        return null;
    }

    private static void remote(Tracer.SpanBuilder builder, String service, String address) {
        if (service != null) {
            builder.withTag(Tags.PEER_SERVICE, service);
        }
        if (address != null) {
            builder.withTag("peer.address", address);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void inject(SenderContext sender, Span span) {
        Object carrier = sender.getCarrier();
        if (carrier == null || sender.getSetter() == null) {
            return;
        }
        try {
            tracer.inject(span.context(), Format.Builtin.TEXT_MAP, new CarrierHeaders.Writer(carrier, sender.getSetter()));
        } catch (RuntimeException e) {
            log.debug("Could not write trace headers into {}: {}", carrier.getClass().getName(), e.toString());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private SpanContext extract(ReceiverContext receiver) {
        Object carrier = receiver.getCarrier();
        if (carrier == null || receiver.getGetter() == null) {
            return null;
        }
        try {
            return tracer.extract(Format.Builtin.TEXT_MAP, new CarrierHeaders.Reader(carrier, receiver.getGetter()));
        } catch (RuntimeException e) {
            log.debug("Ignoring unreadable trace headers in {}: {}", carrier.getClass().getName(), e.toString());
            return null;
        }
    }

    @Override
    public void onScopeOpened(Observation.Context context) {
        TracedObservation traced = context.get(TracedObservation.class);
        if (traced != null) {
            traced.open(tracer.activateSpan(traced.span));
        }
    }

    @Override
    public void onScopeClosed(Observation.Context context) {
        TracedObservation traced = context.get(TracedObservation.class);
        if (traced != null) {
            traced.close();
        }
    }

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
        TracedObservation traced = context.get(TracedObservation.class);
        if (traced == null) {
            return;
        }
        String name = event.getContextualName() != null ? event.getContextualName() : event.getName();
        long wallTime = event.getWallTime();
        if (wallTime > 0) {
            traced.span.log(TimeUnit.MILLISECONDS.toMicros(wallTime), name);
        } else {
            traced.span.log(name);
        }
    }

    @Override
    public void onError(Observation.Context context) {
        TracedObservation traced = context.get(TracedObservation.class);
        if (traced != null && context.getError() != null) {
            traced.error(context.getError());
        }
    }

    @Override
    public void onStop(Observation.Context context) {
        TracedObservation traced = context.get(TracedObservation.class);
        if (traced == null || !traced.finishing()) {
            return;
        }
        Span span = traced.span;
        try {
            // names and key values are often completed by the convention only when the observation stops
            span.setOperationName(name(context));
            tag(span, context.getLowCardinalityKeyValues());
            tag(span, context.getHighCardinalityKeyValues());
            if (context.getError() != null) {
                traced.error(context.getError());
            }
        } catch (RuntimeException e) {
            failures.warn(TracingObservationHandler.class, "Could not tag the span of observation " + context.getName() + ": " + e, e);
        } finally {
            span.finish();
        }
    }

    private static void tag(Span span, Iterable<KeyValue> keyValues) {
        for (KeyValue keyValue : keyValues) {
            span.setTag(keyValue.getKey(), keyValue.getValue());
        }
    }

    static String name(Observation.Context context) {
        String contextual = context.getContextualName();
        if (contextual != null && !contextual.isEmpty()) {
            return contextual;
        }
        return context.getName() != null ? context.getName() : "observation";
    }

    /**
     * Our span of one observation, kept in its context; its scopes are OpenTracing scopes, closed on the thread that
     * opened them. The open scopes are (thread, scope) pairs in one small array, and the error and finish flags bits
     * of one int: a deque, its nodes and iterators and two atomics cost more than the span's own bookkeeping.
     */
    static final class TracedObservation {

        private static final int ERROR_LOGGED = 1;
        private static final int FINISHED = 2;
        private static final AtomicIntegerFieldUpdater<TracedObservation> FLAGS =
                AtomicIntegerFieldUpdater.newUpdater(TracedObservation.class, "flags");

        final Span span;
        private volatile int flags;
        // thread, scope, thread, scope, ... in the order opened; guarded by this
        private Object[] scopes;
        private int size; // guarded by this

        TracedObservation(Span span) {
            this.span = span;
        }

        synchronized void open(Scope scope) {
            if (scopes == null) {
                scopes = new Object[2];
            } else if (size == scopes.length) {
                scopes = Arrays.copyOf(scopes, size * 2);
            }
            scopes[size++] = Thread.currentThread();
            scopes[size++] = scope;
        }

        void close() {
            Scope scope = removeLastOpenedHere();
            if (scope != null) {
                scope.close();
            }
        }

        private synchronized Scope removeLastOpenedHere() {
            Thread here = Thread.currentThread();
            for (int i = size - 2; i >= 0; i -= 2) {
                if (scopes[i] == here) {
                    Scope scope = (Scope) scopes[i + 1];
                    System.arraycopy(scopes, i + 2, scopes, i, size - i - 2);
                    scopes[--size] = null;
                    scopes[--size] = null;
                    return scope;
                }
            }
            return null;
        }

        synchronized boolean scopeOpenHere() {
            Thread here = Thread.currentThread();
            for (int i = 0; i < size; i += 2) {
                if (scopes[i] == here) {
                    return true;
                }
            }
            return false;
        }

        void error(Throwable error) {
            if (setFlag(ERROR_LOGGED)) {
                ErrorLogs.logError(span, error);
            }
        }

        boolean finishing() {
            return setFlag(FINISHED);
        }

        /** @return whether this call set it */
        private boolean setFlag(int flag) {
            int seen;
            do {
                seen = flags;
                if ((seen & flag) != 0) {
                    return false;
                }
            } while (!FLAGS.compareAndSet(this, seen, seen | flag));
            return true;
        }
    }
}
