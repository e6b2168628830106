package io.traceandtrace.core.settings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * OpenTelemetry's standard {@code OTEL_*} variables, as read once from the environment.
 *
 * <p>Service name and resource attributes apply to every reporter. The exporter variables apply only
 * when the spans go to OTLP, so a stray {@code OTEL_EXPORTER_OTLP_HEADERS} never sends an API key to a
 * Jaeger or Zipkin collector; they are parsed (and a wrong one rejected, naming the variable) only then.
 * A signal-specific variable ({@code OTEL_EXPORTER_OTLP_TRACES_*}) wins over the general one.
 */
record OtelEnvironment(Variable endpoint, Variable headers, Variable compression, Variable timeout,
                       Variable protocol, String serviceName, Map<String, String> resourceAttributes) {

    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    static final String HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    static final String TRACES_HEADERS = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
    static final String COMPRESSION = "OTEL_EXPORTER_OTLP_COMPRESSION";
    static final String TRACES_COMPRESSION = "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION";
    static final String TIMEOUT = "OTEL_EXPORTER_OTLP_TIMEOUT";
    static final String TRACES_TIMEOUT = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT";
    static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
    static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";

    static final String TRACES_PATH = "/v1/traces";
    private static final String HIDDEN = "(value hidden: it may hold credentials)";

    static final OtelEnvironment NONE = new OtelEnvironment(null, null, null, null, null, null, Map.of());

    /** One variable's name and (trimmed, non-blank) value, so an error can name what the user set. */
    record Variable(String name, String value) {
    }

    static OtelEnvironment read(UnaryOperator<String> lookup) {
        Variable endpoint = variable(lookup, TRACES_ENDPOINT);
        if (endpoint == null) {
            endpoint = variable(lookup, ENDPOINT);
        }
        Map<String, String> resource = parseResourceAttributes(variable(lookup, RESOURCE_ATTRIBUTES));
        Variable serviceName = variable(lookup, SERVICE_NAME);
        String resourceServiceName = resource.remove("service.name");
        return new OtelEnvironment(endpoint,
                first(lookup, TRACES_HEADERS, HEADERS),
                first(lookup, TRACES_COMPRESSION, COMPRESSION),
                first(lookup, TRACES_TIMEOUT, TIMEOUT),
                first(lookup, TRACES_PROTOCOL, PROTOCOL),
                serviceName != null ? serviceName.value() : resourceServiceName,
                Map.copyOf(resource));
    }

    /** The base endpoint with OTLP's trace path, as the specification builds it for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    static String tracesEndpoint(String base) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TRACES_PATH;
    }

    /** Where the variable was, for error messages. */
    String endpointVariable() {
        return endpoint == null ? null : endpoint.name();
    }

    /**
     * The traces endpoint for {@code protocol}: the signal variable as it is; the base one with OTLP/HTTP's
     * {@code /v1/traces} added, but as it is for gRPC (whose path is the service's); null when neither is set.
     */
    String endpoint(OtlpProtocol protocol) {
        if (endpoint == null) {
            return null;
        }
        return endpoint.name().equals(ENDPOINT) && protocol == OtlpProtocol.HTTP_PROTOBUF
                ? tracesEndpoint(endpoint.value()) : endpoint.value();
    }

    Map<String, String> parsedHeaders() {
        if (headers == null) {
            return Map.of();
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : headers.value().split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? "" : decode(pair.substring(0, eq).trim());
            if (name.isEmpty() || !name.chars().allMatch(OtelEnvironment::isTokenChar)) {
                // never echo the value: it is usually an API key
                throw new InvalidTracerSettingException(headers.name(), HIDDEN,
                        "expected name=value pairs separated by commas, e.g. api-key=secret,tenant=a");
            }
            parsed.put(name, decode(pair.substring(eq + 1).trim()));
        }
        return parsed;
    }

    Compression parsedCompression() {
        return compression == null ? null : Compression.of(compression.name(), compression.value());
    }

    Duration parsedTimeout() {
        if (timeout == null) {
            return null;
        }
        try {
            long millis = Long.parseLong(timeout.value());
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException notMillis) {
            // reported below
        }
        throw new InvalidTracerSettingException(timeout.name(), timeout.value(),
                "expected a number of milliseconds > 0, e.g. 10000");
    }

    /** The protocol the variables ask for, or null; one the exporter does not speak is rejected, naming its variable. */
    OtlpProtocol parsedProtocol() {
        return protocol == null ? null : OtlpProtocol.of(protocol.name(), protocol.value());
    }

    /** {@code key=value,key2=value2}, values percent-decoded, as the resource SDK specification reads it. */
    private static Map<String, String> parseResourceAttributes(Variable variable) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (variable == null) {
            return attributes;
        }
        for (String pair : variable.value().split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new InvalidTracerSettingException(variable.name(), variable.value(),
                        "expected key=value pairs separated by commas, e.g. deployment.environment=prod,team=a");
            }
            attributes.put(pair.substring(0, eq).trim(), decode(pair.substring(eq + 1).trim()));
        }
        return attributes;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return value; // a lone '%' is kept as written
        }
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static Variable first(UnaryOperator<String> lookup, String specific, String general) {
        Variable value = variable(lookup, specific);
        return value != null ? value : variable(lookup, general);
    }

    private static Variable variable(UnaryOperator<String> lookup, String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? null : new Variable(name, value.trim());
    }
}
