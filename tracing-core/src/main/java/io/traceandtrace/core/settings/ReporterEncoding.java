package io.traceandtrace.core.settings;

import java.util.Locale;

/** The encoding of span messages where the backend takes more than one (zipkin: JSON v2 or proto3). */
public enum ReporterEncoding {
    /** JSON: readable, the default. */
    JSON,
    /** Protocol Buffers v3: smaller messages, cheaper to encode and to read. */
    PROTO3;

    /** @throws InvalidTracerSettingException naming {@code setting} and the allowed values */
    public static ReporterEncoding of(String setting, String value) {
        String key = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "json" -> JSON;
            case "proto3", "protobuf" -> PROTO3;
            default -> throw new InvalidTracerSettingException(setting, value, "expected json or proto3");
        };
    }
}
