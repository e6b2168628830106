package io.traceandtrace.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Map;

/** HTTP -> @Traced service -> gRPC client -> gRPC server: one request, one trace of four spans. */
@SpringBootApplication
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
