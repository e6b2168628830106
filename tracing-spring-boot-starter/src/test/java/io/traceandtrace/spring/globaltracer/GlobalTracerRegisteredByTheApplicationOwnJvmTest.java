package io.traceandtrace.spring.globaltracer;

import io.opentracing.mock.MockTracer;
import io.opentracing.util.GlobalTracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A GlobalTracer the application registered before start-up is kept (its own JVM: the GlobalTracer is set once per JVM). */
class GlobalTracerRegisteredByTheApplicationOwnJvmTest {

    @Test
    void theApplicationsGlobalTracerIsKept() {
        MockTracer theirs = new MockTracer();
        assertThat(GlobalTracer.registerIfAbsent(theirs)).as("nothing registered before this test in its JVM").isTrue();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingGlobalTracerAutoConfiguration.class))
                .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    GlobalTracer.get().buildSpan("theirs").start().finish();
                    assertThat(theirs.finishedSpans()).extracting(s -> s.operationName()).containsExactly("theirs");
                    assertThat(context.getBean(CapturingExporter.class).spans()).isEmpty();
                });
    }
}
