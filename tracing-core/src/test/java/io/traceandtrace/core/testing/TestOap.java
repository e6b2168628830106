package io.traceandtrace.core.testing;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.apache.skywalking.apm.network.common.v3.Commands;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;
import org.apache.skywalking.apm.network.language.agent.v3.TraceSegmentReportServiceGrpc;
import org.apache.skywalking.apm.network.management.v3.InstancePingPkg;
import org.apache.skywalking.apm.network.management.v3.InstanceProperties;
import org.apache.skywalking.apm.network.management.v3.ManagementServiceGrpc;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A SkyWalking OAP's receiving side for tests: {@code TraceSegmentReportService} and
 * {@code ManagementService} on SkyWalking's own generated stubs, on a real gRPC socket. Keeps what
 * it receives; checks the agent authentication token when one is required; can be told to refuse.
 */
public final class TestOap implements AutoCloseable {

    private static final Metadata.Key<String> AUTHENTICATION = Metadata.Key.of("Authentication",
            Metadata.ASCII_STRING_MARSHALLER);

    private final List<SegmentObject> segments = new CopyOnWriteArrayList<>();
    private final List<InstanceProperties> properties = new CopyOnWriteArrayList<>();
    private final List<InstancePingPkg> pings = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger collectCalls = new AtomicInteger();
    private final AtomicReference<Status> refuseWith = new AtomicReference<>();
    private volatile boolean hanging;
    private final String requiredToken;
    private final Server server;

    private TestOap(String requiredToken) throws IOException {
        this.requiredToken = requiredToken;
        this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(new Segments(), new Authentication()))
                .addService(ServerInterceptors.intercept(new Management(), new Authentication()))
                .build()
                .start();
    }

    public static TestOap start() throws IOException {
        return new TestOap(null);
    }

    /** An OAP whose agent authentication demands {@code token}, as {@code core.default.authentication} does. */
    public static TestOap requiringToken(String token) throws IOException {
        return new TestOap(token);
    }

    /** {@code host:port} as {@code tracing.reporter.endpoint} takes it. */
    public String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    public List<SegmentObject> segments() {
        return List.copyOf(segments);
    }

    public List<InstanceProperties> instanceProperties() {
        return List.copyOf(properties);
    }

    public List<InstancePingPkg> keepAlives() {
        return List.copyOf(pings);
    }

    /** The authentication metadata of every call, in order ("" when none was sent). */
    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** {@code collect} calls, refused ones included. */
    public int collectCalls() {
        return collectCalls.get();
    }

    /** Forgets the segments received so far. */
    public void clearSegments() {
        segments.clear();
    }

    /** Never answers a later {@code collect}, like an OAP that hangs. */
    public void hang() {
        hanging = true;
    }

    /** Answers every later {@code collect} with {@code status} (null: accept again). */
    public void refuse(Status status) {
        refuseWith.set(status);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Authentication implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            String token = headers.get(AUTHENTICATION);
            tokens.add(token == null ? "" : token);
            if (call.getMethodDescriptor().equals(TraceSegmentReportServiceGrpc.getCollectMethod())) {
                collectCalls.incrementAndGet();
            }
            if (requiredToken != null && !requiredToken.equals(token)) {
                call.close(Status.PERMISSION_DENIED, new Metadata()); // what the OAP's interceptor answers
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }

    private final class Segments extends TraceSegmentReportServiceGrpc.TraceSegmentReportServiceImplBase {
        @Override
        public StreamObserver<SegmentObject> collect(StreamObserver<Commands> response) {
            Status refused = refuseWith.get();
            return new StreamObserver<>() {
                @Override
                public void onNext(SegmentObject segment) {
                    if (refused == null) {
                        segments.add(segment);
                    }
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                    if (hanging) {
                        return;
                    }
                    if (refused != null) {
                        response.onError(refused.asRuntimeException());
                        return;
                    }
                    response.onNext(Commands.getDefaultInstance());
                    response.onCompleted();
                }
            };
        }
    }

    private final class Management extends ManagementServiceGrpc.ManagementServiceImplBase {
        @Override
        public void reportInstanceProperties(InstanceProperties request, StreamObserver<Commands> response) {
            properties.add(request);
            response.onNext(Commands.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void keepAlive(InstancePingPkg request, StreamObserver<Commands> response) {
            pings.add(request);
            response.onNext(Commands.getDefaultInstance());
            response.onCompleted();
        }
    }
}
