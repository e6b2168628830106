package io.traceandtrace.spring;

import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.settings.Compression;
import io.traceandtrace.core.settings.OtlpProtocol;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.spring.actuate.ExportHealthIndicator;
import io.traceandtrace.spring.actuate.TracingActuatorAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** tracing.reporter.* for otlp and the OTEL_* variables beside them, as a Spring application binds them. */
class OtlpSettingsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
            .withPropertyValues("spring.application.name=orders");

    @Test
    void otlpPropertiesReachTheSettings() {
        runner.withPropertyValues("tracing.reporter.type=otlp", "tracing.reporter.compression=gzip",
                        "tracing.reporter.headers.api-key=s3cret", "tracing.reporter.headers.x-tenant=a")
                .run(context -> {
                    TracerSettings s = context.getBean(TracerSettings.class);
                    assertThat(s.reporterType()).isEqualTo(ReporterType.OTLP);
                    assertThat(s.endpoint()).isEqualTo("http://localhost:4318/v1/traces");
                    assertThat(s.compression()).isEqualTo(Compression.GZIP);
                    assertThat(s.headers()).containsEntry("api-key", "s3cret").containsEntry("x-tenant", "a");
                });
    }

    @Test
    void theOtlpEndpointVariableAloneSelectsOtlp() {
        runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318",
                        "OTEL_EXPORTER_OTLP_HEADERS=api-key=from-env", "OTEL_EXPORTER_OTLP_TIMEOUT=3000",
                        "OTEL_SERVICE_NAME=from-otel", "JAEGER_SERVICE_NAME=from-jaeger",
                        "OTEL_RESOURCE_ATTRIBUTES=deployment.environment=prod")
                .run(context -> {
                    TracerSettings s = context.getBean(TracerSettings.class);
                    assertThat(s.reporterType()).isEqualTo(ReporterType.OTLP);
                    assertThat(s.endpoint()).isEqualTo("http://collector:4318/v1/traces");
                    assertThat(s.headers()).containsEntry("api-key", "from-env");
                    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(s.serviceName()).isEqualTo("from-otel");
                    assertThat(s.tags()).containsEntry("deployment.environment", "prod");
                });
    }

    @Test
    void propertiesWinOverTheOtelVariables() {
        runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318",
                        "OTEL_EXPORTER_OTLP_HEADERS=api-key=from-env", "OTEL_SERVICE_NAME=from-otel",
                        "OTEL_EXPORTER_OTLP_COMPRESSION=gzip",
                        "tracing.reporter.type=otlp", "tracing.reporter.endpoint=http://property:4318/v1/traces",
                        "tracing.reporter.headers.api-key=from-property", "tracing.reporter.compression=none",
                        "tracing.service-name=from-property")
                .run(context -> {
                    TracerSettings s = context.getBean(TracerSettings.class);
                    assertThat(s.endpoint()).isEqualTo("http://property:4318/v1/traces");
                    assertThat(s.headers()).containsEntry("api-key", "from-property");
                    assertThat(s.compression()).isEqualTo(Compression.NONE);
                    assertThat(s.serviceName()).isEqualTo("from-property");
                });
    }

    @Test
    void grpcAsAPropertyOrVariableSendsOverGrpc() {
        runner.withPropertyValues("tracing.reporter.type=otlp", "tracing.reporter.protocol=grpc")
                .run(context -> {
                    TracerSettings s = context.getBean(TracerSettings.class);
                    assertThat(s.otlpProtocol()).isEqualTo(OtlpProtocol.GRPC);
                    assertThat(s.endpoint()).isEqualTo("localhost:4317");
                    assertThat(context.getBean(ExportPipeline.class).exporter().describe())
                            .isEqualTo("http://localhost:4317 (otlp/grpc)");
                });
        runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", "OTEL_EXPORTER_OTLP_PROTOCOL=grpc")
                .run(context -> {
                    TracerSettings s = context.getBean(TracerSettings.class);
                    assertThat(s.otlpProtocol()).isEqualTo(OtlpProtocol.GRPC);
                    assertThat(s.endpoint()).isEqualTo("http://collector:4317");
                });
        runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318", "OTEL_EXPORTER_OTLP_PROTOCOL=grpc",
                        "tracing.reporter.protocol=http/protobuf")
                .run(context -> assertThat(context.getBean(TracerSettings.class).endpoint())
                        .isEqualTo("http://collector:4318/v1/traces"));
    }

    @Test
    void healthShowsWhereSpansGoButNotTheHeaders() {
        runner.withConfiguration(AutoConfigurations.of(TracingActuatorAutoConfiguration.class,
                        org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration.class))
                .withPropertyValues("tracing.reporter.type=otlp", "tracing.reporter.headers.api-key=s3cret")
                .run(context -> {
                    Health health = context.getBean(ExportHealthIndicator.class).health();
                    assertThat(health.getDetails()).containsEntry("reporter", "otlp")
                            .containsEntry("destination", "http://localhost:4318/v1/traces (otlp/http protobuf)");
                    assertThat(health.toString()).doesNotContain("s3cret");
                    assertThat(context.getBean(TracerSettings.class).toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void wrongValuesStopStartUpNamingThePropertyOrVariable() {
        assertFailure(runner.withPropertyValues("tracing.reporter.compression=zstd"), "tracing.reporter.compression");
        assertFailure(runner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL=http/json"), "OTEL_EXPORTER_OTLP_PROTOCOL");
        assertFailure(runner.withPropertyValues("tracing.reporter.type=otlp", "tracing.reporter.protocol=thrift"),
                "tracing.reporter.protocol");
        assertFailure(runner.withPropertyValues("tracing.reporter.type=otlp", "tracing.reporter.protocol=grpc",
                "tracing.reporter.endpoint=http://collector:4317/v1/traces"), "tracing.reporter.endpoint");
        assertFailure(runner.withPropertyValues("tracing.reporter.type=otlp", "OTEL_EXPORTER_OTLP_HEADERS=just-a-token"),
                "OTEL_EXPORTER_OTLP_HEADERS");
        assertFailure(runner.withPropertyValues("tracing.reporter.type=otlp", "tracing.reporter.endpoint=collector:4318"),
                "tracing.reporter.endpoint");
    }

    private static void assertFailure(ApplicationContextRunner runner, String name) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyzers.analyze(context.getStartupFailure());
            assertThat(analysis).as("a failure analysis for %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getDescription() + "\n" + analysis.getAction()).contains(name)
                    .doesNotContain("just-a-token");
        });
    }
}
