package io.traceandtrace.core.export.skywalking;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.ExportException;
import io.traceandtrace.core.export.GroupingStage;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.core.export.ThrottledLog;
import org.apache.skywalking.apm.network.common.v3.Commands;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;
import org.apache.skywalking.apm.network.language.agent.v3.TraceSegmentReportServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Spans to a SkyWalking OAP as native segments (tracing protocol v3): a message is one
 * {@code TraceSegmentReportService/collect} stream of whole segments. Each span is encoded on its
 * own ({@link SegmentSpan}); the pipeline's grouping stage ({@link SegmentAssembler}) holds it until
 * its segment is whole, so a message never carries part of a segment and a retried message sends
 * the same whole segments again. The service and instance are made
 * known to the OAP through the {@link InstanceReporter}.
 */
public final class SkyWalkingExporter implements SpanExporter<SegmentSpan> {

    private static final Logger log = LoggerFactory.getLogger(SkyWalkingExporter.class);

    public static final String DEFAULT_ENDPOINT = "localhost:11800";
    /** The metadata key SkyWalking's agents send the OAP's authentication token in. */
    static final Metadata.Key<String> AUTHENTICATION = Metadata.Key.of("Authentication", Metadata.ASCII_STRING_MARSHALLER);
    /** A message stays well under gRPC's default 4 MB inbound limit per segment. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024 - 64 * 1024;
    /** What closing the channel may add to the pipeline's own shutdown. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /** The longest a span waits for the rest of its segment. */
    static final Duration MAX_HOLD = Duration.ofMinutes(5);
    private static final Set<Status.Code> RETRYABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.UNKNOWN, Status.Code.INTERNAL,
            Status.Code.CANCELLED);

    private final String endpoint;
    private final Duration timeout;
    private final ManagedChannel channel;
    private final TraceSegmentReportServiceGrpc.TraceSegmentReportServiceStub segments;
    private final String service;
    private final String instanceName;
    private final Duration maxHold;
    private final InstanceReporter instance;

    /**
     * @param endpoint     the OAP's gRPC address, {@code host:port}
     * @param authToken the OAP's agent authentication token, or null
     * @param timeout   how long one send may take
     */
    public SkyWalkingExporter(String endpoint, String authToken, String service, String instanceName, Duration timeout) {
        this(endpoint, authToken, service, instanceName, timeout, MAX_HOLD);
    }

    SkyWalkingExporter(String endpoint, String authToken, String service, String instanceName, Duration timeout,
                       Duration maxHold) {
        this.endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        this.timeout = timeout;
        this.channel = Grpc.newChannelBuilder(this.endpoint, InsecureChannelCredentials.create())
                .intercept(authentication(authToken))
                .build();
        this.segments = TraceSegmentReportServiceGrpc.newStub(channel);
        this.service = service;
        this.instanceName = instanceName;
        this.maxHold = maxHold;
        this.instance = new InstanceReporter(channel, service, instanceName, timeout,
                new ThrottledLog(log, Duration.ofMinutes(1)), describe());
        this.instance.start();
    }

    private static ClientInterceptor authentication(String token) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        if (token != null && !token.isEmpty()) {
                            headers.put(AUTHENTICATION, token);
                        }
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    @Override
    public SegmentSpan encode(JaegerSpan span) {
        return SegmentSpan.of(span, service, instanceName);
    }

    @Override
    public int sizeInMessage(SegmentSpan encoded) {
        return encoded.bytes();
    }

    /** Holds spans until their segment is whole, for at most {@link #MAX_HOLD}. */
    @Override
    public GroupingStage<SegmentSpan> groupingStage() {
        return new SegmentAssembler(maxHold.toNanos(), System::nanoTime);
    }

    @Override
    public int maxMessageBytes() {
        return MAX_MESSAGE_BYTES;
    }

    @Override
    public void export(List<SegmentSpan> message) throws ExportException {
        send(SegmentSpan.segments(message), timeout);
    }

    private void send(List<SegmentObject> all, Duration deadline) throws ExportException {
        CompletableFuture<Commands> done = new CompletableFuture<>();
        StreamObserver<SegmentObject> stream = segments.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .collect(new StreamObserver<>() {
                    @Override
                    public void onNext(Commands commands) {
                        done.complete(commands);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(Commands.getDefaultInstance());
                    }
                });
        try {
            for (SegmentObject segment : all) {
                stream.onNext(segment);
            }
            stream.onCompleted();
        } catch (RuntimeException e) {
            stream.onError(e);
            throw ExportException.transientFailure("sending segments to " + endpoint + " failed: " + e, e, null);
        }
        try {
            done.get(deadline.toMillis() + 500, TimeUnit.MILLISECONDS); // gRPC's deadline ends it first
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw ExportException.transientFailure(endpoint + " did not answer within " + deadline, e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExportException.transientFailure("interrupted while sending to " + endpoint, e, null);
        }
    }

    private ExportException failure(Throwable error) {
        Status status = Status.fromThrowable(error);
        String message = endpoint + " answered " + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (RETRYABLE.contains(status.getCode())) {
            return ExportException.transientFailure(message, error, null);
        }
        if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
            message += " (check tracing.reporter.auth-token against the OAP's authentication setting)";
        }
        return ExportException.permanentFailure(message, error instanceof StatusRuntimeException ? error : null);
    }

    @Override
    public String describe() {
        return "SkyWalking OAP at " + endpoint + " (gRPC)";
    }

    /** Held segments left in the pipeline's last message (its stage's drain); this only closes the channel. */
    @Override
    public void close() {
        instance.stop();
        channel.shutdown();
        try {
            if (!channel.awaitTermination(CLOSE_TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}
