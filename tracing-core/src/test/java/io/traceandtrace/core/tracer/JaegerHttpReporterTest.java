package io.traceandtrace.core.tracer;

import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.ReporterType;
import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.thriftjava.Batch;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What the jaeger-http reporter POSTs, read by a real HTTP server and jaeger-thrift's own classes. */
class JaegerHttpReporterTest {

    private HttpServer collector;
    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCollector() throws Exception {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/api/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                Batch batch = new Batch();
                new TDeserializer(new TBinaryProtocol.Factory()).deserialize(batch, body);
                batches.add(batch);
                exchange.sendResponseHeaders(202, -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + collector.getAddress().getPort() + "/api/traces";
    }

    @Test
    void collectorReceivesBinaryThriftBatches() {
        TracerSettings settings = WireScenario.settings().reporterType(ReporterType.JAEGER_HTTP)
                .endpoint(endpoint()).build();
        WireScenario.sendAndClose(TracerFactory.create(settings));

        assertThat(requests).isNotEmpty().allSatisfy(r ->
                assertThat(r).startsWith("POST /api/traces?format=jaeger.thrift application/x-thrift"));
        WireScenario.assertReceived(batches);
    }

    @Test
    void sendsTheConfiguredCredentials() {
        TracerSettings bearer = WireScenario.settings().endpoint(endpoint()).authToken("s3cr3t").build();
        WireScenario.sendAndClose(TracerFactory.create(bearer));
        TracerSettings basic = WireScenario.settings().endpoint(endpoint()).user("jo").password("pw").build();
        WireScenario.sendAndClose(TracerFactory.create(basic));

        String basicHeader = "Basic " + Base64.getEncoder().encodeToString("jo:pw".getBytes());
        assertThat(requests).anySatisfy(r -> assertThat(r).endsWith(" Bearer s3cr3t"));
        assertThat(requests).anySatisfy(r -> assertThat(r).endsWith(" " + basicHeader));
    }
}
