package io.traceandtrace.core.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sampling rule as settings give it: its patterns, what it matches, and the errors naming its part. */
class SamplingRuleTest {

    @Test
    void httpAndGrpcRulesMatchOnlyTheirOwnCalls() {
        SamplingRule http = SamplingRule.of("sampler.rules[0]", "get", "/orders/**", null, null, SamplerType.CONST, null);
        assertThat(http.matchesHttp("GET", "/orders/1/items")).isTrue();
        assertThat(http.matchesHttp("POST", "/orders/1")).as("another method").isFalse();
        assertThat(http.matchesHttp("GET", "/order")).isFalse();
        assertThat(http.matchesGrpc("/orders/1", "GET")).as("an HTTP rule never matches gRPC").isFalse();
        SamplingRule grpc = SamplingRule.of("sampler.rules[1]", null, null, "sample.Greeter", "*", SamplerType.PROBABILISTIC, null);
        assertThat(grpc.matchesGrpc("sample.Greeter", "SayHello")).isTrue();
        assertThat(grpc.matchesGrpc("sample.Other", "SayHello")).isFalse();
        assertThat(grpc.matchesHttp("GET", "sample.Greeter")).isFalse();
        assertThat(grpc.param()).as("the type's default param").isEqualTo(0.1);
    }

    @Test
    void pathPatternsAreAntStyle() {
        assertThat(PathPattern.compile("/orders/*").matcher("/orders/1").matches()).isTrue();
        assertThat(PathPattern.compile("/orders/*").matcher("/orders/1/items").matches()).isFalse();
        assertThat(PathPattern.compile("/orders/**").matcher("/orders").matches()).isTrue();
        assertThat(PathPattern.compile("/orders/**/items").matcher("/orders/1/2/items").matches()).isTrue();
        assertThat(PathPattern.compile("/v?/ping").matcher("/v2/ping").matches()).isTrue();
        assertThat(PathPattern.compile("/a.b").matcher("/aXb").matches()).as("dots are literal").isFalse();
        assertThat(PathPattern.compile("/orders/{id}").matcher("/orders/").matches()).isFalse();
        assertThat(PathPattern.literalPrefix("/orders/**")).isEqualTo("/orders");
        assertThat(PathPattern.literalPrefix("/api/v?/x")).isEqualTo("/api/v");
        assertThat(PathPattern.literalPrefix("/orders/{id}/items")).isEqualTo("/orders/");
        assertThat(PathPattern.literalPrefix("/**")).isEmpty();
    }

    @Test
    void aBadRuleIsRejectedNamingWhatIsWrong() {
        assertThatThrownBy(() -> SamplingRule.of("sampler.rules[2]", null, "/a", "svc", null, SamplerType.CONST, 1d))
                .isInstanceOfSatisfying(InvalidTracerSettingException.class, e -> assertThat(e.setting()).isEqualTo("sampler.rules[2]"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> SamplingRule.of("sampler.rules[0]", null, null, null, null, SamplerType.CONST, 1d))
                .hasMessageContaining("not neither");
        assertThatThrownBy(() -> SamplingRule.of("sampler.rules[1]", null, "/a", null, null, SamplerType.PROBABILISTIC, 1.5))
                .isInstanceOfSatisfying(InvalidTracerSettingException.class, e -> assertThat(e.setting()).isEqualTo("sampler.rules[1].param"));
        assertThatThrownBy(() -> SamplingRule.of("sampler.rules[1]", null, "/a", null, null, SamplerType.REMOTE, null))
                .isInstanceOfSatisfying(InvalidTracerSettingException.class, e -> assertThat(e.setting()).isEqualTo("sampler.rules[1].type"));
        assertThatThrownBy(() -> SamplingRule.of("sampler.rules[1]", null, "/a", null, null, null, null))
                .isInstanceOfSatisfying(InvalidTracerSettingException.class, e -> assertThat(e.setting()).isEqualTo("sampler.rules[1].type"));
        assertThatThrownBy(() -> SamplingRule.of("sampler.rules[3]", null, "orders", null, null, SamplerType.CONST, 0d))
                .isInstanceOfSatisfying(InvalidTracerSettingException.class, e -> assertThat(e.setting()).isEqualTo("sampler.rules[3].path"));
        assertThatThrownBy(() -> SamplingRule.of("sampler.rules[3]", "GE T", "/a", null, null, SamplerType.CONST, 0d))
                .isInstanceOfSatisfying(InvalidTracerSettingException.class, e -> assertThat(e.setting()).isEqualTo("sampler.rules[3].http-method"));
        assertThatThrownBy(() -> SamplingRule.of("sampler.rules[4]", "GET", null, "svc", null, SamplerType.CONST, 0d))
                .isInstanceOfSatisfying(InvalidTracerSettingException.class, e -> assertThat(e.setting()).isEqualTo("sampler.rules[4].http-method"));
    }
}
