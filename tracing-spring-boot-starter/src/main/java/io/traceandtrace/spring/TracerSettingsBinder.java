package io.traceandtrace.spring;

import io.traceandtrace.core.limits.SpanLimits;
import io.traceandtrace.core.tracer.TracerSettings;
import org.springframework.core.env.Environment;

import java.util.stream.Stream;

/** Turns {@link TracingProperties} into {@link TracerSettings}: property, then OTEL_* / JAEGER_* variable, then default. */
final class TracerSettingsBinder {

    static final String DEFAULT_SERVICE_NAME = "application";

    private TracerSettingsBinder() {
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
                .samplerType(sampler.getType())
                .samplerParam(sampler.getParam())
                .samplerManagerHostPort(sampler.getManagerHostPort())
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
                .spanLimits(SpanLimits.builder()
                        .maxLogsPerSpan(span.getMaxLogs())
                        .trimUnsampledSpans(span.isTrimUnsampled())
                        .maxTagValueLength(span.getMaxTagValueLength())
                        .redactedTagKeys(RegexSetting.compile("span.redacted-tag-keys", span.getRedactedTagKeys()))
                        .build());
    }
}
