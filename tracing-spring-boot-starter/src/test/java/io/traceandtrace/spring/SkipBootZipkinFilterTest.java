package io.traceandtrace.spring;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import zipkin2.reporter.BytesMessageSender;

import static org.assertj.core.api.Assertions.assertThat;

/** An application with the starter starts without Spring Boot's Zipkin sender, which nothing would use. */
class SkipBootZipkinFilterTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .run(concat(args, "--tracing.reporter.type=none", "--spring.main.banner-mode=off",
                        "--grpc.server.port=-1"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void withTracingOnBootsZipkinSenderIsNotBuilt() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBeanNamesForType(BytesMessageSender.class)).isEmpty();
            assertThat(context.containsBean(SkipBootZipkinFilter.BOOT_ZIPKIN)).isFalse();
        }
    }

    @Test
    void withTracingOffSpringBootIsLeftAlone() {
        try (ConfigurableApplicationContext context = start("--tracing.enabled=false")) {
            assertThat(context.getBeanNamesForType(BytesMessageSender.class)).isNotEmpty();
        }
    }
}
