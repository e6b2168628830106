package io.traceandtrace.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Map;

/**
 * HTTP -> JDBC (connection, INSERT) -> @Traced service -> gRPC client -> gRPC server: one request, one trace of
 * six spans; and a scheduled job pruning the greeting log.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SampleApplication.class);
        app.setDefaultProperties(defaults(System.getenv()));
        app.run(args);
    }

    /**
     * Spans stay in memory (no collector needed) unless the environment names a collector the standard
     * way ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code JAEGER_ENDPOINT}...): then the starter picks the
     * reporter from it. Default properties rank lowest, so any {@code --tracing.reporter.type} wins.
     */
    static Map<String, Object> defaults(Map<String, String> env) {
        boolean collectorNamed = env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
                || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") || env.containsKey("JAEGER_ENDPOINT");
        return collectorNamed ? Map.of() : Map.of("tracing.reporter.type", "memory");
    }
}
