package io.traceandtrace.core.concurrent;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.util.ThreadLocalScopeManager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Carries the active span into other threads: each task runs under the span that was active when
 * it was submitted (the Java form of traceandtrace-go's goroutine context), and the worker's own
 * active span is back in place when the task ends.
 */
public final class TracingExecutors {

    private TracingExecutors() {
    }

    public static Executor wrap(Executor executor, Tracer tracer) {
        if (executor instanceof ExecutorService service) {
            return wrap(service, tracer);
        }
        return command -> executor.execute(wrap(command, tracer));
    }

    public static ExecutorService wrap(ExecutorService executor, Tracer tracer) {
        if (executor instanceof TracingExecutorService) {
            return executor;
        }
        return new TracingExecutorService(executor, tracer);
    }

    /**
     * The task, bound to the span active now; when none is, bound to "no span", so a span left
     * active on the worker does not become the task's parent (where the scope manager can
     * activate "no span": {@link MdcScopeManager}, OpenTracing's thread-local one).
     */
    public static Runnable wrap(Runnable task, Tracer tracer) {
        Span parent = tracer.activeSpan();
        if (parent == null && !canActivateNoSpan(tracer)) {
            return task;
        }
        return () -> {
            try (Scope ignored = activate(tracer, parent)) {
                task.run();
            }
        };
    }

    /** The task, bound to the span active now, or to "no span" as for {@link #wrap(Runnable, Tracer)}. */
    public static <T> Callable<T> wrap(Callable<T> task, Tracer tracer) {
        Span parent = tracer.activeSpan();
        if (parent == null && !canActivateNoSpan(tracer)) {
            return task;
        }
        return () -> {
            try (Scope ignored = activate(tracer, parent)) {
                return task.call();
            }
        };
    }

    private static boolean canActivateNoSpan(Tracer tracer) {
        ScopeManager scopes = tracer.scopeManager();
        return scopes instanceof MdcScopeManager || scopes instanceof ThreadLocalScopeManager;
    }

    /** @return the scope to close, or null when nothing had to be activated */
    private static Scope activate(Tracer tracer, Span parent) {
        if (parent == null && tracer.activeSpan() == null) {
            return null; // the worker is clean: nothing to hide
        }
        return tracer.activateSpan(parent);
    }

    static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks, Tracer tracer) {
        List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            wrapped.add(wrap(task, tracer));
        }
        return wrapped;
    }
}
