package io.traceandtrace.spring.web;

import io.traceandtrace.spring.TracingProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SkipPatternTest {

    private static Pattern pattern(MockEnvironment env, String skip, String additional) {
        TracingProperties.Web web = new TracingProperties.Web();
        web.setSkipPattern(skip);
        web.setAdditionalSkipPattern(additional);
        return SkipPattern.of(web, env);
    }

    @Test
    void theDefaultSkipsActuatorFaviconWebjarsAndStaticFiles() {
        Pattern p = pattern(new MockEnvironment(), null, null);
        assertThat(p.matcher("/actuator").matches()).isTrue();
        assertThat(p.matcher("/actuator/health").matches()).isTrue();
        assertThat(p.matcher("/favicon.ico").matches()).isTrue();
        assertThat(p.matcher("/webjars/bootstrap/css/x.css").matches()).isTrue();
        assertThat(p.matcher("/app.js").matches()).isTrue();
        assertThat(p.matcher("/img/logo.PNG").matches()).isFalse(); // case matters, as paths do
        assertThat(p.matcher("/actuators").matches()).isFalse();
        assertThat(p.matcher("/orders/1").matches()).isFalse();
    }

    @Test
    void theDefaultFollowsTheActuatorBasePath() {
        MockEnvironment env = new MockEnvironment().withProperty("management.endpoints.web.base-path", "/manage");
        Pattern p = pattern(env, null, null);
        assertThat(p.matcher("/manage/health").matches()).isTrue();
        assertThat(p.matcher("/actuator/health").matches()).isFalse();
    }

    @Test
    void aUserPatternReplacesTheDefaultAndAnAdditionalOneExtendsIt() {
        Pattern replaced = pattern(new MockEnvironment(), "/internal/.*", null);
        assertThat(replaced.matcher("/internal/x").matches()).isTrue();
        assertThat(replaced.matcher("/actuator/health").matches()).isFalse();

        Pattern extended = pattern(new MockEnvironment(), null, "/internal/.*");
        assertThat(extended.matcher("/internal/x").matches()).isTrue();
        assertThat(extended.matcher("/actuator/health").matches()).isTrue();

        assertThat(pattern(new MockEnvironment(), "", null)).as("empty: trace everything").isNull();
    }

    @Test
    void theTracePageIsSkippedWhenOnEvenWithTheSkipPatternCleared() {
        MockEnvironment on = new MockEnvironment().withProperty("tracing.ui.enabled", "true");
        Pattern cleared = pattern(on, "", null);
        assertThat(cleared.matcher("/traces").matches()).isTrue();
        assertThat(cleared.matcher("/traces/api/traces").matches()).isTrue();
        assertThat(cleared.matcher("/tracesx").matches()).isFalse();
        assertThat(cleared.matcher("/orders/1").matches()).isFalse();

        Pattern moved = pattern(new MockEnvironment().withProperty("tracing.ui.enabled", "true")
                .withProperty("tracing.ui.path", "/ops/trace.view"), null, null);
        assertThat(moved.matcher("/ops/trace.view").matches()).isTrue();
        assertThat(moved.matcher("/ops/traceXview").matches()).as("the path is quoted, not a regex").isFalse();
        assertThat(moved.matcher("/actuator/health").matches()).isTrue();

        assertThat(pattern(new MockEnvironment(), "", null)).as("page off: nothing added").isNull();
        assertThat(pattern(new MockEnvironment(), null, null).matcher("/traces").matches()).isFalse();
    }
}
