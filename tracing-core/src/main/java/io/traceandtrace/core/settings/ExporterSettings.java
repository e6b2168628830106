package io.traceandtrace.core.settings;

import java.net.URI;

/** The exporter's part of the settings: the endpoint checks by protocol and the optional dependencies. */
final class ExporterSettings {

    private ExporterSettings() {
    }

    /** @throws InvalidTracerSettingException naming {@code setting} when {@code endpoint} is no http(s) URL the exporter can use */
    static void validateEndpoint(ReporterType type, String endpoint, String setting) {
        String example = switch (type) {
            case ZIPKIN -> "http://localhost:9411/api/v2/spans";
            case OTLP -> ReporterType.OTLP.defaultEndpoint();
            default -> "http://localhost:14268/api/traces";
        };
        if (endpoint == null) {
            throw new InvalidTracerSettingException(setting, null,
                    "the " + type + " reporter needs an endpoint, e.g. " + example);
        }
        try {
            URI uri = URI.create(endpoint);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidTracerSettingException(setting, endpoint,
                    "expected an http(s) URL, e.g. " + example);
        }
    }

    /** {@code host:port}, or {@code http://host:port} (plain text) / {@code https://host:port} (TLS) as the OTEL variables give it. */
    static void validateGrpcEndpoint(String endpoint, String setting) {
        String hostPort = endpoint;
        int scheme = endpoint.indexOf("://");
        if (scheme >= 0) {
            String name = endpoint.substring(0, scheme).toLowerCase(java.util.Locale.ROOT);
            hostPort = endpoint.substring(scheme + 3);
            if (hostPort.endsWith("/")) {
                hostPort = hostPort.substring(0, hostPort.length() - 1);
            }
            if (!name.equals("http") && !name.equals("https")) {
                hostPort = "";
            }
        }
        if (!hostPort.matches("[^:/\\s]+:\\d{1,5}|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}")) {
            throw new InvalidTracerSettingException(setting, endpoint, "OTLP over gRPC takes the receiver's host:port, "
                    + "or http(s)://host:port, with no path, e.g. " + OtlpProtocol.GRPC.defaultEndpoint());
        }
    }

    /** Whether all these classes can be loaded: an optional exporter's dependencies are present. */
    static boolean onClasspath(String... classNames) {
        for (String name : classNames) {
            try {
                Class.forName(name, false, ExporterSettings.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }
}
