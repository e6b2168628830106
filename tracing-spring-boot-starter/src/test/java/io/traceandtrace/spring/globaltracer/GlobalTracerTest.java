package io.traceandtrace.spring.globaltracer;

import io.jaegertracing.internal.JaegerSpan;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.noop.NoopTracer;
import io.opentracing.util.GlobalTracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Instrumentations that read OpenTracing's GlobalTracer report to our tracer, in our traces. */
class GlobalTracerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingGlobalTracerAutoConfiguration.class))
            .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1");

    /** What an opentracing-contrib instrumentation does: a span from GlobalTracer.get(), child of the active one. */
    private static void instrumentedCall(String name) {
        Tracer global = GlobalTracer.get();
        Span span = global.buildSpan(name).start();
        span.finish();
    }

    @Test
    void aSpanFromTheGlobalTracerIsAChildOfOurActiveSpan() {
        runner.run(context -> {
            assertThat(GlobalTracer.isRegistered()).isTrue();
            Tracer tracer = context.getBean(Tracer.class);
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            Span request = tracer.buildSpan("request").start();
            try (Scope ignored = tracer.activateSpan(request)) {
                assertThat(GlobalTracer.get().activeSpan()).isSameAs(tracer.activeSpan());
                instrumentedCall("jdbc.query");
            }
            request.finish();
            JaegerSpan query = Spans.awaitNamed(reporter, "jdbc.query");
            assertThat(Spans.isChildOf(query, Spans.awaitNamed(reporter, "request"))).isTrue();
        });
    }

    @Test
    void theGlobalTracerFollowsTheLiveContext() {
        CapturingExporter[] first = new CapturingExporter[1];
        runner.run(context -> first[0] = context.getBean(CapturingExporter.class));
        runner.run(second -> {
            instrumentedCall("second");
            assertThat(Spans.awaitNamed(second.getBean(CapturingExporter.class), "second")).isNotNull();
        });
        assertThat(first[0].spans()).as("never the closed context's tracer").isEmpty();
    }

    @Test
    void withNoLiveContextItIsANoOp() throws Exception {
        ForwardingTracer forwarding = new ForwardingTracer();
        assertThat(forwarding.current()).isInstanceOf(NoopTracer.class);
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            AutoCloseable attached = forwarding.attach(tracer);
            assertThat(forwarding.current()).isSameAs(tracer);
            attached.close();
        });
        assertThat(forwarding.current()).isInstanceOf(NoopTracer.class);
    }

    @Test
    void offBySwitch() {
        runner.withPropertyValues("tracing.global-tracer.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(TracingGlobalTracerAutoConfiguration.GlobalTracerRegistration.class));
    }
}
