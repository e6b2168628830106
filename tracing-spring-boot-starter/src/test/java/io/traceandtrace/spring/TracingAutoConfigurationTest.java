package io.traceandtrace.spring;

import io.jaegertracing.internal.JaegerSpan;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.mock.MockTracer;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.core.limits.BoundedSpan;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.propagation.PropagationFormat;
import io.traceandtrace.core.testing.JaegerCollector;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.spring.actuate.MicrometerMetricsFactory;
import io.traceandtrace.spring.actuate.ExportHealthIndicator;
import io.traceandtrace.spring.actuate.TracesEndpoint;
import io.traceandtrace.spring.actuate.TracingActuatorAutoConfiguration;
import io.traceandtrace.spring.actuate.TracingMetricsAutoConfiguration;
import io.traceandtrace.spring.async.TracingAsyncAutoConfiguration;
import io.traceandtrace.spring.grpc.TracingClientInterceptor;
import io.traceandtrace.spring.grpc.TracingGrpcAutoConfiguration;
import io.traceandtrace.spring.grpc.TracingServerInterceptor;
import io.traceandtrace.spring.testing.Spans;
import net.devh.boot.grpc.client.interceptor.GrpcGlobalClientInterceptor;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import io.traceandtrace.spring.traced.TracedBeanPostProcessor;
import io.traceandtrace.spring.traced.TracedAutoConfiguration;
import io.traceandtrace.spring.web.TracingWebMvcAutoConfiguration;
import io.traceandtrace.spring.web.client.TracingHttpClientAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TracingAutoConfigurationTest {

    private static final AutoConfigurations ALL = AutoConfigurations.of(TracingAutoConfiguration.class,
            TracingWebMvcAutoConfiguration.class, TracingHttpClientAutoConfiguration.class,
            TracedAutoConfiguration.class, TracingAsyncAutoConfiguration.class, TracingGrpcAutoConfiguration.class,
            TracingActuatorAutoConfiguration.class, TracingMetricsAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(ALL)
            .withPropertyValues("tracing.reporter.type=memory");

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(ALL)
            .withPropertyValues("tracing.reporter.type=memory");

    @Test
    void addsABoundedJaegerTracerByDefault() {
        new ApplicationContextRunner().withConfiguration(ALL).withPropertyValues("spring.application.name=orders")
                .run(context -> {
                    assertThat(context).hasSingleBean(BoundedTracer.class).hasSingleBean(TracerSettings.class);
                    TracerSettings settings = context.getBean(TracerSettings.class);
                    assertThat(settings.serviceName()).isEqualTo("orders");
                    assertThat(settings.reporterType()).isEqualTo(ReporterType.JAEGER_UDP);
                    assertThat(settings.samplerType()).isEqualTo(SamplerType.RATELIMITING);
                    assertThat(settings.samplerParam()).isEqualTo(10);
                    assertThat(context).hasSingleBean(TracedBeanPostProcessor.class)
                            .hasSingleBean(org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer.class);
                    assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
                });
    }

    @Test
    void propertiesReachTheSettings() {
        runner.withPropertyValues("tracing.service-name=billing", "tracing.sampler.type=probabilistic",
                        "tracing.sampler.param=0.5", "tracing.propagation=w3c,b3-single", "tracing.tags.region=eu",
                        "tracing.span.max-logs=7", "tracing.span.trim-unsampled=false", "tracing.span.max-tag-value-length=64",
                        "tracing.reporter.flush-interval=250ms", "tracing.reporter.max-queue-size=20",
                        "tracing.trace-id-128-bit=true")
                .run(context -> {
                    TracerSettings s = context.getBean(TracerSettings.class);
                    assertThat(s.serviceName()).isEqualTo("billing");
                    assertThat(s.samplerType()).isEqualTo(SamplerType.PROBABILISTIC);
                    assertThat(s.samplerParam()).isEqualTo(0.5);
                    assertThat(s.propagation()).containsExactly(PropagationFormat.W3C, PropagationFormat.B3_SINGLE);
                    assertThat(s.tags()).containsEntry("region", "eu");
                    assertThat(s.spanLimits().maxLogsPerSpan()).isEqualTo(7);
                    assertThat(s.spanLimits().trimUnsampledSpans()).isFalse();
                    assertThat(s.spanLimits().maxTagValueLength()).isEqualTo(64);
                    assertThat(s.flushInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(s.maxQueueSize()).isEqualTo(20);
                    assertThat(s.traceId128Bit()).isTrue();
                    assertThat(context.getBean(BoundedTracer.class).limits().maxLogsPerSpan()).isEqualTo(7);
                });
    }

    @Test
    void aPropertyWinsOverItsJaegerVariableWhichWinsOverTheDefault() {
        runner.withPropertyValues("JAEGER_SAMPLER_TYPE=const", "JAEGER_SAMPLER_PARAM=0", "JAEGER_SERVICE_NAME=from-env",
                        "spring.application.name=from-app", "tracing.sampler.param=1")
                .run(context -> {
                    TracerSettings s = context.getBean(TracerSettings.class);
                    assertThat(s.samplerType()).isEqualTo(SamplerType.CONST);
                    assertThat(s.samplerParam()).isEqualTo(1.0);
                    assertThat(s.serviceName()).isEqualTo("from-env");
                });
    }

    @Test
    void customizersAdjustTheSettings() {
        runner.withBean(TracerSettingsCustomizer.class, () -> b -> b.tag("team", "payments"))
                .run(context -> assertThat(context.getBean(TracerSettings.class).tags()).containsEntry("team", "payments"));
    }

    @Test
    void aUserTracerWins() {
        runner.withUserConfiguration(UserTracer.class).run(context -> {
            assertThat(context).hasSingleBean(Tracer.class);
            assertThat(context.getBean(Tracer.class)).isInstanceOf(MockTracer.class);
            assertThat(context).hasSingleBean(TracedBeanPostProcessor.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserTracer {
        @Bean
        MockTracer mockTracer() {
            return new MockTracer();
        }
    }

    @Test
    void disabledMeansNothingOfOurs() {
        webRunner.withPropertyValues("tracing.enabled=false")
                .withConfiguration(AutoConfigurations.of(RestTemplateAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(Tracer.class).doesNotHaveBean(TracerSettings.class)
                            .doesNotHaveBean(FilterRegistrationBean.class).doesNotHaveBean(TracedBeanPostProcessor.class)
                            .doesNotHaveBean(org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer.class).doesNotHaveBean(RestTemplateCustomizer.class)
                            .doesNotHaveBean(TracingServerInterceptor.class).doesNotHaveBean(TracingClientInterceptor.class);
                });
    }

    @Test
    void eachConcernHasItsOwnSwitch() {
        webRunner.run(context -> assertThat(context).hasSingleBean(FilterRegistrationBean.class)
                .hasSingleBean(RestTemplateCustomizer.class));
        webRunner.withPropertyValues("tracing.web.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(FilterRegistrationBean.class).doesNotHaveBean(RestTemplateCustomizer.class));
        webRunner.withPropertyValues("tracing.web.client-enabled=false").run(context ->
                assertThat(context).hasSingleBean(FilterRegistrationBean.class).doesNotHaveBean(RestTemplateCustomizer.class));
        runner.withPropertyValues("tracing.traced.enabled=false").run(context ->
                assertThat(context).hasSingleBean(Tracer.class).doesNotHaveBean(TracedBeanPostProcessor.class));
        runner.withPropertyValues("tracing.async.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer.class));
    }

    @Test
    void grpcInterceptorsHaveTheirSwitchAndBackOffWithoutNetDevh() {
        runner.run(context -> assertThat(context).hasSingleBean(TracingServerInterceptor.class)
                .hasSingleBean(TracingClientInterceptor.class));
        runner.withPropertyValues("tracing.grpc.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(TracingServerInterceptor.class).doesNotHaveBean(TracingClientInterceptor.class));
        runner.withClassLoader(new FilteredClassLoader(GrpcGlobalServerInterceptor.class)).run(context ->
                assertThat(context).doesNotHaveBean(TracingServerInterceptor.class).hasSingleBean(TracingClientInterceptor.class));
        runner.withClassLoader(new FilteredClassLoader(GrpcGlobalClientInterceptor.class)).run(context ->
                assertThat(context).hasSingleBean(TracingServerInterceptor.class).doesNotHaveBean(TracingClientInterceptor.class));
        runner.withClassLoader(new FilteredClassLoader(io.grpc.ServerInterceptor.class)).run(context ->
                assertThat(context).hasSingleBean(Tracer.class).doesNotHaveBean(TracingServerInterceptor.class));
    }

    @Test
    void actuatorPartsAppearWithActuatorAndMicrometer() {
        ApplicationContextRunner withActuator = runner.withConfiguration(AutoConfigurations.of(
                org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration.class,
                org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration.class,
                org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration.class,
                org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration.class,
                org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=traces");
        withActuator.run(context -> {
            assertThat(context).hasSingleBean(ExportHealthIndicator.class).hasSingleBean(TracesEndpoint.class)
                    .hasSingleBean(MicrometerMetricsFactory.class);
            context.getBean(Tracer.class).buildSpan("counted").start().finish();
            var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(registry.get("jaeger.tracer.finished.spans").counter().count()).isEqualTo(1);
            org.awaitility.Awaitility.await().until(() -> registry.get("tracing.export.spans").tag("result", "sent").counter().count() == 1);
            var report = context.getBean(TracesEndpoint.class).traces(null, null, null, null);
            assertThat(report.traces()).hasSize(1);
            assertThat(report.traces().get(0).rootOperation()).isEqualTo("counted");
        });
        withActuator.withPropertyValues("tracing.reporter.type=zipkin",
                "tracing.reporter.endpoint=http://jo:s3cret@127.0.0.1:1/api/v2/spans?token=abc").run(context -> {
            var details = context.getBean(ExportHealthIndicator.class).health().getDetails();
            assertThat(details.get("destination")).isEqualTo("http://127.0.0.1:1/api/v2/spans (json)");
            assertThat(details.toString()).doesNotContain("s3cret").doesNotContain("abc");
        });
        withActuator.withPropertyValues("management.health.tracing.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(ExportHealthIndicator.class));
        withActuator.withClassLoader(new FilteredClassLoader(io.micrometer.core.instrument.MeterRegistry.class)).run(context ->
                assertThat(context).hasSingleBean(Tracer.class).doesNotHaveBean(MicrometerMetricsFactory.class));
        withActuator.withPropertyValues("tracing.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(ExportHealthIndicator.class).doesNotHaveBean(TracesEndpoint.class)
                        .doesNotHaveBean(MicrometerMetricsFactory.class));
    }

    @Test
    void backsOffWhenClassesAreMissing() {
        webRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class)).run(context ->
                assertThat(context).hasSingleBean(Tracer.class).doesNotHaveBean(FilterRegistrationBean.class));
        runner.withClassLoader(new FilteredClassLoader(BoundedTracer.class)).run(context ->
                assertThat(context).doesNotHaveBean(Tracer.class).doesNotHaveBean(TracedBeanPostProcessor.class));
        runner.withClassLoader(new FilteredClassLoader(org.aopalliance.intercept.MethodInterceptor.class)).run(context ->
                assertThat(context).hasSingleBean(Tracer.class).doesNotHaveBean(TracedBeanPostProcessor.class));
    }

    @Test
    void restTemplatesFromTheBuilderGetTheInterceptor() {
        webRunner.withConfiguration(AutoConfigurations.of(RestTemplateAutoConfiguration.class)).run(context -> {
            var template = context.getBean(RestTemplateBuilder.class).build();
            assertThat(template.getInterceptors()).hasSize(1);
        });
    }

    @Test
    void closingTheContextSendsEveryFinishedSpanThoughTheFlushIntervalIsLong() throws Exception {
        try (JaegerCollector collector = JaegerCollector.start()) {
            runner.withPropertyValues("tracing.reporter.type=jaeger-http", "tracing.reporter.endpoint=" + collector.endpoint(),
                            "tracing.reporter.flush-interval=10m", "tracing.sampler.type=const", "tracing.sampler.param=1")
                    .run(context -> {
                        Tracer tracer = context.getBean(Tracer.class);
                        ExportPipeline<?> pipeline = context.getBean(ExportPipeline.class);
                        for (int i = 0; i < 50; i++) {
                            tracer.buildSpan("last-" + i).start().finish();
                        }
                        assertThat(collector.spansAccepted()).as("a partial message waits for the flush interval").isZero();
                        context.close();
                        assertThat(collector.spansAccepted()).isEqualTo(50);
                        assertThat(pipeline.isClosed()).isTrue();
                    });
        }
    }

    @Test
    void anApplicationTracerMeansNoPipelineSocketOrThreadOfOurs() {
        runner.withBean(Tracer.class, MockTracer::new).run(context ->
                assertThat(context).hasSingleBean(Tracer.class).doesNotHaveBean(ExportPipeline.class)
                        .doesNotHaveBean(SpanExporter.class).doesNotHaveBean(BoundedTracer.class));
    }

    @Test
    void anApplicationExporterRunsOnOurPipeline() {
        CapturingExporter own = new CapturingExporter();
        runner.withBean(SpanExporter.class, () -> own).run(context -> {
            context.getBean(Tracer.class).buildSpan("mine").start().finish();
            assertThat(Spans.awaitCount(own, 1)).extracting(JaegerSpan::getOperationName).containsExactly("mine");
            assertThat(context.getBean(ExportPipeline.class).exporter()).isSameAs(own);
        });
    }

    @Test
    void mdcCarriesTheActiveSpanIds() {
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            Span span = tracer.buildSpan("with-mdc").start();
            assertThat(MDC.get("traceId")).isNull();
            try (var ignored = tracer.activateSpan(span)) {
                assertThat(MDC.get("traceId")).isEqualTo(span.context().toTraceId());
                assertThat(MDC.get("spanId")).isEqualTo(span.context().toSpanId());
            }
            assertThat(MDC.get("traceId")).isNull();
            span.finish();
        });
    }

    @Test
    void wrongValuesStopStartUpNamingTheProperty() {
        assertFailure(runner.withPropertyValues("tracing.sampler.type=probabilistic", "tracing.sampler.param=2.5"),
                "tracing.sampler.param", "between 0 and 1");
        assertFailure(runner.withPropertyValues("tracing.reporter.type=zipkin"),
                "tracing.reporter.endpoint", "http://localhost:9411/api/v2/spans");
        assertFailure(runner.withPropertyValues("tracing.sampler.type=ratelimiting", "tracing.sampler.param=-1"),
                "tracing.sampler.param", ">= 0");
        assertFailure(runner.withPropertyValues("JAEGER_SAMPLER_PARAM=lots"), "JAEGER_SAMPLER_PARAM", "a number");
        assertFailure(webRunner.withPropertyValues("tracing.web.skip-pattern=(unclosed"),
                "tracing.web.skip-pattern", "regular expression");
        assertFailure(runner.withPropertyValues("tracing.sampler.type=bogus"), "tracing.sampler.type", "ratelimiting");
        assertFailure(runner.withPropertyValues("tracing.reporter.type=carrier-pigeon"), "tracing.reporter.type", "jaeger-udp");
        // the memory reporter keeps spans in the recent-traces store only: not with that store off
        assertFailure(runner.withPropertyValues("tracing.recent.max-spans=0"), "tracing.reporter.type", "recent.max-spans");
        assertFailure(runner.withPropertyValues("tracing.recent.max-bytes=0"), "tracing.reporter.type", "recent.max-bytes");
    }

    private static void assertFailure(org.springframework.boot.test.context.runner.AbstractApplicationContextRunner<?, ?, ?> runner,
                                      String property, String expected) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyzers.analyze(context.getStartupFailure());
            assertThat(analysis).as("a failure analysis for %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getDescription() + "\n" + analysis.getAction())
                    .contains(property).contains(expected);
        });
    }
}
