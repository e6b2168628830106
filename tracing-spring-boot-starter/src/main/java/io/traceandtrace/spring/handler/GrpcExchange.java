package io.traceandtrace.spring.handler;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.traceandtrace.core.sampling.SamplingRequest;

/** A gRPC call: its method, its request metadata, its peer and the status it closed with. */
public final class GrpcExchange extends Exchange {

    private final MethodDescriptor<?, ?> method;
    private final Metadata headers;
    private final String peer;
    private final Object call;
    private volatile Status status;

    /**
     * @param method the called method
     * @param headers the request metadata (null for a client call not yet started)
     * @param peer the other side's address (server: remote address; client: the channel's authority)
     * @param call the framework object, a {@code ServerCall} or {@code ClientCall}, for hooks
     */
    public GrpcExchange(MethodDescriptor<?, ?> method, Metadata headers, String peer, Object call) {
        this.method = method;
        this.headers = headers;
        this.peer = peer;
        this.call = call;
    }

    public MethodDescriptor<?, ?> method() {
        return method;
    }

    /** The full method name, e.g. {@code sample.Greeter/SayHello}. */
    public String fullMethodName() {
        return method.getFullMethodName();
    }

    /** The request metadata, or null before a client call starts. */
    public Metadata headers() {
        return headers;
    }

    public String peer() {
        return peer;
    }

    /** The status the call closed with; null while open, or when it was cancelled before closing. */
    public Status status() {
        return status;
    }

    /** Records the status the call closed with (the first one wins); for adapters. */
    public void closedWith(Status status) {
        if (this.status == null) {
            this.status = status;
        }
    }

    @Override
    public Object unwrap() {
        return call;
    }

    @Override
    SamplingRequest samplingRequest() {
        return SamplingRequest.grpc(method.getServiceName(), method.getBareMethodName());
    }
}
