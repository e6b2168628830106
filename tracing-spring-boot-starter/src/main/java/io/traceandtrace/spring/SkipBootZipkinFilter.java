package io.traceandtrace.spring;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * With tracing on, leaves out Spring Boot's own Zipkin auto-configuration (its span sender, an HTTP
 * client built at start-up) when nothing could use it: it feeds Micrometer Tracing's Brave or
 * OpenTelemetry bridges only, and neither reporter is on the class path. Our tracer sends to Zipkin
 * itself ({@code tracing.reporter.type=zipkin}).
 */
class SkipBootZipkinFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    static final String BOOT_ZIPKIN = "org.springframework.boot.actuate.autoconfigure.tracing.zipkin.ZipkinAutoConfiguration";
    /** What uses Boot's Zipkin sender: zipkin-reporter-brave, OpenTelemetry's Zipkin exporter. */
    private static final String[] USERS = {"zipkin2.reporter.brave.AsyncZipkinSpanHandler",
            "io.opentelemetry.exporter.zipkin.ZipkinSpanExporter"};

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] match = new boolean[autoConfigurationClasses.length];
        boolean skip = skipBootZipkin();
        for (int i = 0; i < match.length; i++) {
            match[i] = !(skip && BOOT_ZIPKIN.equals(autoConfigurationClasses[i]));
        }
        return match;
    }

    private boolean skipBootZipkin() {
        if (environment == null || !environment.getProperty("tracing.enabled", Boolean.class, true)) {
            return false;
        }
        ClassLoader loader = getClass().getClassLoader();
        for (String user : USERS) {
            if (ClassUtils.isPresent(user, loader)) {
                return false;
            }
        }
        return true;
    }
}
