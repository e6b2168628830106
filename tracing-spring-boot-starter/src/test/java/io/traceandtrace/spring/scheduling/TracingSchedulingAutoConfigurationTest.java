package io.traceandtrace.spring.scheduling;

import io.jaegertracing.internal.JaegerSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.FailureAnalyzers;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.observation.TracingObservationAutoConfiguration;
import io.traceandtrace.spring.testing.Spans;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** @Scheduled runs on a real scheduler without Actuator: the starter hands the scheduler its registry. */
class TracingSchedulingAutoConfigurationTest {

    private final ApplicationContextRunner withoutActuator = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class,
                    TracingSchedulingAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(ObservationAutoConfiguration.class))
            .withUserConfiguration(Beats.class)
            .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1",
                    "spring.task.scheduling.pool.size=2");

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Beats {

        final AtomicInteger beats = new AtomicInteger();
        final AtomicInteger pulses = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Scheduled(fixedDelay = 20)
        void beat() {
            beats.incrementAndGet();
            threads.add(Thread.currentThread().getName());
        }

        @Scheduled(fixedRate = 20)
        void pulse() {
            pulses.incrementAndGet();
            threads.add(Thread.currentThread().getName());
        }
    }

    private static List<JaegerSpan> named(CapturingExporter reporter, String name, int atLeast) {
        return Spans.awaitSpans(reporter, spans -> spans.stream().filter(s -> s.getOperationName().equals(name)).count() >= atLeast)
                .stream().filter(s -> s.getOperationName().equals(name)).toList();
    }

    private static List<String> jobSpanNames(AssertableApplicationContext context) {
        return context.getBean(CapturingExporter.class).spans().stream().map(JaegerSpan::getOperationName)
                .filter(name -> name.startsWith("task ")).distinct().toList();
    }

    @Test
    void withoutActuatorEachRunOnEitherSchedulerThreadIsARootSpan() {
        withoutActuator.run(context -> {
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            List<JaegerSpan> beats = named(reporter, "task beats.beat", 5);
            List<JaegerSpan> pulses = named(reporter, "task beats.pulse", 5);
            assertThat(beats).allSatisfy(beat -> {
                assertThat(beat.context().getParentId()).isZero();
                assertThat(beat.getTags()).containsEntry("code.function", "beat")
                        .containsEntry("code.namespace", Beats.class.getCanonicalName());
            });
            assertThat(pulses).allSatisfy(pulse -> assertThat(pulse.context().getParentId()).isZero());
            assertThat(context.getBean(Beats.class).threads).hasSize(2);
        });
    }

    @Test
    void skippedJobsRunWithoutSpansByAnyOfTheirNames() {
        for (String name : List.of("task beats.beat", "beats.beat", "Beats.beat", "TracingSchedulingAutoConfigurationTest.Beats.beat",
                Beats.class.getName() + ".beat", Beats.class.getCanonicalName() + ".beat")) {
            withoutActuator.withPropertyValues("tracing.scheduling.skip=" + name).run(context -> {
                named(context.getBean(CapturingExporter.class), "task beats.pulse", 3);
                Beats beats = context.getBean(Beats.class);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> beats.beats.get() > 2);
                assertThat(jobSpanNames(context)).as(name).containsExactly("task beats.pulse");
            });
        }
    }

    @Test
    void switchedOffSchedulingMakesNoJobSpans() {
        for (String off : List.of("tracing.scheduling.enabled=false", "tracing.observations.enabled=false")) {
            withoutActuator.withPropertyValues(off).run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(ScheduledJobSpans.class);
                Beats beats = context.getBean(Beats.class);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> beats.beats.get() > 5 && beats.pulses.get() > 5);
                assertThat(jobSpanNames(context)).as(off).isEmpty();
            });
        }
    }

    @Test
    void aSkipEntryThatCanNameNoJobStopsStartUpNamingIt() {
        for (String bad : List.of("cleanUp", "task cleanUp", ".cleanUp", "Jobs.", "Jobs. cleanUp")) {
            withoutActuator.withPropertyValues("tracing.scheduling.skip=Beats.pulse," + bad).run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = FailureAnalyzers.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).as(bad)
                        .contains("tracing.scheduling.skip[1]").contains("'" + bad + "'");
                assertThat(analysis.getAction()).contains("Class.method");
            });
        }
    }

    /** The application's own registry on its scheduler, here one that only counts, is left in place. */
    @Test
    void aRegistryTheApplicationGaveItsSchedulerStays() {
        ObservationRegistry theirs = ObservationRegistry.create();
        AtomicInteger counted = new AtomicInteger();
        theirs.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ScheduledTaskObservationContext;
            }

            @Override
            public void onStop(Observation.Context context) {
                counted.incrementAndGet();
            }
        });
        withoutActuator.withBean("theirScheduling", SchedulingConfigurer.class,
                () -> registrar -> registrar.setObservationRegistry(theirs)).run(context -> {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> counted.get() > 5);
            assertThat(context.getBean(ObservationRegistry.class)).isNotSameAs(theirs);
            assertThat(jobSpanNames(context)).isEmpty();
        });
    }

    @Test
    void aRunStartedInsideACallersObservationIsItsChild() {
        withoutActuator.withPropertyValues("tracing.scheduling.skip=Beats.pulse").run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            ScheduledMethodRunnable pulse = new ScheduledMethodRunnable(context.getBean(Beats.class),
                    Beats.class.getDeclaredMethod("beat"), null, () -> registry);
            Observation.createNotStarted("run now", registry).observe(pulse);
            JaegerSpan caller = Spans.awaitNamed(reporter, "run now");
            List<JaegerSpan> beats = named(reporter, "task beats.beat", 2);
            assertThat(beats).filteredOn(beat -> Spans.isChildOf(beat, caller)).hasSize(1);
        });
    }
}
