package io.traceandtrace.spring;

import io.opentracing.Span;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.core.export.skywalking.SkyWalkingExporter;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.propagation.PropagationFormat;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The skywalking reporter and sw8 as a user sets them in application properties. */
class SkyWalkingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
            .withPropertyValues("spring.application.name=orders", "tracing.reporter.type=skywalking");

    @Test
    void theSkywalkingReporterSendsToTheOapWithTheInstanceNameAndWritesSw8() {
        runner.withPropertyValues("tracing.reporter.endpoint=127.0.0.1:1", "tracing.skywalking.instance=orders-7@pod-a")
                .run(context -> {
                    TracerSettings settings = context.getBean(TracerSettings.class);
                    assertThat(settings.skywalkingInstance()).isEqualTo("orders-7@pod-a");
                    assertThat(settings.propagation()).startsWith(PropagationFormat.SW8);
                    assertThat(context.getBean(SpanExporter.class)).isInstanceOf(SkyWalkingExporter.class);
                    assertThat(context.getBean(SpanExporter.class).describe()).contains("127.0.0.1:1");

                    BoundedTracer tracer = context.getBean(BoundedTracer.class);
                    Span span = tracer.buildSpan("GET /orders").start();
                    Map<String, String> headers = new HashMap<>();
                    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
                    assertThat(headers).containsKeys("sw8", "uber-trace-id", "traceparent");
                    span.finish();
                });
    }

    @Test
    void explicitFormatsWinAndSw8AloneIsAccepted() {
        runner.withPropertyValues("tracing.propagation=w3c").run(context ->
                assertThat(context.getBean(TracerSettings.class).propagation()).containsExactly(PropagationFormat.W3C));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
                .withPropertyValues("tracing.reporter.type=memory", "tracing.propagation=sw8").run(context ->
                        assertThat(context.getBean(TracerSettings.class).propagation()).containsExactly(PropagationFormat.SW8));
    }

    @Test
    void aUrlForTheOapStopsStartUpNamingTheProperty() {
        runner.withPropertyValues("tracing.reporter.endpoint=http://oap:12800/v3/segments").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyzers.analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription() + "\n" + analysis.getAction())
                    .contains("tracing.reporter.endpoint").contains("host:port");
        });
    }
}
