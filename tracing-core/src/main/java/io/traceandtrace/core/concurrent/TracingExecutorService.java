package io.traceandtrace.core.concurrent;

import io.opentracing.Tracer;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An {@link ExecutorService} whose tasks run under the span active at submission. */
final class TracingExecutorService implements ExecutorService {

    private final ExecutorService delegate;
    private final Tracer tracer;

    TracingExecutorService(ExecutorService delegate, Tracer tracer) {
        this.delegate = delegate;
        this.tracer = tracer;
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(TracingExecutors.wrap(command, tracer));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return delegate.submit(TracingExecutors.wrap(task, tracer));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return delegate.submit(TracingExecutors.wrap(task, tracer), result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return delegate.submit(TracingExecutors.wrap(task, tracer));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return delegate.invokeAll(TracingExecutors.wrapAll(tasks, tracer));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return delegate.invokeAll(TracingExecutors.wrapAll(tasks, tracer), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return delegate.invokeAny(TracingExecutors.wrapAll(tasks, tracer));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return delegate.invokeAny(TracingExecutors.wrapAll(tasks, tracer), timeout, unit);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }
}
