package io.traceandtrace.core.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where finished spans go. */
public enum ReporterType {
    /** Jaeger agent over UDP (compact Thrift). */
    JAEGER_UDP("jaeger-udp"),
    /** Jaeger collector over HTTP (binary Thrift); needs an endpoint. */
    JAEGER_HTTP("jaeger-http"),
    /** Zipkin v2 JSON over HTTP; needs an endpoint. */
    ZIPKIN("zipkin"),
    /** OTLP over HTTP with protobuf (OpenTelemetry Collector, Jaeger v2, Tempo, vendors); default endpoint {@value #OTLP_DEFAULT_ENDPOINT}. */
    OTLP("otlp"),
    /** SkyWalking segments to an OAP over gRPC ({@code host:port}, default {@code localhost:11800}). */
    SKYWALKING("skywalking"),
    /** One log line per span, nothing sent. */
    LOGGING("logging"),
    /** Nothing sent: spans are kept only in the recent-traces store (tracing.recent.*), for the trace page and /actuator/traces. */
    MEMORY("memory"),
    /** Dropped. */
    NONE("none");

    static final String OTLP_DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";

    private final String id;

    ReporterType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether this reporter needs {@code reporter.endpoint} (otlp has a default one). */
    public boolean needsEndpoint() {
        return this == JAEGER_HTTP || this == ZIPKIN;
    }

    /** Where this reporter sends when no endpoint is set, or null when it needs one or sends none. */
    public String defaultEndpoint() {
        return this == OTLP ? OTLP_DEFAULT_ENDPOINT : null;
    }

    /** @throws InvalidTracerSettingException naming {@code setting} and the allowed values */
    public static ReporterType of(String setting, String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ReporterType type : values()) {
            if (type.id.equals(key)) {
                return type;
            }
        }
        throw new InvalidTracerSettingException(setting, name, "expected one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(ReporterType::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
