package io.traceandtrace.core.concurrent;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;

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

    /** The task, bound to the span active now; the task itself when none is. */
    public static Runnable wrap(Runnable task, Tracer tracer) {
        Span parent = tracer.activeSpan();
        if (parent == null) {
            return task;
        }
        return () -> {
            try (Scope ignored = tracer.activateSpan(parent)) {
                task.run();
            }
        };
    }

    /** The task, bound to the span active now; the task itself when none is. */
    public static <T> Callable<T> wrap(Callable<T> task, Tracer tracer) {
        Span parent = tracer.activeSpan();
        if (parent == null) {
            return task;
        }
        return () -> {
            try (Scope ignored = tracer.activateSpan(parent)) {
                return task.call();
            }
        };
    }

    static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks, Tracer tracer) {
        List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            wrapped.add(wrap(task, tracer));
        }
        return wrapped;
    }
}
