package io.traceandtrace.spring.propagation;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoRequest;
import io.traceandtrace.spring.propagation.app.PropagationTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app in the middle ({@link PropagationTestApplication}, HTTP and gRPC on real sockets) and
 * the OpenTelemetry peer it calls; one Spring context for every propagation test class.
 */
@SpringBootTest(classes = {PropagationTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.reporter.max-queue-size=10000",
                "tracing.sampler.type=const", "tracing.sampler.param=1", "spring.application.name=middle",
                "grpc.client.peer.negotiation-type=plaintext"})
abstract class PropagationTestBase {

    static final OtelPeer PEER = startPeer();
    static final int GRPC_PORT = freePort();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        registry.add("grpc.server.port", () -> GRPC_PORT);
        registry.add("grpc.server.address", () -> "127.0.0.1");
        registry.add("grpc.client.peer.address", () -> "static://127.0.0.1:" + PEER.grpcPort());
    }

    private static OtelPeer startPeer() {
        try {
            return new OtelPeer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ManagedChannel channel;

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clear() {
        reporter.clear();
        PEER.clear();
    }

    @AfterAll
    static void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
    }

    /** GET /forward to the peer's HTTP server through {@code via}, with the request as the builder leaves it. */
    HttpResponse<String> forwardOverHttp(String via, HttpRequest.Builder request) throws Exception {
        String to = URLEncoder.encode(PEER.url(), StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(request.uri(URI.create("http://127.0.0.1:" + port
                + "/forward?via=" + via + "&to=" + to)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("peer");
        return response;
    }

    /** A gRPC call to the app's relay, which calls the peer's gRPC server. */
    String forwardOverGrpc(Metadata metadata) {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", GRPC_PORT).usePlaintext().build();
        }
        return EchoGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .unary(EchoRequest.newBuilder().setText("hi").build()).getText();
    }
}
