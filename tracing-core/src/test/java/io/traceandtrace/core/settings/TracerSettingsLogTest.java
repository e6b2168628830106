package io.traceandtrace.core.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the start-up line ("Tracing {settings}") shows of an endpoint: never its credentials. */
class TracerSettingsLogTest {

    @Test
    void theEndpointIsShownWithoutUserInfoOrQuery() {
        TracerSettings settings = TracerSettings.builder("svc").reporterType(ReporterType.OTLP)
                .endpoint("https://alice:s3cret@otlp.example.com:4318/v1/traces?api_key=k3y#frag").build();
        assertThat(settings.toString())
                .contains("https://otlp.example.com:4318/v1/traces")
                .doesNotContain("alice").doesNotContain("s3cret").doesNotContain("k3y").doesNotContain("api_key");
    }
}
