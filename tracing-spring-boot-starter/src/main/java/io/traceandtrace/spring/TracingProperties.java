package io.traceandtrace.spring;

import io.traceandtrace.core.propagation.PropagationFormat;
import io.traceandtrace.core.settings.Compression;
import io.traceandtrace.core.settings.OtlpProtocol;
import io.traceandtrace.core.settings.ReporterEncoding;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.spring.jdbc.JdbcSpan;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.traceandtrace.core.limits.SpanLimits;
import io.traceandtrace.core.recent.RecentTraces;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of traceandtrace, under {@code tracing.*}.
 *
 * <p>A setting left unset falls back to its standard {@code JAEGER_*} environment variable, then to
 * the default named in its description; so most fields here are {@code null} until set.
 */
@ConfigurationProperties(prefix = "tracing")
public class TracingProperties {

    /** Whether tracing is on; false leaves no tracer, filter, interceptor or aspect of ours in the context. */
    private boolean enabled = true;

    /** Service name on every span (default: OTEL_SERVICE_NAME, service.name in OTEL_RESOURCE_ATTRIBUTES, JAEGER_SERVICE_NAME, then spring.application.name, then "application"). */
    private String serviceName;

    /** Tags added to every span's process (OTLP resource attributes), e.g. region or version (added to JAEGER_TAGS and OTEL_RESOURCE_ATTRIBUTES, winning over both). */
    private Map<String, String> tags = new LinkedHashMap<>();

    /** Trace header formats read from incoming and written to outgoing calls: jaeger, w3c, b3, b3-single, sw8 (default: jaeger, w3c, b3, and sw8 first with the skywalking reporter; JAEGER_PROPAGATION). */
    private List<PropagationFormat> propagation;

    /** Whether new traces get 128-bit ids (default true; false keeps 64-bit ones; JAEGER_TRACEID_128BIT); a caller's id is continued as it is. */
    private Boolean traceId128Bit;

    private final Sampler sampler = new Sampler();
    private final Reporter reporter = new Reporter();
    private final Span span = new Span();
    private final Web web = new Web();
    private final Grpc grpc = new Grpc();
    private final Traced traced = new Traced();
    private final Async async = new Async();
    private final Observations observations = new Observations();
    private final Jdbc jdbc = new Jdbc();
    private final Scheduling scheduling = new Scheduling();
    private final ContextPropagation contextPropagation = new ContextPropagation();
    private final GlobalTracer globalTracer = new GlobalTracer();
    private final Exemplars exemplars = new Exemplars();
    private final Recent recent = new Recent();
    private final Ui ui = new Ui();
    private final Skywalking skywalking = new Skywalking();
    private final Redis redis = new Redis();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getServiceName() { return serviceName; }
    public void setServiceName(String serviceName) { this.serviceName = serviceName; }
    public Map<String, String> getTags() { return tags; }
    public void setTags(Map<String, String> tags) { this.tags = tags; }
    public List<PropagationFormat> getPropagation() { return propagation; }
    public void setPropagation(List<PropagationFormat> propagation) { this.propagation = propagation; }
    public Boolean getTraceId128Bit() { return traceId128Bit; }
    public void setTraceId128Bit(Boolean traceId128Bit) { this.traceId128Bit = traceId128Bit; }
    public Sampler getSampler() { return sampler; }
    public Reporter getReporter() { return reporter; }
    public Span getSpan() { return span; }
    public Web getWeb() { return web; }
    public Grpc getGrpc() { return grpc; }
    public Traced getTraced() { return traced; }
    public Async getAsync() { return async; }
    public Observations getObservations() { return observations; }
    public Jdbc getJdbc() { return jdbc; }
    public Scheduling getScheduling() { return scheduling; }
    public ContextPropagation getContextPropagation() { return contextPropagation; }
    public GlobalTracer getGlobalTracer() { return globalTracer; }
    public Exemplars getExemplars() { return exemplars; }
    public Recent getRecent() { return recent; }
    public Ui getUi() { return ui; }
    public Skywalking getSkywalking() { return skywalking; }
    public Redis getRedis() { return redis; }

    /** Which traces are recorded. */
    public static class Sampler {

        /** Sampler: const, probabilistic, ratelimiting or remote (default ratelimiting; JAEGER_SAMPLER_TYPE). */
        private SamplerType type;

        /** const: 0 or 1; probabilistic: probability 0..1; ratelimiting: traces per second; remote: initial probability (default 1, 0.1, 10, 0.001 by type; JAEGER_SAMPLER_PARAM). */
        private Double param;

