package io.traceandtrace.spring.web;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.sampling.RuleBasedSampler;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-route sampling rules deciding for HTTP requests that start a trace, over real HTTP. */
@SpringBootTest(classes = {WebTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.sampler.type=const", "tracing.sampler.param=1",
                "grpc.server.port=-1",
                "tracing.sampler.rules[0].path=/orders/**", "tracing.sampler.rules[0].type=const",
                "tracing.sampler.rules[0].param=0",
                "tracing.sampler.rules[1].http-method=GET", "tracing.sampler.rules[1].path=/contract/ok/*",
                "tracing.sampler.rules[1].type=ratelimiting", "tracing.sampler.rules[1].param=0"})
class SamplingRulesWebTest {

    private static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
    private static final String SPAN = "a2fb4a1d1a96d312";

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    @BeforeEach
    void clear() {
        reporter.clear();
    }

    private int get(String path, String... headers) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return HttpGets.get(port, path, map).statusCode();
    }

    /** Every span made so far, once a sampled request made after them has arrived. */
    private List<JaegerSpan> spansUpToAMarker() throws Exception {
        get("/server-error");
        return Spans.awaitSpans(reporter, list -> list.stream().anyMatch(s -> s.getOperationName().equals("GET /server-error")));
    }

    @Test
    void aRuleUnsamplesItsRoutesAndTheGlobalSamplerDecidesTheRest() throws Exception {
        assertThat(get("/orders/1")).isEqualTo(200);
        List<JaegerSpan> spans = spansUpToAMarker();
        assertThat(spans).extracting(JaegerSpan::getOperationName)
                .as("neither the request nor its @Traced children").containsExactly("GET /server-error");
        assertThat(spans.get(0).getTags()).doesNotContainKey(RuleBasedSampler.RULE_TAG);
    }

    @Test
    void aCallersDecisionWinsOverTheRules() throws Exception {
        get("/orders/2", "uber-trace-id", TRACE + ":" + SPAN + ":0:1");
        JaegerSpan server = Spans.awaitNamed(reporter, "GET /orders/{id}");
        assertThat(server.context().getParentId()).isEqualTo(Long.parseUnsignedLong(SPAN, 16));
    }

    @Test
    void aRateLimitingRuleSpendsItsOwnBudget() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/contract/ok/" + i)).isEqualTo(200);
        }
        List<JaegerSpan> spans = spansUpToAMarker();
        // 0 traces a second: a budget of one trace that never refills; the global const sampler takes the rest
        assertThat(spans).filteredOn(s -> s.getOperationName().equals("GET /contract/ok/{id}")).singleElement()
                .satisfies(s -> assertThat(s.getTags()).containsEntry(RuleBasedSampler.RULE_TAG, "sampler.rules[1]"));
    }
}
