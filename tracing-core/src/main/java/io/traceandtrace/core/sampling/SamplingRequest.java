package io.traceandtrace.core.sampling;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The call a new span is about to represent, as sampling rules see it: an HTTP method and path,
 * or a gRPC service and method.
 *
 * <p>Jaeger's samplers see only the operation name and trace id, so a handler starts its span
 * inside {@link #around}: the {@link RuleBasedSampler} runs within that start, on the same thread,
 * and reads the request from there. Spans started elsewhere see no request and get the global sampler.
 */
public final class SamplingRequest {

    private static final ThreadLocal<SamplingRequest> CURRENT = new ThreadLocal<>();

    private final boolean grpc;
    private final String method;
    private final String target;

    private SamplingRequest(boolean grpc, String method, String target) {
        this.grpc = grpc;
        this.method = method;
        this.target = target;
    }

    /** An HTTP request: its method ({@code GET}) and path without query ({@code /orders/42}). */
    public static SamplingRequest http(String method, String path) {
        return new SamplingRequest(false, Objects.requireNonNull(method, "method"), path == null ? "" : path);
    }

    /** A gRPC call: its full service name ({@code sample.Greeter}) and method ({@code SayHello}). */
    public static SamplingRequest grpc(String service, String method) {
        return new SamplingRequest(true, method == null ? "" : method, service == null ? "" : service);
    }

    /** Runs {@code start} (a span start) with this request visible to the sampler. */
    public <T> T around(Supplier<T> start) {
        SamplingRequest previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return start.get();
        } finally {
            CURRENT.set(previous); // not removed: a null value holds nothing, and the entry stays for the next request
        }
    }

    /** The request whose span is being started on this thread, or null. */
    static SamplingRequest current() {
        return CURRENT.get();
    }

    boolean isGrpc() {
        return grpc;
    }

    /** The HTTP method, or the gRPC method. */
    String method() {
        return method;
    }

    /** The HTTP path, or the gRPC service. */
    String target() {
        return target;
    }

    @Override
    public String toString() {
        return grpc ? target + "/" + method : method + " " + target;
    }
}
