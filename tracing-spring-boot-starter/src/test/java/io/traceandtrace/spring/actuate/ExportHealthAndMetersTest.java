package io.traceandtrace.spring.actuate;

import io.jaegertracing.internal.JaegerSpan;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.export.InProcessExporter;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The tracing health and queue meters as Actuator shows them, with the real export worker. */
class ExportHealthAndMetersTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingMetricsAutoConfiguration.class,
                    TracingActuatorAutoConfiguration.class, MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class))
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1", "tracing.reporter.flush-interval=10ms");

    /** A backend that takes spans only once let through. */
    static final class Gated implements InProcessExporter {
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public int maxMessageBytes() {
            return 1;
        }

        @Override
        public void export(List<JaegerSpan> message) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String describe() {
            return "gated";
        }
    }

    @Test
    void theRecentTracesMetersCountWhatTheStoreHoldsAndWhatItsRateTurnedAway() {
        runner.withPropertyValues("tracing.reporter.type=none", "tracing.recent.max-traces-per-second=2").run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            for (int i = 0; i < 5; i++) {
                tracer.buildSpan("request " + i).start().finish();
            }
            assertThat(context.getBean(ExportPipeline.class).flush(Duration.ofSeconds(5))).isTrue();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            double held = registry.get("tracing.recent.spans").gauge().value();
            double refused = registry.get("tracing.recent.refused.spans").functionCounter().count();
            assertThat(held + refused).isEqualTo(5);
            // two new traces a second: five in well under a second keep two (more only if this machine stalls)
            assertThat(held).isBetween(2.0, 4.0);
        });
    }

    @Test
    void aStoppedExportWorkerIsDown() {
        runner.run(context -> {
            ExportHealthIndicator health = context.getBean(ExportHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            context.getBean(ExportPipeline.class).close();
            Health stopped = health.health();
            assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
            assertThat(stopped.getDetails()).containsEntry("state", "stopped");
        });
    }

    @Test
    void queueGaugesMoveWhileTheWorkerIsStuckSending() {
        Gated backend = new Gated();
        runner.withBean(SpanExporter.class, () -> backend).run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            tracer.buildSpan("held").start().finish();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get("tracing.export.queue.bytes").gauge().value() > 0
                            && registry.get("tracing.export.queue.spans").gauge().value() == 0);
            for (int i = 0; i < 25; i++) {
                tracer.buildSpan("waiting").start().finish();
            }
            assertThat(registry.get("tracing.export.queue.spans").gauge().value()).isEqualTo(25);
            backend.gate.countDown();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get("tracing.export.queue.spans").gauge().value() == 0
                            && registry.get("tracing.export.queue.bytes").gauge().value() == 0);
        });
    }

    @Test
    void theMetersShowWhatTheTracerAndPipelineDidAndNoDeadReporterMeters() {
        runner.withPropertyValues("tracing.reporter.type=none").run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (int i = 0; i < 7; i++) {
                tracer.buildSpan("op").start().finish();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get("tracing.export.spans").tag("result", "sent").counter().count() == 7);
            assertThat(registry.get("jaeger.tracer.started.spans").tag("sampled", "y").counter().count()).isEqualTo(7);
            assertThat(registry.get("jaeger.tracer.finished.spans").counter().count()).isEqualTo(7);
            assertThat(registry.get("tracing.export.spans").tag("result", "queued").counter().count()).isEqualTo(7);
            assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                    .as("Jaeger's reporter is not ours: its meters would stay at 0")
                    .noneMatch(name -> name.startsWith("jaeger.tracer.reporter."));
            assertThat(context.getBean("tracingHealthIndicator", ExportHealthIndicator.class).health().getDetails())
                    .containsEntry("spansStarted", 7L).containsEntry("spansSent", 7L);
        });
    }
}
