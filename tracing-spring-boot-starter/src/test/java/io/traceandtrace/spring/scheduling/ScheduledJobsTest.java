package io.traceandtrace.spring.scheduling;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.scheduling.app.ScheduledApplication;
import io.traceandtrace.spring.scheduling.app.ScheduledApplication.Jobs;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import java.util.List;
import java.util.Map;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs of @Scheduled methods in a real app with Actuator, on Spring Boot's one-thread scheduler. */
@SpringBootTest(classes = {ScheduledApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.sampler.type=const", "tracing.sampler.param=1",
                "tracing.scheduling.skip=ScheduledApplication.Jobs.quiet", "grpc.server.port=-1"})
// closed after the class: its jobs run every 50 ms and would keep running beside every later test
@DirtiesContext
class ScheduledJobsTest {

    @Autowired
    CapturingExporter reporter;

    private List<JaegerSpan> named(String name, int atLeast) {
        return Spans.awaitSpans(reporter, spans -> spans.stream().filter(s -> s.getOperationName().equals(name)).count() >= atLeast)
                .stream().filter(s -> s.getOperationName().equals(name)).toList();
    }

    @Test
    void eachRunIsTheRootOfItsOwnTraceEvenWithASpanLeftActiveOnTheSchedulerThread() {
        List<JaegerSpan> ticks = named("task jobs.tick", 3);
        assertThat(Jobs.LEAKED_TRACE.get()).as("the leaking job ran first").isNotNull();
        assertThat(ticks).allSatisfy(tick -> {
            assertThat(tick.context().getParentId()).isZero();
            assertThat(tick.context().toTraceId()).isNotEqualTo(Jobs.LEAKED_TRACE.get());
            assertThat(tick.getTags()).containsEntry("code.namespace", Jobs.class.getCanonicalName())
                    .containsEntry("code.function", "tick").containsEntry("outcome", "SUCCESS").doesNotContainKey("error");
        });
        assertThat(ticks).extracting(s -> s.context().toTraceId()).doesNotHaveDuplicates();
    }

    @Test
    void spansInsideARunAreItsChildrenAndItsIdsAreInTheMdc() {
        JaegerSpan tick = named("task jobs.tick", 1).get(0);
        List<JaegerSpan> trace = Spans.awaitSpans(reporter, spans -> spans.stream()
                .filter(s -> s.context().getTraceIdLow() == tick.context().getTraceIdLow()).count() >= 4)
                .stream().filter(s -> s.context().getTraceIdLow() == tick.context().getTraceIdLow()).toList();
        JaegerSpan traced = Spans.named(trace, "Work.step");
        JaegerSpan client = Spans.named(trace, "GET");
        JaegerSpan server = Spans.named(trace, "GET /ping");
        assertThat(Spans.isChildOf(traced, tick)).isTrue();
        assertThat(Spans.isChildOf(client, tick)).isTrue();
        assertThat(Spans.isChildOf(server, client)).isTrue();
        assertThat(Jobs.MDC_TRACE_IDS).containsEntry(tick.context().toSpanId(), tick.context().toTraceId());
    }

    @Test
    void aFailingRunIsAnErrorSpanAndTheNextRunsStillHappen() {
        List<JaegerSpan> failures = named("task jobs.fail", 2);
        assertThat(failures).allSatisfy(fail -> {
            assertThat(tag(fail, "error")).isEqualTo(true);
            assertThat(fail.getTags()).containsEntry("outcome", "ERROR").containsEntry("exception", "IllegalStateException");
            List<Map<String, Object>> logs = Spans.logs(fail);
            assertThat(logs).hasSize(1);
            assertThat(logs.get(0)).containsEntry("event", "error")
                    .containsEntry("error.kind", IllegalStateException.class.getName());
            assertThat((String) logs.get(0).get("message")).startsWith("failure ");
        });
    }

    @Test
    void aSkippedJobRunsWithoutSpans() {
        named("task jobs.tick", 3);
        assertThat(Jobs.QUIET_RUNS.get()).isGreaterThan(1);
        assertThat(reporter.spans()).extracting(JaegerSpan::getOperationName).doesNotContain("task jobs.quiet");
    }
}
