package io.traceandtrace.core.settings;

import io.traceandtrace.core.propagation.PropagationFormat;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracerSettingsTest {

    @Test
    void defaults() {
        TracerSettings s = TracerSettings.builder("svc").build();
        assertThat(s.samplerType()).isEqualTo(SamplerType.RATELIMITING);
        assertThat(s.samplerParam()).isEqualTo(10);
        assertThat(s.reporterType()).isEqualTo(ReporterType.JAEGER_UDP);
        assertThat(s.agentHost()).isEqualTo("localhost");
        assertThat(s.agentPort()).isEqualTo(6831);
        assertThat(s.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxQueueSize()).isEqualTo(10_000);
        assertThat(s.propagation()).containsExactly(PropagationFormat.JAEGER, PropagationFormat.W3C, PropagationFormat.B3);
        assertThat(s.spanLimits().maxLogsPerSpan()).isEqualTo(100);
        assertThat(s.spanLimits().trimUnsampledSpans()).isTrue();
    }

    @Test
    void readsEveryStandardJaegerVariable() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("JAEGER_SERVICE_NAME", "orders"),
                Map.entry("JAEGER_AGENT_HOST", "agent.local"),
                Map.entry("JAEGER_AGENT_PORT", "6832"),
                Map.entry("JAEGER_ENDPOINT", "http://collector:14268/api/traces"),
                Map.entry("JAEGER_AUTH_TOKEN", "tok"),
                Map.entry("JAEGER_USER", "u"),
                Map.entry("JAEGER_PASSWORD", "p"),
                Map.entry("JAEGER_SAMPLER_TYPE", "probabilistic"),
                Map.entry("JAEGER_SAMPLER_PARAM", "0.25"),
                Map.entry("JAEGER_SAMPLER_MANAGER_HOST_PORT", "agent.local:5779"),
                Map.entry("JAEGER_REPORTER_LOG_SPANS", "true"),
                Map.entry("JAEGER_REPORTER_MAX_QUEUE_SIZE", "250"),
                Map.entry("JAEGER_REPORTER_FLUSH_INTERVAL", "200"),
                Map.entry("JAEGER_TAGS", "region=eu, pod=${POD_NAME:unknown},node=${NODE:n0}"),
                Map.entry("JAEGER_PROPAGATION", "b3,w3c"),
                Map.entry("JAEGER_TRACEID_128BIT", "true"),
                Map.entry("POD_NAME", "orders-7f9"));
        TracerSettings s = TracerSettings.fromEnvironment(env::get).build();
        assertThat(s.serviceName()).isEqualTo("orders");
        assertThat(s.agentHost()).isEqualTo("agent.local");
        assertThat(s.agentPort()).isEqualTo(6832);
        assertThat(s.endpoint()).isEqualTo("http://collector:14268/api/traces");
        assertThat(s.reporterType()).as("an endpoint means the collector").isEqualTo(ReporterType.JAEGER_HTTP);
        assertThat(s.authToken()).isEqualTo("tok");
        assertThat(s.user()).isEqualTo("u");
        assertThat(s.password()).isEqualTo("p");
        assertThat(s.samplerType()).isEqualTo(SamplerType.PROBABILISTIC);
        assertThat(s.samplerParam()).isEqualTo(0.25);
        assertThat(s.samplerManagerHostPort()).isEqualTo("agent.local:5779");
        assertThat(s.logSpans()).isTrue();
        assertThat(s.maxQueueSize()).isEqualTo(250);
        assertThat(s.flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.tags()).containsExactly(Map.entry("region", "eu"), Map.entry("pod", "orders-7f9"), Map.entry("node", "n0"));
        assertThat(s.propagation()).containsExactly(PropagationFormat.B3, PropagationFormat.W3C);
        assertThat(s.traceId128Bit()).isTrue();
    }

    @Test
    void explicitSettingsWinOverTheEnvironment() {
        Map<String, String> env = Map.of("JAEGER_SERVICE_NAME", "from-env", "JAEGER_SAMPLER_TYPE", "const",
                "JAEGER_SAMPLER_PARAM", "0");
        TracerSettings s = TracerSettings.fromEnvironment(env::get).serviceName("from-props").samplerParam(1.0).build();
        assertThat(s.serviceName()).isEqualTo("from-props");
        assertThat(s.samplerType()).isEqualTo(SamplerType.CONST);
        assertThat(s.samplerParam()).isEqualTo(1.0);
    }

    @Test
    void badEnvironmentValuesNameTheVariable() {
        assertThatThrownBy(() -> TracerSettings.fromEnvironment(Map.of("JAEGER_SAMPLER_PARAM", "0,5")::get))
                .isInstanceOf(InvalidTracerSettingException.class).hasMessageContaining("JAEGER_SAMPLER_PARAM")
                .hasMessageContaining("0,5");
        assertThatThrownBy(() -> TracerSettings.fromEnvironment(Map.of("JAEGER_SAMPLER_TYPE", "bogus")::get))
                .hasMessageContaining("JAEGER_SAMPLER_TYPE").hasMessageContaining("const, probabilistic, ratelimiting, remote");
        assertThatThrownBy(() -> TracerSettings.fromEnvironment(Map.of("JAEGER_AGENT_PORT", "x")::get))
                .hasMessageContaining("JAEGER_AGENT_PORT");
        assertThatThrownBy(() -> TracerSettings.fromEnvironment(Map.of("JAEGER_PROPAGATION", "jaeger,morse")::get))
                .hasMessageContaining("JAEGER_PROPAGATION").hasMessageContaining("morse");
        assertThatThrownBy(() -> TracerSettings.fromEnvironment(Map.of("JAEGER_REPORTER_LOG_SPANS", "yes")::get))
                .hasMessageContaining("JAEGER_REPORTER_LOG_SPANS");
        assertThatThrownBy(() -> TracerSettings.fromEnvironment(Map.of("JAEGER_TAGS", "novalue")::get))
                .hasMessageContaining("JAEGER_TAGS");
    }

    @Test
    void wrongSettingsFailNamingTheSetting() {
        assertInvalid(TracerSettings.builder("svc").samplerType(SamplerType.PROBABILISTIC).samplerParam(2.5),
                "sampler.param", "between 0 and 1");
        assertInvalid(TracerSettings.builder("svc").samplerType(SamplerType.RATELIMITING).samplerParam(-1.0),
                "sampler.param", ">= 0");
        assertInvalid(TracerSettings.builder("svc").samplerType(SamplerType.CONST).samplerParam(0.5),
                "sampler.param", "0 (sample nothing) or 1");
        assertInvalid(TracerSettings.builder("svc").reporterType(ReporterType.ZIPKIN),
                "reporter.endpoint", "http://localhost:9411/api/v2/spans");
        assertInvalid(TracerSettings.builder("svc").reporterType(ReporterType.JAEGER_HTTP).endpoint("collector:14268"),
                "reporter.endpoint", "http(s) URL");
        assertInvalid(TracerSettings.builder("svc").agentPort(70000), "reporter.agent-port", "1..65535");
        assertInvalid(TracerSettings.builder("svc").maxQueueSize(0), "reporter.max-queue-size", ">= 1");
        assertInvalid(TracerSettings.builder("svc").flushInterval(Duration.ZERO), "reporter.flush-interval", "> 0");
        assertInvalid(TracerSettings.builder("svc").flushInterval(Duration.ofNanos(500_000)), "reporter.flush-interval", "at least 1ms");
        assertInvalid(TracerSettings.builder("svc").propagation(List.of()), "propagation", "one or more");
        assertInvalid(TracerSettings.builder(" "), "service-name", "required");
        assertInvalid(TracerSettings.builder("svc").samplerType(SamplerType.REMOTE).samplerManagerHostPort("nohost"),
                "sampler.manager-host-port", "host:port");
        assertThatThrownBy(() -> SamplerType.of("sampler.type", "bogus"))
                .hasMessageContaining("sampler.type").hasMessageContaining("bogus");
        assertThatThrownBy(() -> ReporterType.of("reporter.type", "carrier-pigeon"))
                .hasMessageContaining("reporter.type").hasMessageContaining("jaeger-udp, jaeger-http, zipkin, otlp, skywalking, logging, memory, none");
    }

    @Test
    void samplerParamDefaultsFollowTheType() {
        assertThat(TracerSettings.builder("s").samplerType(SamplerType.CONST).build().samplerParam()).isEqualTo(1);
        assertThat(TracerSettings.builder("s").samplerType(SamplerType.PROBABILISTIC).build().samplerParam()).isEqualTo(0.1);
        assertThat(TracerSettings.builder("s").samplerType(SamplerType.REMOTE).build().samplerParam()).isEqualTo(0.001);
    }

    private static void assertInvalid(TracerSettings.Builder builder, String setting, String expected) {
        assertThatThrownBy(builder::build).isInstanceOf(InvalidTracerSettingException.class)
                .hasMessageContaining("'" + setting + "'").hasMessageContaining(expected)
                .satisfies(e -> assertThat(((InvalidTracerSettingException) e).setting()).isEqualTo(setting));
    }
}
