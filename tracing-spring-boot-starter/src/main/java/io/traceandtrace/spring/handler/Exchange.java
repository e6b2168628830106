package io.traceandtrace.spring.handler;

import io.traceandtrace.core.sampling.SamplingRequest;

/**
 * One call (HTTP or gRPC, server or client) as the span handlers and user hooks see it. Adapters
 * translate their framework's request into one of the two kinds, {@link HttpExchange} or
 * {@link GrpcExchange}.
 */
public abstract sealed class Exchange permits HttpExchange, GrpcExchange {

    private volatile Throwable error;

    Exchange() {
    }

    /** What per-route sampling rules match this call against. */
    abstract SamplingRequest samplingRequest();

    /** The exception that failed the call, or null. */
    public Throwable error() {
        return error;
    }

    void error(Throwable error) {
        if (error != null && this.error == null) {
            this.error = error;
        }
    }

    /** The framework's own request object (an {@code HttpServletRequest}, a {@code ClientRequest}, ...), for hooks. */
    public abstract Object unwrap();
}
