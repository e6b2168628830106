package io.traceandtrace.spring;

import io.traceandtrace.core.limits.SpanLimits;
import io.traceandtrace.core.settings.SamplingRule;
import io.traceandtrace.core.settings.InvalidTracerSettingException;
import io.traceandtrace.core.settings.TracerSettings;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Turns {@link TracingProperties} into {@link TracerSettings}: property, then OTEL_* / JAEGER_* variable, then default. */
final class TracerSettingsBinder {

    static final String DEFAULT_SERVICE_NAME = "application";

    private TracerSettingsBinder() {
    }

    private static int atLeastZero(String setting, int value, String zeroMeans) {
        if (value < 0) {
            throw new InvalidTracerSettingException(setting, value, "expected a number >= 0 (" + zeroMeans + ")");
        }
        return value;
    }

    /** Each rule validated on its own, so an error names it: {@code tracing.sampler.rules[2].param}. */
    private static List<SamplingRule> rules(List<TracingProperties.Rule> rules) {
        List<SamplingRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            TracingProperties.Rule rule = rules.get(i);
            out.add(SamplingRule.of("sampler.rules[" + i + "]", rule.getHttpMethod(), rule.getPath(),
                    rule.getGrpcService(), rule.getGrpcMethod(), rule.getType(), rule.getParam()));
        }
        return out;
    }

    static TracerSettings.Builder bind(TracingProperties properties, Environment environment) {
        TracerSettings.Builder builder = TracerSettings.fromEnvironment(environment::getProperty);
        String serviceName = Stream.of(properties.getServiceName(),
                        TracerSettings.environmentServiceName(environment::getProperty),
                        environment.getProperty("spring.application.name"), DEFAULT_SERVICE_NAME)
                .filter(name -> name != null && !name.isBlank())
                .findFirst().orElseThrow();
        TracingProperties.Sampler sampler = properties.getSampler();
        TracingProperties.Reporter reporter = properties.getReporter();
        TracingProperties.Span span = properties.getSpan();
        return builder.serviceName(serviceName)
                .tags(properties.getTags())
                .propagation(properties.getPropagation())
                .traceId128Bit(properties.getTraceId128Bit())
                .skywalkingInstance(properties.getSkywalking().getInstance())
                .samplerType(sampler.getType())
                .samplerParam(sampler.getParam())
                .samplerManagerHostPort(sampler.getManagerHostPort())
                .samplingRules(rules(sampler.getRules()))
                .reporterType(reporter.getType())
                .agentHost(reporter.getAgentHost())
                .agentPort(reporter.getAgentPort())
                .endpoint(reporter.getEndpoint())
                .authToken(reporter.getAuthToken())
                .user(reporter.getUser())
                .password(reporter.getPassword())
                .flushInterval(reporter.getFlushInterval())
                .maxQueueSize(reporter.getMaxQueueSize())
                .maxQueueBytes(reporter.getMaxQueueBytes() == null ? null : reporter.getMaxQueueBytes().toBytes())
                .logSpans(reporter.getLogSpans())
                .connectTimeout(reporter.getConnectTimeout())
                .readTimeout(reporter.getReadTimeout())
                .shutdownTimeout(reporter.getShutdownTimeout())
                .compression(reporter.getCompression())
                .headers(reporter.getHeaders())
                .maxRetryAge(reporter.getMaxRetryAge())
                .encoding(reporter.getEncoding())
                .otlpProtocol(reporter.getProtocol())
                .spanLimits(SpanLimits.builder()
                        .maxLogsPerSpan(atLeastZero("span.max-logs", span.getMaxLogs(), "0 = unlimited"))
                        .trimUnsampledSpans(span.isTrimUnsampled())
                        .maxTagValueLength(atLeastZero("span.max-tag-value-length", span.getMaxTagValueLength(), "0 = no limit"))
                        .redactedTagKeys(RegexSetting.compile("span.redacted-tag-keys", span.getRedactedTagKeys()))
                        .build());
    }
}