        /** host:port of the Jaeger agent's sampling endpoint, for the remote sampler (default localhost:5778; JAEGER_SAMPLER_MANAGER_HOST_PORT). */
        private String managerHostPort;

        public SamplerType getType() { return type; }
        public void setType(SamplerType type) { this.type = type; }
        public Double getParam() { return param; }
        public void setParam(Double param) { this.param = param; }
        /** Per-route sampling rules, in order: the first rule matching a new trace's HTTP method and path, or gRPC service and method, decides with its own sampler; the global sampler decides the rest. A caller's decision always wins. */
        private List<Rule> rules = new ArrayList<>();

        public String getManagerHostPort() { return managerHostPort; }
        public void setManagerHostPort(String managerHostPort) { this.managerHostPort = managerHostPort; }
        public List<Rule> getRules() { return rules; }
        public void setRules(List<Rule> rules) { this.rules = rules; }
    }

    /** One sampling rule: an HTTP path (and method) or a gRPC service (and method), and the sampler for them. */
    public static class Rule {

        /** HTTP method matched, e.g. GET; any when unset. Needs path. */
        private String httpMethod;

        /** Ant-style path pattern an HTTP request must match, e.g. /orders/** or /orders/{id}; makes this an HTTP rule. */
        private String path;

        /** Full gRPC service name a call must match, e.g. sample.Greeter; makes this a gRPC rule. */
        private String grpcService;

        /** gRPC method matched, e.g. SayHello; any when unset. Needs grpc-service. */
        private String grpcMethod;

        /** Sampler for the matched calls: const, probabilistic or ratelimiting (each rule's ratelimiting budget is its own). */
        private SamplerType type;

        /** const: 0 or 1; probabilistic: probability 0..1; ratelimiting: traces per second (default 1, 0.1, 10 by type). */
        private Double param;

        public String getHttpMethod() { return httpMethod; }
        public void setHttpMethod(String httpMethod) { this.httpMethod = httpMethod; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public String getGrpcService() { return grpcService; }
        public void setGrpcService(String grpcService) { this.grpcService = grpcService; }
        public String getGrpcMethod() { return grpcMethod; }
        public void setGrpcMethod(String grpcMethod) { this.grpcMethod = grpcMethod; }
        public SamplerType getType() { return type; }
        public void setType(SamplerType type) { this.type = type; }
        public Double getParam() { return param; }
        public void setParam(Double param) { this.param = param; }
    }

    /** Where finished spans go, and how. */
    public static class Reporter {

        /** Reporter: jaeger-udp, jaeger-http, zipkin, otlp, skywalking, logging, memory (nothing sent, spans kept only in the recent traces) or none (default jaeger-udp; jaeger-http when tracing.reporter.endpoint is set; otherwise otlp when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, else jaeger-http when JAEGER_ENDPOINT is). */
        private ReporterType type;

        /** Jaeger agent host, for jaeger-udp (default localhost; JAEGER_AGENT_HOST). */
        private String agentHost;

        /** Jaeger agent UDP port, for jaeger-udp (default 6831; JAEGER_AGENT_PORT). */
        private Integer agentPort;

        /** Collector URL: jaeger-http, e.g. http://localhost:14268/api/traces; zipkin, e.g. http://localhost:9411/api/v2/spans (JAEGER_ENDPOINT); otlp, default http://localhost:4318/v1/traces (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces); skywalking: the OAP's gRPC host:port (default localhost:11800). */
        private String endpoint;

        /** Bearer token sent to the Jaeger collector; for skywalking, the OAP's agent authentication token (JAEGER_AUTH_TOKEN). */
        private String authToken;

        /** Basic-auth user for the Jaeger collector (JAEGER_USER). */
        private String user;

        /** Basic-auth password for the Jaeger collector (JAEGER_PASSWORD). */
        private String password;

        /** Longest a finished span waits for its message to fill before it is sent anyway; full messages go at once (default 1s; JAEGER_REPORTER_FLUSH_INTERVAL in ms). */
        private Duration flushInterval;

        /** Finished spans held for sending at most; more are dropped and counted (default 10000; JAEGER_REPORTER_MAX_QUEUE_SIZE). */
        private Integer maxQueueSize;

        /** Roughly how many bytes of finished spans may wait to be sent; more are dropped and counted (default 10MB). */
        private DataSize maxQueueBytes;

        /** Whether every finished span is also logged (default false; JAEGER_REPORTER_LOG_SPANS). */
        private Boolean logSpans;

        /** Connect timeout of the HTTP senders (default 2s). */
        private Duration connectTimeout;

        /** Read timeout of the HTTP senders (default 5s; for otlp, OTEL_EXPORTER_OTLP_TIMEOUT in ms). */
        private Duration readTimeout;

