package io.traceandtrace.core.settings;

import java.util.Locale;

/** How the otlp reporter talks to its receiver, by the names {@code OTEL_EXPORTER_OTLP_PROTOCOL} uses. */
public enum OtlpProtocol {
    /** OTLP/HTTP with protobuf bodies, {@code POST /v1/traces} (port 4318): the default. */
    HTTP_PROTOBUF("http/protobuf", "http://localhost:4318/v1/traces"),
    /** OTLP/gRPC, {@code TraceService/Export} (port 4317); needs grpc-java on the classpath. */
    GRPC("grpc", "localhost:4317");

    private final String id;
    private final String defaultEndpoint;

    OtlpProtocol(String id, String defaultEndpoint) {
        this.id = id;
        this.defaultEndpoint = defaultEndpoint;
    }

    public String id() {
        return id;
    }

    /** Where spans go when no endpoint is set. */
    public String defaultEndpoint() {
        return defaultEndpoint;
    }

    /** @throws InvalidTracerSettingException naming {@code setting} and the values the exporter speaks */
    public static OtlpProtocol of(String setting, String value) {
        String key = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (OtlpProtocol protocol : values()) {
            if (protocol.id.equals(key)) {
                return protocol;
            }
        }
        throw new InvalidTracerSettingException(setting, value,
                "expected http/protobuf (port 4318) or grpc (port 4317); http/json is not supported");
    }

    @Override
    public String toString() {
        return id;
    }
}
