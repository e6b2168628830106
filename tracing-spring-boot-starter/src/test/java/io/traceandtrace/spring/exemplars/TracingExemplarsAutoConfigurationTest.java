package io.traceandtrace.spring.exemplars;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.prometheus.metrics.tracer.common.SpanContext;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** When our exemplar source is there, and what it answers. */
class TracingExemplarsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExemplarsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, ObservationAutoConfiguration.class))
            .withPropertyValues("tracing.reporter.type=memory", "tracing.sampler.type=const", "tracing.sampler.param=1");

    @Test
    void theSpanContextAnswersWithASampledActiveSpanOnly() {
        runner.run(context -> {
            SpanContext exemplars = context.getBean(SpanContext.class);
            Tracer tracer = context.getBean(Tracer.class);
            assertThat(exemplars.isCurrentSpanSampled()).isFalse();
            assertThat(exemplars.getCurrentTraceId()).isNull();
            Span sampled = tracer.buildSpan("sampled").start();
            try (Scope ignored = tracer.activateSpan(sampled)) {
                assertThat(exemplars.isCurrentSpanSampled()).isTrue();
                assertThat(exemplars.getCurrentTraceId()).isEqualTo(sampled.context().toTraceId());
                assertThat(exemplars.getCurrentSpanId()).isEqualTo(sampled.context().toSpanId());
            }
            sampled.finish();
        });
        runner.withPropertyValues("tracing.sampler.param=0").run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            Span unsampled = tracer.buildSpan("unsampled").start();
            try (Scope ignored = tracer.activateSpan(unsampled)) {
                SpanContext exemplars = context.getBean(SpanContext.class);
                assertThat(exemplars.isCurrentSpanSampled()).isFalse();
                assertThat(exemplars.getCurrentTraceId()).isNull();
                assertThat(exemplars.getCurrentSpanId()).isNull();
            }
        });
    }

    @Test
    void ourMeterHandlerStandsInForBootsDefault() {
        runner.run(context -> assertThat(context).getBeans(MeterObservationHandler.class).hasSize(1)
                .allSatisfy((name, handler) -> assertThat(handler).isInstanceOf(ServerSpanMeterObservationHandler.class)));
    }

    @Test
    void offBySwitchWithoutPrometheusOrWithoutTracing() {
        runner.withPropertyValues("tracing.exemplars.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(SpanContext.class);
            assertThat(context).getBean(MeterObservationHandler.class).isInstanceOf(DefaultMeterObservationHandler.class);
        });
        runner.withClassLoader(new FilteredClassLoader(PrometheusMeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanContext.class));
        runner.withPropertyValues("tracing.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanContext.class));
    }

    @Test
    void aUsersOwnSpanContextWins() {
        runner.withUserConfiguration(OwnSpanContext.class).run(context ->
                assertThat(context).getBean(SpanContext.class).isSameAs(OwnSpanContext.OWN));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSpanContext {
        static final SpanContext OWN = new ActiveSpanContext(null);

        @Bean
        SpanContext ownSpanContext() {
            return OWN;
        }
    }
}