        /** How long closing the tracer may take to send the spans it still holds, from the start of close (default 10s). */
        private Duration shutdownTimeout;

        /** Compression of the HTTP senders' messages: none or gzip (default none; for otlp, OTEL_EXPORTER_OTLP_COMPRESSION). */
        private Compression compression;

        /** Extra request headers for the collector, e.g. an API key; never logged or shown in health (for otlp, added to OTEL_EXPORTER_OTLP_HEADERS, winning over it). */
        private Map<String, String> headers = new LinkedHashMap<>();

        /** How long a message that failed with a transient error (refused, timeout, 429, 502, 503, 504) is retried before its spans are dropped (default 30s). */
        private Duration maxRetryAge;

        /** Message encoding for zipkin: json (default) or proto3 (smaller, cheaper to encode and to read). */
        private ReporterEncoding encoding;

        /** How otlp sends: http/protobuf (default, port 4318) or grpc (port 4317, default endpoint localhost:4317; needs grpc-java, which net.devh's starter brings); OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, then OTEL_EXPORTER_OTLP_PROTOCOL. */
        private OtlpProtocol protocol;

        public ReporterType getType() { return type; }
        public void setType(ReporterType type) { this.type = type; }
        public String getAgentHost() { return agentHost; }
        public void setAgentHost(String agentHost) { this.agentHost = agentHost; }
        public Integer getAgentPort() { return agentPort; }
        public void setAgentPort(Integer agentPort) { this.agentPort = agentPort; }
        public String getEndpoint() { return endpoint; }
        public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
        public String getAuthToken() { return authToken; }
        public void setAuthToken(String authToken) { this.authToken = authToken; }
        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public Duration getFlushInterval() { return flushInterval; }
        public void setFlushInterval(Duration flushInterval) { this.flushInterval = flushInterval; }
        public Integer getMaxQueueSize() { return maxQueueSize; }
        public void setMaxQueueSize(Integer maxQueueSize) { this.maxQueueSize = maxQueueSize; }
        public DataSize getMaxQueueBytes() { return maxQueueBytes; }
        public void setMaxQueueBytes(DataSize maxQueueBytes) { this.maxQueueBytes = maxQueueBytes; }
        public Boolean getLogSpans() { return logSpans; }
        public void setLogSpans(Boolean logSpans) { this.logSpans = logSpans; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getReadTimeout() { return readTimeout; }
        public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
        public Duration getShutdownTimeout() { return shutdownTimeout; }
        public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
        public Compression getCompression() { return compression; }
        public void setCompression(Compression compression) { this.compression = compression; }
        public Map<String, String> getHeaders() { return headers; }
        public void setHeaders(Map<String, String> headers) { this.headers = headers; }
        public Duration getMaxRetryAge() { return maxRetryAge; }
        public void setMaxRetryAge(Duration maxRetryAge) { this.maxRetryAge = maxRetryAge; }
        public ReporterEncoding getEncoding() { return encoding; }
        public void setEncoding(ReporterEncoding encoding) { this.encoding = encoding; }
        public OtlpProtocol getProtocol() { return protocol; }
        public void setProtocol(OtlpProtocol protocol) { this.protocol = protocol; }
    }

    /** What one span may hold. */
    public static class Span {

        /** Logs kept per span (basictracer's MaxLogsPerSpan): the oldest and newest stay, a marker counts the rest; 0 = unlimited. */
        private int maxLogs = 100;

        /** Whether tags and logs on unsampled spans are dropped at once, costing nothing. */
        private boolean trimUnsampled = true;

        /** Characters kept of a string tag value, longer ones cut and marked with an ellipsis; 0 = no limit. */
        private int maxTagValueLength = 0;

        /** Regex of tag keys whose values are replaced by [REDACTED] before they leave the process; empty = none. */
        private String redactedTagKeys = SpanLimits.DEFAULT_REDACTED_TAG_KEYS.pattern();

        public int getMaxLogs() { return maxLogs; }
        public void setMaxLogs(int maxLogs) { this.maxLogs = maxLogs; }
        public boolean isTrimUnsampled() { return trimUnsampled; }
        public void setTrimUnsampled(boolean trimUnsampled) { this.trimUnsampled = trimUnsampled; }
        public int getMaxTagValueLength() { return maxTagValueLength; }
        public void setMaxTagValueLength(int maxTagValueLength) { this.maxTagValueLength = maxTagValueLength; }
        public String getRedactedTagKeys() { return redactedTagKeys; }
        public void setRedactedTagKeys(String redactedTagKeys) { this.redactedTagKeys = redactedTagKeys; }
    }

