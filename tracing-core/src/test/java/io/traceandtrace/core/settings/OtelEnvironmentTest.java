package io.traceandtrace.core.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standard OTEL_* variables: what they select and set, and what wins when several are set. */
class OtelEnvironmentTest {

    private static TracerSettings.Builder from(Map<String, String> env) {
        return TracerSettings.fromEnvironment(env::get).serviceName("svc");
    }

    @ParameterizedTest
    @CsvSource({
            "http://collector:4318, http://collector:4318/v1/traces",
            "http://collector:4318/, http://collector:4318/v1/traces",
            "https://otlp.example.com/tenant-a, https://otlp.example.com/tenant-a/v1/traces"})
    void theOtlpEndpointAloneSelectsOtlpAndGetsTheTracePath(String base, String expected) {
        TracerSettings s = from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base)).build();
        assertThat(s.reporterType()).isEqualTo(ReporterType.OTLP);
        assertThat(s.endpoint()).isEqualTo(expected);
    }

    @Test
    void theTracesEndpointIsUsedAsIsAndWinsOverTheBase() {
        TracerSettings s = from(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom/path")).build();
        assertThat(s.reporterType()).isEqualTo(ReporterType.OTLP);
        assertThat(s.endpoint()).isEqualTo("http://traces:4318/custom/path");
    }

    @Test
    void otlpWithoutAnyEndpointSendsToTheLocalCollector() {
        TracerSettings s = TracerSettings.builder("svc").reporterType(ReporterType.OTLP).build();
        assertThat(s.endpoint()).isEqualTo("http://localhost:4318/v1/traces");
        assertThat(ReporterType.OTLP.needsEndpoint()).isFalse();
    }

    @Test
    void anExplicitEndpointWinsOverTheVariables() {
        TracerSettings s = from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318"))
                .reporterType(ReporterType.OTLP).endpoint("http://property:4318/v1/traces").build();
        assertThat(s.endpoint()).isEqualTo("http://property:4318/v1/traces");
    }

    @Test
    void anOtlpEndpointVariableWinsOverJaegerEndpointWhenNoTypeIsSet() {
        TracerSettings s = from(Map.of(
                "JAEGER_ENDPOINT", "http://jaeger:14268/api/traces",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318")).build();
        assertThat(s.reporterType()).isEqualTo(ReporterType.OTLP);
        assertThat(s.endpoint()).isEqualTo("http://otel:4318/v1/traces");
    }

    @Test
    void anExplicitTypeKeepsEachEndpointVariableToItsOwnReporter() {
        Map<String, String> env = Map.of(
                "JAEGER_ENDPOINT", "http://jaeger:14268/api/traces",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cret",
                "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
        TracerSettings jaeger = from(env).reporterType(ReporterType.JAEGER_HTTP).build();
        assertThat(jaeger.endpoint()).isEqualTo("http://jaeger:14268/api/traces");
        assertThat(jaeger.headers()).as("an OTLP API key never goes to another collector").isEmpty();
        assertThat(jaeger.compression()).isEqualTo(Compression.NONE);

        TracerSettings otlp = from(env).reporterType(ReporterType.OTLP).build();
        assertThat(otlp.endpoint()).isEqualTo("http://otel:4318/v1/traces");
        assertThat(otlp.headers()).containsExactly(Map.entry("api-key", "s3cret"));
        assertThat(otlp.compression()).isEqualTo(Compression.GZIP);
    }

    @Test
    void headersCompressionAndTimeoutApplyToOtlpAndSettingsWinOverThem() {
        Map<String, String> env = new HashMap<>();
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318");
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cret, x-tenant=a%20b ,x-scope=team");
        env.put("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
        env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "2500");
        TracerSettings fromEnv = from(env).build();
        assertThat(fromEnv.headers()).containsExactly(Map.entry("api-key", "s3cret"), Map.entry("x-tenant", "a b"),
                Map.entry("x-scope", "team"));
        assertThat(fromEnv.compression()).isEqualTo(Compression.GZIP);
        assertThat(fromEnv.readTimeout()).isEqualTo(Duration.ofMillis(2500));

        TracerSettings overridden = from(env).headers(Map.of("x-scope", "from-property"))
                .compression(Compression.NONE).readTimeout(Duration.ofSeconds(9)).build();
        assertThat(overridden.headers()).containsEntry("api-key", "s3cret").containsEntry("x-scope", "from-property");
        assertThat(overridden.compression()).isEqualTo(Compression.NONE);
        assertThat(overridden.readTimeout()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void tracesSpecificVariablesWinOverTheGeneralOnes() {
        TracerSettings s = from(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=general",
                "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "api-key=traces",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "1000",
                "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "3000",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")).build();
        assertThat(s.headers()).containsExactly(Map.entry("api-key", "traces"));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void grpcAsTheProtocolSendsOverGrpc_toTheBaseEndpointAsItIs() {
        TracerSettings s = from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")).build();
        assertThat(s.reporterType()).isEqualTo(ReporterType.OTLP);
        assertThat(s.otlpProtocol()).isEqualTo(OtlpProtocol.GRPC);
        assertThat(s.endpoint()).isEqualTo("http://otel:4317"); // gRPC's path is the service's: no /v1/traces

        TracerSettings traces = from(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://otel:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc")).build();
        assertThat(traces.otlpProtocol()).isEqualTo(OtlpProtocol.GRPC);
        assertThat(traces.endpoint()).isEqualTo("https://otel:4317");

        TracerSettings byDefault = from(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")).reporterType(ReporterType.OTLP).build();
        assertThat(byDefault.endpoint()).isEqualTo("localhost:4317");
        assertThat(from(Map.of()).reporterType(ReporterType.OTLP).build().otlpProtocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
    }

    @Test
    void theSettingWinsOverTheVariable() {
        TracerSettings s = from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")).otlpProtocol(OtlpProtocol.HTTP_PROTOBUF).build();
        assertThat(s.otlpProtocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
        assertThat(s.endpoint()).isEqualTo("http://otel:4318/v1/traces");
    }

    @Test
    void aProtocolTheExporterDoesNotSpeakFailsNamingTheVariable() {
        assertThatThrownBy(() -> from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json")).build())
                .isInstanceOf(InvalidTracerSettingException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL").hasMessageContaining("http/json")
                .hasMessageContaining("grpc");
        // not sending OTLP: the variable is someone else's business
        assertThat(from(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")).build().reporterType())
                .isEqualTo(ReporterType.JAEGER_UDP);
    }

    @ParameterizedTest
    @CsvSource({"http://otel:4317/v1/traces", "otel", "grpc://otel:4317", "otel:port"})
    void aGrpcEndpointThatIsNotHostAndPortFailsNamingItsSetting(String endpoint) {
        assertThatThrownBy(() -> from(Map.of()).reporterType(ReporterType.OTLP).otlpProtocol(OtlpProtocol.GRPC)
                .endpoint(endpoint).build())
                .isInstanceOf(InvalidTracerSettingException.class)
                .hasMessageContaining("reporter.endpoint").hasMessageContaining("host:port");
        assertThatThrownBy(() -> from(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")).build())
                .hasMessageContaining("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    }

    @Test
    void wrongValuesFailNamingTheVariableAndNeverEchoAHeaderValue() {
        Map<String, String> base = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318");
        assertThatThrownBy(() -> from(with(base, "OTEL_EXPORTER_OTLP_HEADERS", "Bearer s3cret")).build())
                .isInstanceOf(InvalidTracerSettingException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> from(with(base, "OTEL_EXPORTER_OTLP_COMPRESSION", "zstd")).build())
                .hasMessageContaining("OTEL_EXPORTER_OTLP_COMPRESSION").hasMessageContaining("gzip");
        assertThatThrownBy(() -> from(with(base, "OTEL_EXPORTER_OTLP_TIMEOUT", "10s")).build())
                .hasMessageContaining("OTEL_EXPORTER_OTLP_TIMEOUT").hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")).build())
                .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT").hasMessageContaining("http");
        assertThatThrownBy(() -> from(Map.of("OTEL_RESOURCE_ATTRIBUTES", "team")).build())
                .hasMessageContaining("OTEL_RESOURCE_ATTRIBUTES");
    }

    @Test
    void serviceNameAndResourceAttributesApplyToEveryReporter() {
        TracerSettings s = TracerSettings.fromEnvironment(Map.of(
                "JAEGER_SERVICE_NAME", "from-jaeger",
                "OTEL_SERVICE_NAME", "from-otel",
                "JAEGER_TAGS", "region=eu,team=jaeger",
                "OTEL_RESOURCE_ATTRIBUTES", "service.name=from-resource,team=otel,deployment.environment=prod%2Fblue")::get)
                .build();
        assertThat(s.reporterType()).isEqualTo(ReporterType.JAEGER_UDP);
        assertThat(s.serviceName()).isEqualTo("from-otel");
        assertThat(s.tags()).containsEntry("region", "eu").containsEntry("team", "otel")
                .containsEntry("deployment.environment", "prod/blue").doesNotContainKey("service.name");

        TracerSettings fromResource = TracerSettings.fromEnvironment(
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-resource")::get).build();
        assertThat(fromResource.serviceName()).isEqualTo("from-resource");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> env = new HashMap<>(base);
        env.put(key, value);
        return env;
    }
}
