package io.traceandtrace.sample;

import io.traceandtrace.core.testing.ZipkinServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.traceandtrace.sample.SampleAppOtlpIT.sendAndAssertBothTraces;
import static io.traceandtrace.sample.SampleAppOtlpIT.startApp;

/**
 * End to end over OTLP/gRPC: the packaged sample-app.jar, run with {@code java -jar}, calls
 * {@code TraceService/Export} on {@code @elastic/mockotlpserver}'s gRPC server (grpc-js, the
 * upstream protos), the same checks as {@link SampleAppOtlpIT} makes over HTTP: 32-digit trace ids,
 * span kinds, parent links, tracestate and status. Once by properties, once by the standard variables.
 */
class SampleAppOtlpGrpcIT {

    private MockOtlpReceiver receiver;
    private Process app;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = MockOtlpReceiver.start("grpc");
    }

    @AfterEach
    void stop() throws Exception {
        SampleAppOtlpIT.stop(app, receiver);
    }

    @Test
    void configuredByPropertiesTheTraceArrivesOverGrpcIntact() throws Exception {
        int port = ZipkinServer.freePort();
        app = startApp(port, "sample-app-otlp-grpc-properties.log", Map.of(), "--tracing.reporter.type=otlp",
                "--tracing.reporter.protocol=grpc", "--tracing.reporter.endpoint=" + receiver.baseUrl(),
                "--tracing.reporter.flush-interval=200ms");
        sendAndAssertBothTraces(receiver, port);
    }

    @Test
    void configuredOnlyByOtelVariablesTheTraceArrivesOverGrpcIntact() throws Exception {
        int port = ZipkinServer.freePort();
        app = startApp(port, "sample-app-otlp-grpc-env.log", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
        sendAndAssertBothTraces(receiver, port);
    }
}
