package io.traceandtrace.core.sampling;

import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.samplers.ProbabilisticSampler;
import io.jaegertracing.internal.samplers.RateLimitingSampler;
import io.jaegertracing.internal.samplers.SamplingStatus;
import io.jaegertracing.spi.Sampler;
import io.traceandtrace.core.settings.SamplingRule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decides for a new trace with the first rule that matches its {@link SamplingRequest}, and with
 * the global sampler when none does (or when the span was not started by a handler). Jaeger asks
 * the sampler only for root spans, so a caller's decision always wins over the rules.
 */
public final class RuleBasedSampler implements Sampler {

    /** Tag naming the rule that decided, e.g. {@code sampler.rules[0]}. */
    public static final String RULE_TAG = "sampler.rule";

    private final List<SamplingRule> rules;
    private final List<Sampler> samplers;
    private final Sampler global;
    // per rule: its sampler's tags (the same map every time) with the rule tag added, built once
    private final AtomicReferenceArray<Tags> tags;

    private record Tags(Map<String, Object> source, Map<String, Object> withRule) {
    }

    public RuleBasedSampler(List<SamplingRule> rules, Sampler global) {
        this.rules = List.copyOf(rules);
        this.samplers = this.rules.stream().map(RuleBasedSampler::newSampler).toList();
        this.global = global;
        this.tags = new AtomicReferenceArray<>(this.rules.size());
    }

    @Override
    public SamplingStatus sample(String operation, long id) {
        SamplingRequest request = SamplingRequest.current();
        if (request != null) {
            for (int i = 0; i < rules.size(); i++) {
                if (matches(rules.get(i), request)) {
                    SamplingStatus status = samplers.get(i).sample(operation, id);
                    return SamplingStatus.of(status.isSampled(), withRule(i, status.getTags()));
                }
            }
        }
        return global.sample(operation, id);
    }

    private static boolean matches(SamplingRule rule, SamplingRequest request) {
        return request.isGrpc() ? rule.matchesGrpc(request.target(), request.method())
                : rule.matchesHttp(request.method(), request.target());
    }

    /** A new sampler for a rule; a ratelimiting one has its own budget. */
    private static Sampler newSampler(SamplingRule rule) {
        return switch (rule.type()) {
            case CONST -> new ConstSampler(rule.param() != 0);
            case PROBABILISTIC -> new ProbabilisticSampler(rule.param());
            default -> new RateLimitingSampler(rule.param());
        };
    }

    private Map<String, Object> withRule(int rule, Map<String, Object> source) {
        Tags cached = tags.get(rule);
        if (cached == null || cached.source() != source) {
            Map<String, Object> merged = new HashMap<>(source);
            merged.put(RULE_TAG, rules.get(rule).setting());
            cached = new Tags(source, Map.copyOf(merged));
            tags.set(rule, cached);
        }
        return cached.withRule();
    }

    @Override
    public void close() {
        samplers.forEach(Sampler::close);
        global.close();
    }

    @Override
    public String toString() {
        return "RuleBasedSampler{rules=" + rules + ", global=" + global + '}';
    }
}
