package io.traceandtrace.sample;

import io.traceandtrace.core.testing.TestOap;
import org.apache.skywalking.apm.network.common.v3.KeyStringValuePair;
import org.apache.skywalking.apm.network.language.agent.v3.RefType;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentReference;
import org.apache.skywalking.apm.network.language.agent.v3.SpanLayer;
import org.apache.skywalking.apm.network.language.agent.v3.SpanObject;
import org.apache.skywalking.apm.network.language.agent.v3.SpanType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the sample app report to a test OAP (SkyWalking's own stubs, real gRPC
 * socket): {@code sample-app} serves HTTP and calls the Greeter of {@code sample-app-back} over
 * gRPC, so the trace crosses two processes' worth of tracers with sw8 on the wire.
 */
class SampleAppSkyWalkingTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static TestOap oap;
    private static ConfigurableApplicationContext front;
    private static ConfigurableApplicationContext back;
    private static int backGrpcPort;

    @BeforeAll
    static void start() throws Exception {
        oap = TestOap.start();
        backGrpcPort = freePort();
        back = app("sample-app-back", backGrpcPort, backGrpcPort);
        front = app("sample-app", freePort(), backGrpcPort);
    }

    private static ConfigurableApplicationContext app(String name, int grpcPort, int greeterPort) {
        // command-line arguments, as on the packaged jar: they win over the app's application.yml
        return new SpringApplicationBuilder(SampleApplication.class).run(
                "--spring.application.name=" + name, "--server.port=0", "--grpc.server.port=" + grpcPort,
                "--grpc.client.greeter.address=static://127.0.0.1:" + greeterPort,
                "--tracing.reporter.type=skywalking", "--tracing.reporter.endpoint=" + oap.endpoint(),
                "--tracing.reporter.flush-interval=100ms", "--tracing.skywalking.instance=" + name + "@test",
                "--tracing.reporter.log-spans=false");
    }

    @AfterAll
    static void stop() throws Exception {
        if (front != null) {
            front.close();
        }
        if (back != null) {
            back.close();
        }
        if (oap != null) {
            oap.close();
        }
    }

    @BeforeEach
    void forget() {
        oap.clearSegments();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> hello(String name, String... headers) throws Exception {
        int port = ((ServletWebServerApplicationContext) front).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello?name=" + name));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SegmentObject segment(String service) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> find(service), Optional::isPresent).orElseThrow();
    }

    private static Optional<SegmentObject> find(String service) {
        return oap.segments().stream().filter(s -> s.getService().equals(service)).findFirst();
    }

    @Test
    void helloIsAnHttpEntryLocalAndGrpcExitSegmentAndTheServersSegmentRefersToTheExit() throws Exception {
        assertThat(hello("Ada").body()).contains("Ada");
        SegmentObject frontSegment = segment("sample-app");
        SegmentObject backSegment = segment("sample-app-back");

        assertThat(frontSegment.getServiceInstance()).isEqualTo("sample-app@test");
        assertThat(frontSegment.getSpansList()).extracting(SpanObject::getSpanId, SpanObject::getParentSpanId,
                        SpanObject::getOperationName, SpanObject::getSpanType, SpanObject::getSpanLayer,
                        SpanObject::getComponentId)
                .containsExactly(
                        tuple(0, -1, "GET /hello", SpanType.Entry, SpanLayer.Http, 14),
                        // the greeting recorded in H2: connection, then its INSERT
                        tuple(1, 0, "connection", SpanType.Exit, SpanLayer.Unknown, 0),
                        tuple(2, 1, "INSERT greeting_log", SpanType.Exit, SpanLayer.Unknown, 0),
                        tuple(3, 0, "GreetingService.greet", SpanType.Local, SpanLayer.Unknown, 93),
                        tuple(4, 3, "sample.Greeter/SayHello", SpanType.Exit, SpanLayer.RPCFramework, 23));
        SpanObject exit = frontSegment.getSpans(4);
        assertThat(exit.getPeer()).isEqualTo("127.0.0.1:" + backGrpcPort);
        assertThat(frontSegment.getSpans(0).getRefsList()).isEmpty();
        assertThat(frontSegment.getSpans(0).getTagsList()).extracting(KeyStringValuePair::getKey)
                .contains("url", "http.method", "http.status_code");
        for (SpanObject span : frontSegment.getSpansList()) {
            assertThat(span.getEndTime()).isGreaterThanOrEqualTo(span.getStartTime());
            assertThat(span.getIsError()).isFalse();
        }

        assertThat(backSegment.getTraceId()).isEqualTo(frontSegment.getTraceId());
        assertThat(backSegment.getServiceInstance()).isEqualTo("sample-app-back@test");
        assertThat(backSegment.getSpansList()).extracting(SpanObject::getSpanId, SpanObject::getParentSpanId,
                        SpanObject::getOperationName, SpanObject::getSpanType, SpanObject::getComponentId)
                .containsExactly(tuple(0, -1, "sample.Greeter/SayHello", SpanType.Entry, 23));
        SegmentReference ref = backSegment.getSpans(0).getRefs(0);
        assertThat(ref.getRefType()).isEqualTo(RefType.CrossProcess);
        assertThat(ref.getTraceId()).isEqualTo(frontSegment.getTraceId());
        assertThat(ref.getParentTraceSegmentId()).isEqualTo(frontSegment.getTraceSegmentId());
        assertThat(ref.getParentSpanId()).isEqualTo(4);
        assertThat(ref.getParentService()).isEqualTo("sample-app");
        assertThat(ref.getParentServiceInstance()).isEqualTo("sample-app@test");
        assertThat(ref.getParentEndpoint()).isEqualTo("GET /hello");
        assertThat(ref.getNetworkAddressUsedAtPeer()).isEqualTo(exit.getPeer());
    }

    @Test
    void aSkyWalkingAgentCallersTraceGoesOnThroughBothInstances() throws Exception {
        String agentTrace = "5f3c2a1b9e8d4c7ba6f50e1d2c3b4a59.112.17324567890123457";
        String agentSegment = "5f3c2a1b9e8d4c7ba6f50e1d2c3b4a59.112.17324567890123456";
        String sw8 = String.join("-", "1", b64(agentTrace), b64(agentSegment), "4", b64("agent-gateway"),
                b64("gw-7f9c@10.0.0.5"), b64("/api/greet"), b64("sample-app:8080"));
        assertThat(hello("Bob", "sw8", sw8).statusCode()).isEqualTo(200);

        SegmentObject frontSegment = segment("sample-app");
        SegmentObject backSegment = segment("sample-app-back");
        assertThat(frontSegment.getTraceId()).isEqualTo(agentTrace);
        assertThat(backSegment.getTraceId()).isEqualTo(agentTrace);
        SegmentReference ref = frontSegment.getSpans(0).getRefs(0);
        assertThat(ref.getRefType()).isEqualTo(RefType.CrossProcess);
        assertThat(ref.getTraceId()).isEqualTo(agentTrace);
        assertThat(ref.getParentTraceSegmentId()).isEqualTo(agentSegment);
        assertThat(ref.getParentSpanId()).isEqualTo(4);
        assertThat(ref.getParentService()).isEqualTo("agent-gateway");
        assertThat(ref.getParentServiceInstance()).isEqualTo("gw-7f9c@10.0.0.5");
        assertThat(ref.getParentEndpoint()).isEqualTo("/api/greet");
        assertThat(ref.getNetworkAddressUsedAtPeer()).isEqualTo("sample-app:8080");
        assertThat(backSegment.getSpans(0).getRefs(0).getParentTraceSegmentId())
                .isEqualTo(frontSegment.getTraceSegmentId());
    }

    @Test
    void hostileSw8ValuesStartANewTraceAndTheRequestSucceeds() throws Exception {
        List<String> hostile = List.of("1-" + b64("t") + "-" + b64("s") + "-x-a-b-c-d", "2-YQ==-YQ==-1-YQ==-YQ==-YQ==-YQ==",
                "1-" + "QUFB".repeat(1000), "1-YQ==-YQ==--1-YQ==-YQ==-YQ==-YQ==", "1-" + b64("a\r\nb") + "-YQ==-1-YQ==-YQ==-YQ==-YQ==",
                "-------", "1-YQ==-YQ==-1-YQ==-YQ==-YQ==");
        for (String value : hostile) {
            oap.clearSegments();
            HttpResponse<String> response = hello("Eve", "sw8", value);
            assertThat(response.statusCode()).as(value).isEqualTo(200);
            SegmentObject frontSegment = segment("sample-app");
            assertThat(frontSegment.getSpans(0).getRefsList()).as(value).isEmpty();
            assertThat(frontSegment.getTraceId()).as(value).matches("[0-9a-f]{16,32}");
        }
    }

    @Test
    void bothInstancesAreMadeKnownToTheOap() {
        await().atMost(Duration.ofSeconds(15)).until(() -> oap.keepAlives().stream()
                .map(p -> p.getService() + "/" + p.getServiceInstance()).distinct().count() >= 2);
        assertThat(oap.instanceProperties()).extracting(p -> p.getService() + "/" + p.getServiceInstance())
                .contains("sample-app/sample-app@test", "sample-app-back/sample-app-back@test");
        assertThat(oap.instanceProperties().get(0).getPropertiesList()).extracting(KeyStringValuePair::getKey)
                .contains("language", "OS Name", "hostname", "Process No.");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
