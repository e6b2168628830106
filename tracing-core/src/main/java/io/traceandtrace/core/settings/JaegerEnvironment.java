package io.traceandtrace.core.settings;

import io.traceandtrace.core.propagation.PropagationFormat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Reads jaeger-client's standard {@code JAEGER_*} variables into a {@link TracerSettings.Builder}. */
final class JaegerEnvironment {

    static final String SERVICE_NAME = "JAEGER_SERVICE_NAME";
    static final String AGENT_HOST = "JAEGER_AGENT_HOST";
    static final String AGENT_PORT = "JAEGER_AGENT_PORT";
    static final String ENDPOINT = "JAEGER_ENDPOINT";
    static final String AUTH_TOKEN = "JAEGER_AUTH_TOKEN";
    static final String USER = "JAEGER_USER";
    static final String PASSWORD = "JAEGER_PASSWORD";
    static final String SAMPLER_TYPE = "JAEGER_SAMPLER_TYPE";
    static final String SAMPLER_PARAM = "JAEGER_SAMPLER_PARAM";
    static final String SAMPLER_MANAGER_HOST_PORT = "JAEGER_SAMPLER_MANAGER_HOST_PORT";
    static final String REPORTER_LOG_SPANS = "JAEGER_REPORTER_LOG_SPANS";
    static final String REPORTER_MAX_QUEUE_SIZE = "JAEGER_REPORTER_MAX_QUEUE_SIZE";
    static final String REPORTER_FLUSH_INTERVAL = "JAEGER_REPORTER_FLUSH_INTERVAL";
    static final String TAGS = "JAEGER_TAGS";
    static final String PROPAGATION = "JAEGER_PROPAGATION";
    static final String TRACEID_128BIT = "JAEGER_TRACEID_128BIT";

    private JaegerEnvironment() {
    }

    static TracerSettings.Builder read(UnaryOperator<String> lookup) {
        Reader env = new Reader(lookup);
        TracerSettings.Builder builder = new TracerSettings.Builder()
                .serviceName(env.string(SERVICE_NAME))
                .agentHost(env.string(AGENT_HOST))
                .agentPort(env.integer(AGENT_PORT))
                .jaegerEndpoint(env.string(ENDPOINT))
                .authToken(env.string(AUTH_TOKEN))
                .user(env.string(USER))
                .password(env.string(PASSWORD))
                .samplerParam(env.number(SAMPLER_PARAM))
                .samplerManagerHostPort(env.string(SAMPLER_MANAGER_HOST_PORT))
                .logSpans(env.bool(REPORTER_LOG_SPANS))
                .maxQueueSize(env.integer(REPORTER_MAX_QUEUE_SIZE))
                .traceId128Bit(env.bool(TRACEID_128BIT));
        String samplerType = env.string(SAMPLER_TYPE);
        if (samplerType != null) {
            builder.samplerType(SamplerType.of(SAMPLER_TYPE, samplerType));
        }
        Integer flushMillis = env.integer(REPORTER_FLUSH_INTERVAL);
        if (flushMillis != null) {
            builder.flushInterval(Duration.ofMillis(flushMillis));
        }
        String tags = env.string(TAGS);
        if (tags != null) {
            builder.tags(parseTags(tags, lookup));
        }
        String propagation = env.string(PROPAGATION);
        if (propagation != null) {
            builder.propagation(parsePropagation(propagation));
        }
        return builder;
    }

    /** {@code k=v,k2=${ENV_VAR:default}}, as jaeger-client reads {@code JAEGER_TAGS}. */
    static Map<String, String> parseTags(String value, UnaryOperator<String> lookup) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidTracerSettingException(TAGS, value, "expected key=value pairs separated by commas");
            }
            String key = pair.substring(0, eq).trim();
            String tagValue = pair.substring(eq + 1).trim();
            if (tagValue.startsWith("${") && tagValue.endsWith("}")) {
                String ref = tagValue.substring(2, tagValue.length() - 1);
                int colon = ref.indexOf(':');
                String name = colon < 0 ? ref : ref.substring(0, colon);
                String fallback = colon < 0 ? "" : ref.substring(colon + 1);
                String resolved = lookup.apply(name.trim());
                tagValue = resolved != null ? resolved : fallback;
            }
            tags.put(key, tagValue);
        }
        return tags;
    }

    static List<PropagationFormat> parsePropagation(String value) {
        List<PropagationFormat> formats = new ArrayList<>();
        for (String name : value.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                PropagationFormat format = PropagationFormat.of(name);
                if (!formats.contains(format)) {
                    formats.add(format);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidTracerSettingException(PROPAGATION, value, e.getMessage());
            }
        }
        return formats;
    }

    private record Reader(UnaryOperator<String> lookup) {

        String string(String name) {
            String value = lookup.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        Integer integer(String name) {
            String value = string(name);
            if (value == null) {
                return null;
            }
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw new InvalidTracerSettingException(name, value, "expected a whole number");
            }
        }

        // parsed here, not with jaeger-client's locale-dependent NumberFormat
        Double number(String name) {
            String value = string(name);
            if (value == null) {
                return null;
            }
            try {
                return Double.valueOf(value);
            } catch (NumberFormatException e) {
                throw new InvalidTracerSettingException(name, value, "expected a number such as 0.25");
            }
        }

        Boolean bool(String name) {
            String value = string(name);
            if (value == null) {
                return null;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidTracerSettingException(name, value, "expected true or false");
            };
        }
    }
}
