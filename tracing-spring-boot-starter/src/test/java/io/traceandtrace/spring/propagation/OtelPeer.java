package io.traceandtrace.spring.propagation;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoReply;
import io.traceandtrace.spring.grpc.echo.EchoRequest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A service instrumented with the OpenTelemetry Java SDK and its W3C propagators, over real
 * sockets: as a callee (an HTTP server and a gRPC server that record what arrived and continue
 * the trace in an OpenTelemetry span), and as a caller (its span and baggage written into
 * request headers or gRPC metadata).
 */
final class OtelPeer implements AutoCloseable {

    static final TextMapPropagator W3C = TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

    /** One call that reached the peer: the raw headers, and what OpenTelemetry made of them. */
    record Received(List<Map.Entry<String, String>> headers, Context extracted, Span span) {

        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        /** The caller's span as OpenTelemetry read it. */
        SpanContext parent() {
            return Span.fromContext(extracted).getSpanContext();
        }

        Baggage baggage() {
            return Baggage.fromContext(extracted);
        }

        /** The peer's own server span, when the caller's trace was sampled (else OpenTelemetry records none). */
        ReadableSpan recorded() {
            return (ReadableSpan) span;
        }
    }

    private static final TextMapGetter<List<Map.Entry<String, String>>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(List<Map.Entry<String, String>> carrier) {
            return carrier.stream().map(Map.Entry::getKey).toList();
        }

        @Override
        public String get(List<Map.Entry<String, String>> carrier, String key) {
            List<String> values = carrier == null ? List.of()
                    : carrier.stream().filter(h -> h.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue).toList();
            return values.isEmpty() ? null : String.join(",", values);
        }
    };

    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.alwaysOn())).build();
    private final Tracer tracer = provider.get("otel-peer");
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final HttpServer http;
    private final Server grpc;

    OtelPeer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
            receive(headers);
            byte[] body = "peer".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        ServerInterceptor record = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata metadata,
                                                               ServerCallHandler<Q, A> next) {
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                for (String key : metadata.keys()) {
                    if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                        metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)).forEach(v -> headers.add(Map.entry(key, v)));
                    }
                }
                receive(headers);
                return next.startCall(call, metadata);
            }
        };
        grpc = ServerBuilder.forPort(0).addService(ServerInterceptors.intercept(new EchoGrpc.EchoImplBase() {
            @Override
            public void unary(EchoRequest request, StreamObserver<EchoReply> out) {
                out.onNext(EchoReply.newBuilder().setText("peer got " + request.getText()).build());
                out.onCompleted();
            }
        }, record)).build().start();
    }

    private void receive(List<Map.Entry<String, String>> headers) {
        Context extracted = W3C.extract(Context.root(), headers, GETTER);
        Span span = tracer.spanBuilder("callee").setSpanKind(SpanKind.SERVER).setParent(extracted).startSpan();
        span.end();
        received.add(new Received(headers, extracted, span));
    }

    int httpPort() {
        return http.getAddress().getPort();
    }

    int grpcPort() {
        return grpc.getPort();
    }

    String url() {
        return "http://127.0.0.1:" + httpPort() + "/callee";
    }

    /** The next call that reached the peer. */
    Received next() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no call reached the OpenTelemetry peer");
        }
        return next;
    }

    void clear() {
        received.clear();
    }

    /**
     * The peer as a caller: the context of a (finished) client span that continues an upstream
     * trace carrying {@code traceState}, with {@code baggage}.
     */
    Context callerContext(boolean sampled, TraceState traceState, Baggage baggage) {
        SpanContext upstream = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), traceState);
        Span client = tracer.spanBuilder("caller").setSpanKind(SpanKind.CLIENT)
                .setParent(Context.root().with(Span.wrap(upstream))).startSpan();
        client.end();
        return Context.root().with(client).with(baggage);
    }

    void inject(Context context, HttpRequest.Builder request) {
        W3C.inject(context, request, (carrier, key, value) -> carrier.header(key, value));
    }

    /** The headers this peer writes for {@code context}. */
    Map<String, String> headers(Context context) {
        Map<String, String> headers = new LinkedHashMap<>();
        W3C.inject(context, headers, Map::put);
        return headers;
    }

    void inject(Context context, Metadata metadata) {
        W3C.inject(context, metadata, (carrier, key, value) ->
                carrier.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value));
    }

    @Override
    public void close() {
        http.stop(0);
        grpc.shutdownNow();
        provider.close();
    }
}
