package io.traceandtrace.spring.exemplars;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.prometheus.metrics.tracer.common.SpanContext;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Exemplars on Prometheus metrics: Boot's Prometheus registry asks a {@link SpanContext} bean for
 * the current span; ours answers with the trace and span id of our active span when it is
 * sampled. Server request timers are recorded with the request's span active.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class,
        afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        beforeName = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration")
@ConditionalOnClass(name = {"io.prometheus.metrics.tracer.common.SpanContext",
        "io.micrometer.prometheusmetrics.PrometheusMeterRegistry"})
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.exemplars", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingExemplarsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SpanContext tracingExemplarSpanContext(ObjectProvider<Tracer> tracer) {
        return new ActiveSpanContext(tracer);
    }

    /** In place of Boot's meter handler, which backs off for it; with Micrometer Tracing, Boot's own does this. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterObservationHandler.class, Observation.class})
    @ConditionalOnMissingClass("io.micrometer.tracing.Tracer")
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(MeterObservationHandler.class)
    static class ServerRequestTimers {

        @Bean
        MeterObservationHandler<Observation.Context> tracingServerSpanMeterObservationHandler(
                MeterRegistry meterRegistry, Tracer tracer, Environment environment) {
            boolean longTaskTimers = environment.getProperty("management.observations.long-task-timer.enabled", Boolean.class, true);
            DefaultMeterObservationHandler delegate = longTaskTimers ? new DefaultMeterObservationHandler(meterRegistry)
                    : new DefaultMeterObservationHandler(meterRegistry, DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER);
            ClassLoader loader = TracingExemplarsAutoConfiguration.class.getClassLoader();
            List<Function<Observation.Context, Span>> serverSpans = new ArrayList<>(2);
            if (ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", loader)) {
                serverSpans.add(new ServletServerSpan());
            }
            if (ClassUtils.isPresent("org.springframework.http.server.reactive.observation.ServerRequestObservationContext", loader)
                    && ClassUtils.isPresent("org.springframework.web.server.WebFilter", loader)) {
                serverSpans.add(new ReactiveServerSpan());
            }
            return new ServerSpanMeterObservationHandler(delegate, tracer, serverSpans);
        }
    }
}
