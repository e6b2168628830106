package io.traceandtrace.spring.observation;

import io.jaegertracing.internal.JaegerSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;


import static org.assertj.core.api.Assertions.assertThat;

/** When observations become spans, with and without Actuator. */
class TracingObservationAutoConfigurationTest {

    private final ApplicationContextRunner withoutActuator = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(ObservationAutoConfiguration.class))
            .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1");

    private final ApplicationContextRunner withActuator = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class,
                    ObservationAutoConfiguration.class))
            .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1");

    private static JaegerSpan observe(ObservationRegistry registry, CapturingExporter reporter, String name) {
        Observation.createNotStarted(name, registry).observe(() -> { });
        return Spans.awaitNamed(reporter, name);
    }

    @Test
    void withoutActuatorTheStarterProvidesARegistryThatTraces() {
        withoutActuator.run(context -> {
            assertThat(context).hasSingleBean(ObservationRegistry.class).hasSingleBean(TracingObservationHandler.class);
            JaegerSpan span = observe(context.getBean(ObservationRegistry.class), context.getBean(CapturingExporter.class), "job.run");
            assertThat(span.getOperationName()).isEqualTo("job.run");
        });
    }

    @Test
    void withoutActuatorTheApplicationsOwnRegistryTracesToo() {
        ObservationRegistry theirs = ObservationRegistry.create();
        withoutActuator.withBean(ObservationRegistry.class, () -> theirs).run(context -> {
            assertThat(context.getBean(ObservationRegistry.class)).isSameAs(theirs);
            observe(theirs, context.getBean(CapturingExporter.class), "job.run");
        });
    }

    @Test
    void withActuatorSpringBootsRegistryTraces() {
        withActuator.run(context -> {
            assertThat(context).hasSingleBean(ObservationRegistry.class);
            observe(context.getBean(ObservationRegistry.class), context.getBean(CapturingExporter.class), "job.run");
        });
    }

    @Test
    void switchedOffObservationsMakeNoSpans() {
        withActuator.withPropertyValues("tracing.observations.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(TracingObservationHandler.class);
            Observation.createNotStarted("job.run", context.getBean(ObservationRegistry.class)).observe(() -> { });
            context.getBean(TracingAutoConfiguration.class); // context is up
            assertThat(context.getBean(CapturingExporter.class).spans()).isEmpty();
        });
        withoutActuator.withPropertyValues("tracing.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(TracingObservationHandler.class).doesNotHaveBean(ObservationRegistry.class));
    }

    @Test
    void skippedNamesMakeNoSpanAndAnUnnamedObservationBreaksNothing() {
        withActuator.withPropertyValues("tracing.observations.skip-names=spring.security.filterchains").run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            Observation.createNotStarted("spring.security.filterchains", registry).observe(() -> { });
            // Spring's conventions name an observation only when it starts: created with no name at all
            Observation unnamed = Observation.createNotStarted((String) null, Observation.Context::new, registry);
            unnamed.contextualName("named late").start().stop();
            observe(registry, reporter, "after");
            assertThat(reporter.spans()).extracting(JaegerSpan::getOperationName).containsExactly("named late", "after");
        });
    }

    @Test
    void aUserHandlerReplacesOurs() {
        TracingObservationHandler theirs = new TracingObservationHandler(io.opentracing.noop.NoopTracerFactory.create(), java.util.Set.of());
        withActuator.withBean(TracingObservationHandler.class, () -> theirs).run(context ->
                assertThat(context.getBeansOfType(TracingObservationHandler.class).values()).containsExactly(theirs));
    }
}
