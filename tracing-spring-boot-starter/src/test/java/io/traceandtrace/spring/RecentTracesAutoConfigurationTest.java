package io.traceandtrace.spring;

import io.opentracing.Tracer;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.core.recent.TraceQuery;
import io.traceandtrace.spring.actuate.TracesEndpoint;
import io.traceandtrace.spring.actuate.TracingActuatorAutoConfiguration;
import io.traceandtrace.spring.ui.TracingUiAutoConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.function.RouterFunction;

import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The recent-traces store beside every reporter, the traces endpoint over it, and the switches of the trace page. */
class RecentTracesAutoConfigurationTest {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(TracingAutoConfiguration.class,
            TracingActuatorAutoConfiguration.class, EndpointAutoConfiguration.class, TracingUiAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1",
                    "management.endpoints.web.exposure.include=traces");

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
            .withPropertyValues("tracing.reporter.type=none");

    @Test
    void everyReporterFeedsTheRecentTraces() {
        for (String reporter : new String[] {"jaeger-udp", "logging", "none", "memory"}) {
            runner.withPropertyValues("tracing.reporter.type=" + reporter).run(context -> {
                context.getBean(Tracer.class).buildSpan("kept with " + reporter).start().finish();
                // the export thread feeds the store: flush it, as a caller waiting for its trace would wait
                assertThat(context.getBean(ExportPipeline.class).flush(Duration.ofSeconds(5))).isTrue();
                var listing = context.getBean(TracesEndpoint.class).traces(null, null, null, null);
                assertThat(listing.traces()).as(reporter).singleElement()
                        .satisfies(trace -> assertThat(trace.rootOperation()).isEqualTo("kept with " + reporter));
            });
        }
    }

    @Test
    void boundsComeFromThePropertiesAndZeroTurnsTheStoreOff() {
        runner.withPropertyValues("tracing.reporter.type=none", "tracing.recent.max-spans=2").run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            long start = System.currentTimeMillis() * 1000;
            for (int i = 0; i < 5; i++) {
                // a millisecond apart: newest first is by start time
                tracer.buildSpan("span " + i).withStartTimestamp(start + 1000L * i).start().finish(start + 1000L * i + 10);
            }
            assertThat(context.getBean(ExportPipeline.class).flush(Duration.ofSeconds(5))).isTrue();
            assertThat(context.getBean(RecentTraces.class).find(TraceQuery.newest()).traces())
                    .extracting(trace -> trace.rootOperation()).containsExactly("span 4", "span 3");
        });
        runner.withPropertyValues("tracing.reporter.type=none", "tracing.recent.max-traces-per-second=3").run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            for (int i = 0; i < 10; i++) {
                tracer.buildSpan("request " + i).start().finish();
            }
            assertThat(context.getBean(ExportPipeline.class).flush(Duration.ofSeconds(5))).isTrue();
            // ten traces in well under a second (unless this machine stalls): the first three are kept
            assertThat(context.getBean(RecentTraces.class).find(TraceQuery.newest()).traces())
                    .extracting(trace -> trace.rootOperation()).hasSizeBetween(3, 9).contains("request 0", "request 1", "request 2");
        });
        runner.withPropertyValues("tracing.reporter.type=none", "tracing.recent.max-bytes=0").run(context -> {
            context.getBean(Tracer.class).buildSpan("not kept").start().finish();
            var listing = context.getBean(TracesEndpoint.class).traces(null, null, null, null);
            assertThat(listing.enabled()).isFalse();
            assertThat(listing.traces()).isEmpty();
        });
    }

    @Test
    void thePageIsOffByDefaultAndOnlyInAServletApplication() {
        webRunner.run(context -> assertThat(context).hasSingleBean(RecentTraces.class).doesNotHaveBean("tracePageRoutes"));
        webRunner.withPropertyValues("tracing.ui.enabled=true").run(context ->
                assertThat(context).getBean("tracePageRoutes").isInstanceOf(RouterFunction.class));
        webRunner.withPropertyValues("tracing.ui.enabled=true", "tracing.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean("tracePageRoutes").doesNotHaveBean(RecentTraces.class));
        webRunner.withPropertyValues("tracing.ui.enabled=true", "tracing.ui.management-server=true").run(context ->
                assertThat(context).doesNotHaveBean("tracePageRoutes"));
        runner.withPropertyValues("tracing.ui.enabled=true").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("tracePageRoutes"));
    }

    @Test
    void theIdeShowsTheRealDefaults() throws Exception {
        // the starter's own metadata, as the IDE reads it (other jars on the class path have theirs)
        JsonNode metadata = null;
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            JsonNode candidate = new ObjectMapper().readTree(url);
            if (candidate.toString().contains("\"io.traceandtrace.spring.TracingProperties\"")) {
                metadata = candidate;
            }
        }
        assertThat(metadata).as("the metadata of TracingProperties").isNotNull();
        Map<String, JsonNode> defaults = new HashMap<>();
        metadata.get("properties").forEach(property -> defaults.put(property.get("name").asText(), property.get("defaultValue")));
        TracingProperties properties = new TracingProperties();
        assertThat(defaults.get("tracing.recent.max-spans").asInt()).isEqualTo(properties.getRecent().getMaxSpans());
        assertThat(DataSize.parse(defaults.get("tracing.recent.max-bytes").asText())).isEqualTo(properties.getRecent().getMaxBytes());
        assertThat(defaults.get("tracing.recent.max-traces-per-second").asInt()).isEqualTo(properties.getRecent().getMaxTracesPerSecond());
        assertThat(defaults.get("tracing.ui.enabled").asBoolean()).isFalse();
        assertThat(defaults.get("tracing.ui.path").asText()).isEqualTo(properties.getUi().getPath());
        assertThat(metadata.toString()).contains("tracing.ui.management-server");
    }

    @Test
    void wrongValuesStopStartUpNamingTheProperty() {
        assertFailure(runner.withPropertyValues("tracing.recent.max-spans=-1"), "tracing.recent.max-spans", "0 (off) or more");
        assertFailure(runner.withPropertyValues("tracing.recent.max-bytes=-1B"), "tracing.recent.max-bytes", "0 (off) or more");
        assertFailure(runner.withPropertyValues("tracing.recent.max-traces-per-second=0"), "tracing.recent.max-traces-per-second",
                "1 or more");
        assertFailure(webRunner.withPropertyValues("tracing.ui.enabled=true", "tracing.ui.path=traces"), "tracing.ui.path", "/traces");
        assertFailure(webRunner.withPropertyValues("tracing.ui.enabled=true", "tracing.ui.path=/traces/"), "tracing.ui.path", "no trailing /");
        assertFailure(webRunner.withPropertyValues("tracing.ui.enabled=true", "tracing.ui.path=/t/{x}"), "tracing.ui.path", "segments");
    }

    private static void assertFailure(AbstractApplicationContextRunner<?, ?, ?> runner, String property, String expected) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyzers.analyze(context.getStartupFailure());
            assertThat(analysis).as("a failure analysis for %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getDescription() + "\n" + analysis.getAction()).contains(property).contains(expected);
        });
    }
}
