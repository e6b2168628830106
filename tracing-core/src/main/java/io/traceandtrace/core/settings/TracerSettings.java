package io.traceandtrace.core.settings;

import io.traceandtrace.core.export.SafeUrl;
import io.traceandtrace.core.limits.SpanLimits;
import io.traceandtrace.core.propagation.PropagationFormat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything the {@link TracerFactory} needs, as one immutable, validated value.
 *
 * <p>{@link #fromEnvironment()} reads the standard {@code JAEGER_*} variables (a system property of
 * the same name wins over the environment, as in jaeger-client); the builder it returns can then be
 * overridden setting by setting. {@link Builder#build()} rejects a value that cannot work with an
 * {@link InvalidTracerSettingException} that names the setting.
 */
public final class TracerSettings {

    public static final String DEFAULT_AGENT_HOST = "localhost";
    public static final int DEFAULT_AGENT_PORT = 6831;
    public static final String DEFAULT_SAMPLER_MANAGER_HOST_PORT = "localhost:5778";
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_QUEUE_SIZE = 10_000;
    public static final Duration DEFAULT_MAX_RETRY_AGE = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_QUEUE_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** New traces get 128-bit ids, as OpenTelemetry's SDK and Micrometer Tracing make them. */
    public static final boolean DEFAULT_TRACE_ID_128BIT = true;
    public static final List<PropagationFormat> DEFAULT_PROPAGATION =
            List.of(PropagationFormat.JAEGER, PropagationFormat.W3C, PropagationFormat.B3);

    private final String serviceName;
    private final Map<String, String> tags;
    private final SamplerType samplerType;
    private final double samplerParam;
    private final String samplerManagerHostPort;
    private final ReporterType reporterType;
    private final String agentHost;
    private final int agentPort;
    private final String endpoint;
    private final String authToken;
    private final String user;
    private final String password;
    private final Duration flushInterval;
    private final int maxQueueSize;
    private final long maxQueueBytes;
    private final boolean logSpans;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration shutdownTimeout;
    private final Duration maxRetryAge;
    private final ReporterEncoding encoding;
    private final OtlpProtocol otlpProtocol;
    private final Compression compression;
    private final Map<String, String> headers;
    private final List<PropagationFormat> propagation;
    private final boolean traceId128Bit;
    private final SpanLimits spanLimits;
    private final List<SamplingRule> samplingRules;
    private final String skywalkingInstance;

    private TracerSettings(Builder b, ReporterType reporterType, OtlpProtocol otlpProtocol, String endpoint) {
        this.serviceName = b.serviceName.trim();
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        this.samplerType = b.samplerType;
        this.samplerParam = b.samplerParam != null ? b.samplerParam : defaultSamplerParam(b.samplerType);
        this.samplerManagerHostPort = b.samplerManagerHostPort;
        this.reporterType = reporterType;
        this.agentHost = b.agentHost;
        this.agentPort = b.agentPort;
        this.endpoint = endpoint;
        boolean otlp = reporterType == ReporterType.OTLP;
        this.authToken = b.authToken;
        this.user = b.user;
        this.password = b.password;
        this.flushInterval = b.flushInterval;
        this.maxQueueSize = b.maxQueueSize;
        this.maxQueueBytes = b.maxQueueBytes;
        this.logSpans = b.logSpans;
        this.connectTimeout = b.connectTimeout;
        Duration otelTimeout = otlp ? b.otel.parsedTimeout() : null;
        this.readTimeout = b.readTimeout != null ? b.readTimeout : otelTimeout != null ? otelTimeout : DEFAULT_READ_TIMEOUT;
        this.shutdownTimeout = b.shutdownTimeout;
        this.maxRetryAge = b.maxRetryAge;
        this.encoding = b.encoding;
        this.otlpProtocol = otlpProtocol;
        Compression otelCompression = otlp ? b.otel.parsedCompression() : null;
        this.compression = b.compression != null ? b.compression
                : otelCompression != null ? otelCompression : Compression.NONE;
        Map<String, String> allHeaders = new LinkedHashMap<>(otlp ? b.otel.parsedHeaders() : Map.of());
        allHeaders.putAll(b.headers); // a header set in the settings wins over the same one in OTEL_EXPORTER_OTLP_HEADERS
        this.headers = Collections.unmodifiableMap(allHeaders);
        this.propagation = List.copyOf(b.effectivePropagation(this.reporterType));
        this.skywalkingInstance = b.skywalkingInstance != null ? b.skywalkingInstance : defaultSkywalkingInstance();
        this.traceId128Bit = b.traceId128Bit;
        this.spanLimits = b.spanLimits;
        this.samplingRules = List.copyOf(b.samplingRules);
    }

    /** The sampler param used when none is set: const 1, probabilistic 0.1, ratelimiting 10/s, remote 0.001. */
    public static double defaultSamplerParam(SamplerType type) {
        return SamplerSettings.defaultParam(type);
    }

    public static Builder builder(String serviceName) {
        return new Builder().serviceName(serviceName);
    }

    /**
     * A builder filled from the {@code JAEGER_*} and {@code OTEL_*} system properties and environment
     * variables (an {@code OTEL_*} variable wins over its {@code JAEGER_*} twin: service name, tags).
     */
    public static Builder fromEnvironment() {
        return fromEnvironment(name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        });
    }

    /**
     * The service name the variables give: {@code OTEL_SERVICE_NAME}, then {@code service.name} in
     * {@code OTEL_RESOURCE_ATTRIBUTES}, then {@code JAEGER_SERVICE_NAME}; null when none is set.
     */
    public static String environmentServiceName(UnaryOperator<String> lookup) {
        String otel = OtelEnvironment.read(lookup).serviceName();
        if (otel != null) {
            return otel;
        }
        String jaeger = lookup.apply(JaegerEnvironment.SERVICE_NAME);
        return jaeger == null || jaeger.isBlank() ? null : jaeger.trim();
    }

    /** A builder filled from {@code JAEGER_*} and {@code OTEL_*} variables looked up with {@code lookup}. */
    public static Builder fromEnvironment(UnaryOperator<String> lookup) {
        OtelEnvironment otel = OtelEnvironment.read(lookup);
        Builder builder = JaegerEnvironment.read(lookup);
        builder.otel = otel;
        return builder.serviceName(otel.serviceName()).tags(otel.resourceAttributes());
    }

    public String serviceName() { return serviceName; }
    public Map<String, String> tags() { return tags; }
    public SamplerType samplerType() { return samplerType; }
    public double samplerParam() { return samplerParam; }
    public String samplerManagerHostPort() { return samplerManagerHostPort; }
    public ReporterType reporterType() { return reporterType; }
    public String agentHost() { return agentHost; }
    public int agentPort() { return agentPort; }
    public String endpoint() { return endpoint; }
    public String authToken() { return authToken; }
    public String user() { return user; }
    public String password() { return password; }
    public Duration flushInterval() { return flushInterval; }
    public int maxQueueSize() { return maxQueueSize; }
    public long maxQueueBytes() { return maxQueueBytes; }
    public boolean logSpans() { return logSpans; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration readTimeout() { return readTimeout; }
    public Duration shutdownTimeout() { return shutdownTimeout; }
    /** How long a failing message is retried before its spans are dropped. */
    public Duration maxRetryAge() { return maxRetryAge; }
    /** The message encoding where the backend takes several (zipkin). */
    public ReporterEncoding encoding() { return encoding; }
    /** How the otlp reporter sends: OTLP/HTTP with protobuf, or OTLP/gRPC. */
    public OtlpProtocol otlpProtocol() { return otlpProtocol; }
    public Compression compression() { return compression; }
    /** Extra HTTP request headers for the collector (API keys): never logged. */
    public Map<String, String> headers() { return headers; }
    public List<PropagationFormat> propagation() { return propagation; }
    public boolean traceId128Bit() { return traceId128Bit; }
    public SpanLimits spanLimits() { return spanLimits; }
    /** Per-route sampling rules, first match wins; empty when every root span goes to the global sampler. */
    public List<SamplingRule> samplingRules() { return samplingRules; }
    /** The SkyWalking service instance name: as set, else {@code <uuid>@<hostname>} like SkyWalking's Java agent. */
    public String skywalkingInstance() { return skywalkingInstance; }

    /** Whether spans carry SkyWalking segments: the skywalking reporter, or sw8 propagation. */
    public boolean skywalkingSegments() {
        return reporterType == ReporterType.SKYWALKING || propagation.contains(PropagationFormat.SW8);
    }

    private static String defaultSkywalkingInstance() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "localhost";
        }
        return java.util.UUID.randomUUID().toString().replace("-", "") + "@" + host;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.serviceName = serviceName;
        b.tags.putAll(tags);
        b.samplerType = samplerType;
        b.samplerParam = samplerParam;
        b.samplerManagerHostPort = samplerManagerHostPort;
        b.reporterType = reporterType;
        b.agentHost = agentHost;
        b.agentPort = agentPort;
        b.endpoint = endpoint;
        b.authToken = authToken;
        b.user = user;
        b.password = password;
        b.flushInterval = flushInterval;
        b.maxQueueSize = maxQueueSize;
        b.maxQueueBytes = maxQueueBytes;
        b.logSpans = logSpans;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.maxRetryAge = maxRetryAge;
        b.encoding = encoding;
        b.otlpProtocol = otlpProtocol;
        b.compression = compression;
        b.headers.putAll(headers);
        b.propagation = new ArrayList<>(propagation);
        b.propagationSet = true;
        b.skywalkingInstance = skywalkingInstance;
        b.traceId128Bit = traceId128Bit;
        b.spanLimits = spanLimits;
        b.samplingRules = new ArrayList<>(samplingRules);
        return b;
    }

    @Override
    public String toString() {
        return "TracerSettings{service=" + serviceName + ", sampler=" + samplerType + "(" + samplerParam + ")"
                + ", reporter=" + reporterType
                + (reporterType == ReporterType.JAEGER_UDP ? " " + agentHost + ":" + agentPort : "")
                + (endpoint != null ? " " + SafeUrl.of(endpoint) : "") // logged at start-up: no credentials
                + ", propagation=" + propagation + ", " + spanLimits + '}';
    }

    /** Collects settings; every setter takes {@code null} as "keep what is there". */
    public static final class Builder {
        private String serviceName;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private SamplerType samplerType = SamplerType.RATELIMITING;
        private Double samplerParam;
        private String samplerManagerHostPort = DEFAULT_SAMPLER_MANAGER_HOST_PORT;
        private ReporterType reporterType;
        private String agentHost = DEFAULT_AGENT_HOST;
        private int agentPort = DEFAULT_AGENT_PORT;
        private String endpoint;
        private String jaegerEndpoint;
        private OtelEnvironment otel = OtelEnvironment.NONE;
        private String authToken;
        private String user;
        private String password;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
        private long maxQueueBytes = DEFAULT_MAX_QUEUE_BYTES;
        private boolean logSpans;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout;
        private Duration maxRetryAge = DEFAULT_MAX_RETRY_AGE;
        private ReporterEncoding encoding = ReporterEncoding.JSON;
        private OtlpProtocol otlpProtocol;
        private Compression compression;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private List<PropagationFormat> propagation = new ArrayList<>(DEFAULT_PROPAGATION);
        private boolean propagationSet;
        private String skywalkingInstance;
        private boolean traceId128Bit = DEFAULT_TRACE_ID_128BIT;
        private SpanLimits spanLimits = SpanLimits.defaults();
        private List<SamplingRule> samplingRules = new ArrayList<>();

        Builder() {
        }

        public Builder serviceName(String serviceName) {
            if (serviceName != null) {
                this.serviceName = serviceName;
            }
            return this;
        }

        /** Tags added to every span's process. */
        public Builder tags(Map<String, String> tags) {
            if (tags != null) {
                this.tags.putAll(tags);
            }
            return this;
        }

        public Builder tag(String key, String value) {
            this.tags.put(key, value);
            return this;
        }

        public Builder samplerType(SamplerType samplerType) {
            if (samplerType != null) {
                this.samplerType = samplerType;
            }
            return this;
        }

        public Builder samplerParam(Double samplerParam) {
            if (samplerParam != null) {
                this.samplerParam = samplerParam;
            }
            return this;
        }

        public Builder samplerManagerHostPort(String hostPort) {
            if (hostPort != null) {
                this.samplerManagerHostPort = hostPort;
            }
            return this;
        }

        /**
         * Where spans go. When never set: {@code jaeger-http} if {@link #endpoint} is set; else {@code otlp} if
         * {@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is; else
         * {@code jaeger-http} if {@code JAEGER_ENDPOINT} is; else {@code jaeger-udp}.
         */
        public Builder reporterType(ReporterType reporterType) {
            if (reporterType != null) {
                this.reporterType = reporterType;
            }
            return this;
        }

        public Builder agentHost(String agentHost) {
            if (agentHost != null) {
                this.agentHost = agentHost;
            }
            return this;
        }

        public Builder agentPort(Integer agentPort) {
            if (agentPort != null) {
                this.agentPort = agentPort;
            }
            return this;
        }

        /** The collector URL for {@code jaeger-http}, {@code zipkin} and {@code otlp}. */
        public Builder endpoint(String endpoint) {
            if (endpoint != null && !endpoint.isBlank()) {
                this.endpoint = endpoint.trim();
            }
            return this;
        }

        /** {@code JAEGER_ENDPOINT}: the endpoint of every reporter but otlp, below {@link #endpoint}. */
        Builder jaegerEndpoint(String endpoint) {
            if (endpoint != null && !endpoint.isBlank()) {
                this.jaegerEndpoint = endpoint.trim();
            }
            return this;
        }

        public Builder authToken(String authToken) {
            if (authToken != null) {
                this.authToken = authToken;
            }
            return this;
        }

        public Builder user(String user) {
            if (user != null) {
                this.user = user;
            }
            return this;
        }

        public Builder password(String password) {
            if (password != null) {
                this.password = password;
            }
            return this;
        }

        public Builder flushInterval(Duration flushInterval) {
            if (flushInterval != null) {
                this.flushInterval = flushInterval;
            }
            return this;
        }

        public Builder maxQueueSize(Integer maxQueueSize) {
            if (maxQueueSize != null) {
                this.maxQueueSize = maxQueueSize;
            }
            return this;
        }

        /** Roughly how many bytes of finished spans may wait to be sent; more are dropped and counted. */
        public Builder maxQueueBytes(Long maxQueueBytes) {
            if (maxQueueBytes != null) {
                this.maxQueueBytes = maxQueueBytes;
            }
            return this;
        }

        public Builder logSpans(Boolean logSpans) {
            if (logSpans != null) {
                this.logSpans = logSpans;
            }
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout != null) {
                this.connectTimeout = connectTimeout;
            }
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            if (readTimeout != null) {
                this.readTimeout = readTimeout;
            }
            return this;
        }

        /** How long closing the tracer may take to send what it still holds. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            if (shutdownTimeout != null) {
                this.shutdownTimeout = shutdownTimeout;
            }
            return this;
        }

        public Builder maxRetryAge(Duration maxRetryAge) {
            if (maxRetryAge != null) {
                this.maxRetryAge = maxRetryAge;
            }
            return this;
        }

        public Builder encoding(ReporterEncoding encoding) {
            if (encoding != null) {
                this.encoding = encoding;
            }
            return this;
        }

        /** OTLP/HTTP or OTLP/gRPC; when never set, {@code OTEL_EXPORTER_OTLP_TRACES_PROTOCOL}, {@code OTEL_EXPORTER_OTLP_PROTOCOL}, then http/protobuf. */
        public Builder otlpProtocol(OtlpProtocol otlpProtocol) {
            if (otlpProtocol != null) {
                this.otlpProtocol = otlpProtocol;
            }
            return this;
        }

        public Builder compression(Compression compression) {
            if (compression != null) {
                this.compression = compression;
            }
            return this;
        }

        /** Adds request headers for HTTP exporters. */
        public Builder headers(Map<String, String> headers) {
            if (headers != null) {
                headers.forEach((k, v) -> {
                    if (k == null || k.isBlank() || v == null) {
                        throw new InvalidTracerSettingException("reporter.headers", k, "a header needs a name and a value");
                    }
                    this.headers.put(k.trim(), v);
                });
            }
            return this;
        }

        public Builder propagation(List<PropagationFormat> propagation) {
            if (propagation != null) {
                this.propagation = new ArrayList<>(propagation);
                this.propagationSet = true;
            }
            return this;
        }

        /** The SkyWalking service instance name; default {@code <uuid>@<hostname>}. */
        public Builder skywalkingInstance(String skywalkingInstance) {
            if (skywalkingInstance != null) {
                this.skywalkingInstance = skywalkingInstance.trim();
            }
            return this;
        }

        /** With the skywalking reporter and no formats set, sw8 is read first and written too. */
        private List<PropagationFormat> effectivePropagation(ReporterType reporter) {
            if (reporter != ReporterType.SKYWALKING || propagationSet || propagation.contains(PropagationFormat.SW8)) {
                return propagation;
            }
            List<PropagationFormat> withSw8 = new ArrayList<>();
            withSw8.add(PropagationFormat.SW8);
            withSw8.addAll(propagation);
            return withSw8;
        }

        /** Whether new traces get 128-bit ids (default true); a caller's id is continued as it is, 64 or 128 bits. */
        public Builder traceId128Bit(Boolean traceId128Bit) {
            if (traceId128Bit != null) {
                this.traceId128Bit = traceId128Bit;
            }
            return this;
        }

        /** Per-route sampling rules, in order; the first that matches a new trace's request decides. */
        public Builder samplingRules(List<SamplingRule> samplingRules) {
            if (samplingRules != null) {
                this.samplingRules = new ArrayList<>(samplingRules);
            }
            return this;
        }

        public Builder spanLimits(SpanLimits spanLimits) {
            if (spanLimits != null) {
                this.spanLimits = spanLimits;
            }
            return this;
        }

        /** @throws InvalidTracerSettingException naming the first setting whose value cannot work */
        public TracerSettings build() {
            if (serviceName == null || serviceName.isBlank()) {
                throw new InvalidTracerSettingException("service-name", serviceName, "a service name is required");
            }
            SamplerSettings.validate(samplerType, samplerParam, samplerManagerHostPort);
            ReporterType effective = effectiveReporterType();
            OtlpProtocol protocol = effective == ReporterType.OTLP ? effectiveOtlpProtocol() : OtlpProtocol.HTTP_PROTOBUF;
            String effectiveEndpoint = effectiveEndpoint(effective, protocol);
            boolean fromOtel = endpoint == null && effective == ReporterType.OTLP && otel.endpoint() != null;
            String endpointSetting = fromOtel ? otel.endpointVariable() : "reporter.endpoint";
            if (effective == ReporterType.OTLP && protocol == OtlpProtocol.GRPC) {
                ExporterSettings.validateGrpcEndpoint(effectiveEndpoint, endpointSetting);
                if (!ExporterSettings.onClasspath("io.grpc.ManagedChannelProvider", "io.grpc.stub.AbstractBlockingStub",
                        "io.grpc.protobuf.ProtoUtils")) {
                    throw new InvalidTracerSettingException(otlpProtocol != null ? "reporter.protocol" : otel.protocol().name(),
                            protocol, "OTLP over gRPC needs grpc-java on the classpath: io.grpc:grpc-stub, io.grpc:grpc-protobuf "
                                    + "and a transport such as io.grpc:grpc-netty-shaded (or use http/protobuf)");
                }
            } else if (effective.needsEndpoint() || effectiveEndpoint != null && effective.defaultEndpoint() != null) {
                ExporterSettings.validateEndpoint(effective, effectiveEndpoint, endpointSetting);
            }
            if (effective == ReporterType.OTLP) {
                // parsed here so that a wrong value fails the build, naming its variable
                otel.parsedHeaders();
                otel.parsedCompression();
                otel.parsedTimeout();
            }
            if (effective == ReporterType.SKYWALKING && endpoint != null
                    && !endpoint.matches("[^:/\\s]+:\\d{1,5}|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}")) {
                throw new InvalidTracerSettingException("reporter.endpoint", endpoint,
                        "the skywalking reporter takes the OAP's gRPC address as host:port, e.g. localhost:11800");
            }
            if (effective == ReporterType.SKYWALKING && !ExporterSettings.onClasspath(
                    "org.apache.skywalking.apm.network.language.agent.v3.SegmentObject", "io.grpc.ManagedChannelProvider")) {
                throw new InvalidTracerSettingException("reporter.type", effective,
                        "the skywalking reporter needs org.apache.skywalking:apm-network (10.1.0) and a gRPC transport "
                                + "such as io.grpc:grpc-netty-shaded on the classpath");
            }
            if (skywalkingInstance != null && skywalkingInstance.isEmpty()) {
                throw new InvalidTracerSettingException("skywalking.instance", skywalkingInstance,
                        "expected a non-blank instance name, or no setting for <uuid>@<hostname>");
            }
            if (effective == ReporterType.JAEGER_UDP) {
                if (agentHost.isBlank()) {
                    throw new InvalidTracerSettingException("reporter.agent-host", agentHost, "a host name is required");
                }
                if (agentPort < 1 || agentPort > 65535) {
                    throw new InvalidTracerSettingException("reporter.agent-port", agentPort, "expected a port in 1..65535");
                }
            }
            requirePositive("reporter.flush-interval", flushInterval);
            if (flushInterval.toMillis() < 1) {
                // the reporter's timer counts whole milliseconds
                throw new InvalidTracerSettingException("reporter.flush-interval", flushInterval,
                        "expected a duration of at least 1ms, e.g. 1s");
            }
            requirePositive("reporter.connect-timeout", connectTimeout);
            if (readTimeout != null) {
                requirePositive("reporter.read-timeout", readTimeout);
            }
            requirePositive("reporter.shutdown-timeout", shutdownTimeout);
            requirePositive("reporter.max-retry-age", maxRetryAge);
            if (maxQueueSize < 1) {
                throw new InvalidTracerSettingException("reporter.max-queue-size", maxQueueSize,
                        "expected a number of spans >= 1");
            }
            if (maxQueueBytes < 1024) {
                throw new InvalidTracerSettingException("reporter.max-queue-bytes", maxQueueBytes,
                        "expected a size of at least 1KB, e.g. 10MB");
            }
            if (propagation.isEmpty() || propagation.stream().anyMatch(Objects::isNull)) {
                throw new InvalidTracerSettingException("propagation", propagation,
                        "expected one or more of jaeger, w3c, b3, b3-single, sw8");
            }
            return new TracerSettings(this, effective, protocol, effectiveEndpoint);
        }

        private ReporterType effectiveReporterType() {
            if (reporterType != null) {
                return reporterType;
            }
            if (endpoint != null) {
                return ReporterType.JAEGER_HTTP;
            }
            if (otel.endpoint() != null) {
                return ReporterType.OTLP; // an OTLP endpoint variable and no explicit type: the user means OTLP
            }
            return jaegerEndpoint != null ? ReporterType.JAEGER_HTTP : ReporterType.JAEGER_UDP;
        }

        private OtlpProtocol effectiveOtlpProtocol() {
            if (otlpProtocol != null) {
                return otlpProtocol;
            }
            OtlpProtocol fromOtel = otel.parsedProtocol();
            return fromOtel != null ? fromOtel : OtlpProtocol.HTTP_PROTOBUF;
        }

        private String effectiveEndpoint(ReporterType type, OtlpProtocol protocol) {
            if (endpoint != null) {
                return endpoint;
            }
            if (type == ReporterType.OTLP) {
                String fromOtel = otel.endpoint(protocol);
                return fromOtel != null ? fromOtel : protocol.defaultEndpoint();
            }
            // JAEGER_ENDPOINT is a URL for the HTTP reporters; the skywalking reporter takes host:port
            return type == ReporterType.SKYWALKING ? null : jaegerEndpoint;
        }

        private static void requirePositive(String setting, Duration value) {
            if (value.isZero() || value.isNegative()) {
                throw new InvalidTracerSettingException(setting, value, "expected a duration > 0, e.g. 1s");
            }
        }
    }
}