    /** Spring MVC and WebFlux server spans and outgoing HTTP client spans. */
    public static class Web {

        /** Whether incoming HTTP requests (Spring MVC and WebFlux) and outgoing RestTemplate/RestClient/WebClient calls are traced. */
        private boolean enabled = true;

        /** Regex of request paths not traced; replaces the default, which skips the actuator base path, /favicon.ico, /webjars/** and static files (.css, .js, images, fonts, .map). Empty string: trace everything. */
        private String skipPattern;

        /** Regex of further paths not traced, added to skip-pattern (or to its default). */
        private String additionalSkipPattern;

        /** Whether outgoing calls of RestTemplate, RestClient and WebClient built from Spring's builders get client spans. */
        private boolean clientEnabled = true;

        /** Request headers recorded as http.request.header.<name> tags on server spans; none by default (values of secret-looking names are redacted). */
        private List<String> recordedHeaders = new ArrayList<>();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getSkipPattern() { return skipPattern; }
        public void setSkipPattern(String skipPattern) { this.skipPattern = skipPattern; }
        public String getAdditionalSkipPattern() { return additionalSkipPattern; }
        public void setAdditionalSkipPattern(String additionalSkipPattern) { this.additionalSkipPattern = additionalSkipPattern; }
        public boolean isClientEnabled() { return clientEnabled; }
        public void setClientEnabled(boolean clientEnabled) { this.clientEnabled = clientEnabled; }
        public List<String> getRecordedHeaders() { return recordedHeaders; }
        public void setRecordedHeaders(List<String> recordedHeaders) { this.recordedHeaders = recordedHeaders; }
    }

    /** gRPC server and client spans (net.devh grpc-spring-boot-starter). */
    public static class Grpc {

        /** Whether gRPC calls are traced through net.devh global interceptors. */
        private boolean enabled = true;

        /** Full service names not traced (default: grpc.health.v1.Health and the reflection services). */
        private List<String> skipServices = List.of("grpc.health.v1.Health",
                "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection");

        /** Whether each message of a streaming call is logged on its span (bounded by tracing.span.max-logs); unary calls log none. */
        private boolean logMessages = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<String> getSkipServices() { return skipServices; }
        public void setSkipServices(List<String> skipServices) { this.skipServices = skipServices; }
        public boolean isLogMessages() { return logMessages; }
        public void setLogMessages(boolean logMessages) { this.logMessages = logMessages; }
    }

    /** SkyWalking: how this process shows up in the OAP (reporter skywalking). */
    public static class Skywalking {

        /** Service instance name reported to the OAP (default: a random UUID @ the host name, like SkyWalking's Java agent). */
        private String instance;

        public String getInstance() { return instance; }
        public void setInstance(String instance) { this.instance = instance; }
    }

    /** Spans for methods annotated with @Traced. */
    public static class Traced {

        /** Whether @Traced methods get spans. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** The active span carried into @Async methods and Spring task executors. */
    public static class Async {

        /** Whether tasks of Spring's auto-configured executor run under the span active when they were submitted. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** Spans for Micrometer Observations: what Spring instruments itself (JDBC, messaging, @Scheduled, Spring Data...). */
    public static class Observations {

        /** Whether Micrometer Observations become spans (HTTP and gRPC observations never do: our own spans cover them). */
        private boolean enabled = true;

        /** Observation names that make no span, such as spring.security.filterchains. */
        private List<String> skipNames = new ArrayList<>();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<String> getSkipNames() { return skipNames; }
        public void setSkipNames(List<String> skipNames) { this.skipNames = skipNames; }
    }

    /** JDBC spans: every DataSource bean's connections and statements, through datasource-micrometer's observations. */
    public static class Jdbc {

        /** Whether DataSource beans are wrapped so that their connections and statements become client spans (needs tracing.observations.enabled). */
        private boolean enabled = true;

        /** Which JDBC work makes spans: connection (from acquisition, pool wait included, to close), query, result-set (rows read; proxies every ResultSet call). */
        private List<JdbcSpan> spans = new ArrayList<>(List.of(JdbcSpan.CONNECTION, JdbcSpan.QUERY));

        /** Whether db.statement keeps the literals written in the SQL; by default each quoted string and number is replaced by '?'. */
        private boolean includeLiterals = false;

        /** Whether the values bound to a prepared statement's parameters are recorded (as db.parameters); they often hold personal data. */
        private boolean includeParameters = false;

        /** Whether JDBC work outside any trace (start-up scripts, pool housekeeping, health probes) starts a trace of its own. */
        private boolean startTraces = false;

