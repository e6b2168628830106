package io.traceandtrace.spring.contextpropagation;

import io.micrometer.context.ThreadLocalAccessor;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.concurrent.MdcScopeManager;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The active span of our tracers as a context-propagation {@link ThreadLocalAccessor}, under
 * {@link #KEY}: Reactor (automatic context propagation) and {@code ContextSnapshot}-wrapped
 * executors read it where work is handed over and activate it where the work runs. Each value set
 * is a scope of the tracer's own, and restoring closes exactly that scope, so no span, and none of
 * its ids in the MDC, stays on a reused thread.
 *
 * <p>One accessor per JVM (the registry is global); it serves every live application context's tracer.
 */
public final class ActiveSpanAccessor implements ThreadLocalAccessor<Span> {

    /** The key of the active span in the context registry and in Reactor's {@code Context}; the value is a {@link Span}. */
    public static final String KEY = "traceandtrace.span";

    static final ActiveSpanAccessor INSTANCE = new ActiveSpanAccessor();

    private final List<Tracer> tracers = new CopyOnWriteArrayList<>();
    // the scopes each setValue opened on this thread, newest first, closed by the matching restore
    private final ThreadLocal<ArrayDeque<Scope>> opened = new ThreadLocal<>();

    private ActiveSpanAccessor() {
    }

    /** Serves {@code tracer} until the returned handle is closed (its application context closes). */
    static AutoCloseable attach(Tracer tracer) {
        INSTANCE.tracers.add(tracer);
        return () -> INSTANCE.tracers.remove(tracer);
    }

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public Span getValue() {
        for (Tracer tracer : tracers) {
            Span span = tracer.activeSpan();
            if (span != null) {
                return span;
            }
        }
        return null;
    }

    @Override
    public void setValue(Span span) {
        push(span, true);
    }

    /** The context has no span: none is active while it is in place (the worker's stale span is hidden). */
    @Override
    public void setValue() {
        push(null, false);
    }

    @Override
    public void restore(Span previousValue) {
        pop();
    }

    @Override
    public void restore() {
        pop();
    }

    private void push(Span span, boolean activate) {
        Scope scope = null;
        for (Tracer tracer : tracers) {
            Scope one = null;
            if (activate) {
                one = tracer.activateSpan(span);
            } else if (tracer.activeSpan() != null && tracer.scopeManager() instanceof MdcScopeManager) {
                one = tracer.activateSpan(null); // only ours can activate "no span"
            }
            scope = combine(scope, one);
        }
        ArrayDeque<Scope> stack = opened.get();
        if (stack == null) {
            stack = new ArrayDeque<>();
            opened.set(stack);
        }
        stack.push(scope != null ? scope : NOTHING);
    }

    private void pop() {
        ArrayDeque<Scope> stack = opened.get();
        if (stack == null || stack.isEmpty()) {
            return;
        }
        Scope scope = stack.pop();
        if (stack.isEmpty()) {
            opened.remove();
        }
        scope.close();
    }

    private static final Scope NOTHING = () -> {
    };

    /** Closes the newer scope first, as scopes must be. */
    private static Scope combine(Scope older, Scope newer) {
        if (older == null || newer == null) {
            return older != null ? older : newer;
        }
        return () -> {
            try {
                newer.close();
            } finally {
                older.close();
            }
        };
    }
}
