package io.traceandtrace.core.sampling;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.samplers.RateLimitingSampler;
import io.jaegertracing.spi.Sampler;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.settings.SamplingRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules deciding for new traces inside a real Jaeger tracer. */
class RuleBasedSamplerTest {

    private JaegerTracer tracer;

    @AfterEach
    void close() {
        if (tracer != null) {
            tracer.close();
        }
    }

    private JaegerTracer tracer(Sampler global, SamplingRule... rules) {
        tracer = new JaegerTracer.Builder("rules").withReporter(new InMemoryReporter())
                .withSampler(new RuleBasedSampler(List.of(rules), global)).build();
        return tracer;
    }

    private boolean sampled(SamplingRequest request) {
        JaegerSpan span = request.around(() -> tracer.buildSpan("op").start());
        return span.context().isSampled();
    }

    private static SamplingRule http(int i, String method, String path, SamplerType type, double param) {
        return SamplingRule.of("sampler.rules[" + i + "]", method, path, null, null, type, param);
    }

    private static SamplingRule grpc(int i, String service, String method, SamplerType type, double param) {
        return SamplingRule.of("sampler.rules[" + i + "]", null, null, service, method, type, param);
    }

    @Test
    void theFirstMatchingRuleDecidesAndTheGlobalSamplerTheRest() {
        tracer(new ConstSampler(true),
                http(0, "GET", "/health/**", SamplerType.CONST, 0),
                http(1, null, "/orders/{id}", SamplerType.CONST, 0),
                http(2, null, "/orders/**", SamplerType.CONST, 1),
                grpc(3, "sample.Greeter", "SayHello", SamplerType.CONST, 0));
        assertThat(sampled(SamplingRequest.http("GET", "/health"))).isFalse();
        assertThat(sampled(SamplingRequest.http("GET", "/health/live"))).isFalse();
        assertThat(sampled(SamplingRequest.http("POST", "/health/live"))).as("another method").isTrue();
        assertThat(sampled(SamplingRequest.http("GET", "/healthy"))).as("not under /health").isTrue();
        assertThat(sampled(SamplingRequest.http("PUT", "/orders/42"))).as("rule 1 before rule 2").isFalse();
        assertThat(sampled(SamplingRequest.http("PUT", "/orders/42/items"))).isTrue();
        assertThat(sampled(SamplingRequest.grpc("sample.Greeter", "SayHello"))).isFalse();
        assertThat(sampled(SamplingRequest.grpc("sample.Greeter", "SayBye"))).isTrue();
        assertThat(sampled(SamplingRequest.http("GET", "/sample.Greeter/SayHello"))).as("kinds do not mix").isTrue();
        assertThat(tracer.buildSpan("no request").start().context().isSampled()).as("no request: global").isTrue();
    }

    @Test
    void theDecidingRuleIsTaggedOnTheSpan() {
        tracer(new ConstSampler(false), http(0, null, "/checkout", SamplerType.CONST, 1));
        JaegerSpan span = SamplingRequest.http("POST", "/checkout").around(() -> tracer.buildSpan("op").start());
        assertThat(span.getTags()).containsEntry(RuleBasedSampler.RULE_TAG, "sampler.rules[0]")
                .containsEntry("sampler.type", "const");
    }

    @Test
    void eachRateLimitingRuleHasItsOwnBudget() {
        // 0 traces per second: a budget of one trace that never refills
        tracer(new RateLimitingSampler(0), grpc(0, "sample.Greeter", null, SamplerType.RATELIMITING, 0),
                http(1, null, "/orders/**", SamplerType.RATELIMITING, 0));
        assertThat(IntStream.range(0, 5).filter(i -> sampled(SamplingRequest.grpc("sample.Greeter", "M" + i))).count()).isOne();
        assertThat(IntStream.range(0, 5).filter(i -> sampled(SamplingRequest.http("GET", "/orders/" + i))).count()).isOne();
        assertThat(IntStream.range(0, 5).filter(i -> sampled(SamplingRequest.http("GET", "/other"))).count())
                .as("the global budget was not spent by the rules").isOne();
    }

    @Test
    void onlyRootSpansConsultTheRules() {
        tracer(new ConstSampler(true), http(0, null, "/**", SamplerType.CONST, 0));
        JaegerSpan parent = tracer.buildSpan("caller").start(); // no request: sampled by the global sampler
        JaegerSpan child = SamplingRequest.http("GET", "/x").around(() -> tracer.buildSpan("op").asChildOf(parent).start());
        assertThat(child.context().isSampled()).as("the caller's decision wins").isTrue();
    }

    @Test
    void theRequestIsVisibleOnlyWhileTheSpanStarts() {
        tracer(new ConstSampler(true), http(0, null, "/quiet", SamplerType.CONST, 0));
        assertThat(sampled(SamplingRequest.http("GET", "/quiet"))).isFalse();
        assertThat(SamplingRequest.current()).isNull();
        assertThat(tracer.buildSpan("later").start().context().isSampled()).isTrue();
    }
}