        /** Whether the JDBC observations also go to the application's ObservationRegistry, whose Actuator meter handler then makes jdbc.connection and jdbc.query timers; off, they go to a registry of their own with only the tracing handler (the application's observation predicates, filters and conventions still apply), which costs less a statement. */
        private boolean metrics = false;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<JdbcSpan> getSpans() { return spans; }
        public void setSpans(List<JdbcSpan> spans) { this.spans = spans; }
        public boolean isIncludeLiterals() { return includeLiterals; }
        public void setIncludeLiterals(boolean includeLiterals) { this.includeLiterals = includeLiterals; }
        public boolean isIncludeParameters() { return includeParameters; }
        public void setIncludeParameters(boolean includeParameters) { this.includeParameters = includeParameters; }
        public boolean isStartTraces() { return startTraces; }
        public void setStartTraces(boolean startTraces) { this.startTraces = startTraces; }
        public boolean isMetrics() { return metrics; }
        public void setMetrics(boolean metrics) { this.metrics = metrics; }
    }

    /** Spans for runs of @Scheduled methods, each the root of its own trace (needs tracing.observations.enabled). */
    public static class Scheduling {

        /** Whether each run of a @Scheduled method is a span. */
        private boolean enabled = true;

        /** Jobs whose runs make no span: as the span names them (task myJobs.cleanUp), or Class.method (MyJobs.cleanUp, com.example.MyJobs.cleanUp). */
        private List<String> skip = new ArrayList<>();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<String> getSkip() { return skip; }
        public void setSkip(List<String> skip) { this.skip = skip; }
    }

    /** The active span in io.micrometer:context-propagation's registry, for Reactor and ContextSnapshot. */
    public static class ContextPropagation {

        /** Whether the active span is registered with context-propagation, so Reactor (spring.reactor.context-propagation=auto) and ContextSnapshot-wrapped executors carry it across threads. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** OpenTracing's GlobalTracer, read by opentracing-contrib instrumentations. */
    public static class GlobalTracer {

        /** Whether our tracer is registered as io.opentracing.util.GlobalTracer at start-up, unless the application registered one first. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** Exemplars on Prometheus metrics (micrometer-registry-prometheus). */
    public static class Exemplars {

        /** Whether Prometheus histograms and counters carry the trace and span id of a sampled request as an exemplar. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** The most recent traces kept in memory, beside any reporter, for /actuator/traces and the trace page. */
    public static class Recent {

        /** Spans kept at most; whole old traces make room for new ones; 0 keeps none. */
        private int maxSpans = RecentTraces.DEFAULT_MAX_SPANS;

        /** Roughly how much memory the kept spans may take; 0 keeps none. */
        private DataSize maxBytes = DataSize.ofBytes(RecentTraces.DEFAULT_MAX_BYTES);

        /** New traces taken into the store a second at most (1 or more); the spans of a trace already held always go in, and a trace turned away stays out whole. */
        private int maxTracesPerSecond = RecentTraces.DEFAULT_MAX_TRACES_PER_SECOND;

        public int getMaxSpans() { return maxSpans; }
        public void setMaxSpans(int maxSpans) { this.maxSpans = maxSpans; }
        public DataSize getMaxBytes() { return maxBytes; }
        public void setMaxBytes(DataSize maxBytes) { this.maxBytes = maxBytes; }
        public int getMaxTracesPerSecond() { return maxTracesPerSecond; }
        public void setMaxTracesPerSecond(int maxTracesPerSecond) { this.maxTracesPerSecond = maxTracesPerSecond; }
    }

    /** The trace page: the recent traces and a waterfall of each, served by the application. */
    public static class Ui {

        /** Whether the page is served; off by default because it shows request data (tags, logs). */
        private boolean enabled = false;

        /** Path of the page; its data is served below it, at <path>/api/traces. */
        private String path = "/traces";

        /** Whether the page is served on the actuator's management server (management.server.port) instead of the application's. */
        private boolean managementServer = false;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public boolean isManagementServer() { return managementServer; }
        public void setManagementServer(boolean managementServer) { this.managementServer = managementServer; }
    }

    /** Spans for Redis commands sent through Lettuce (Spring Data Redis's default client). */
    public static class Redis {

        /** Whether each Redis command sent through Boot's Lettuce client is a client span (needs Micrometer Observations: tracing.observations.enabled). */
        private boolean enabled = true;

        /** Whether a command's arguments (keys and values) are recorded in its span's db.statement tag; off by default, as values may be sensitive. */
        private boolean recordArguments = false;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public boolean isRecordArguments() { return recordArguments; }
        public void setRecordArguments(boolean recordArguments) { this.recordArguments = recordArguments; }
    }
}
