package io.traceandtrace.spring;

import io.traceandtrace.core.settings.InvalidTracerSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a tracer setting that cannot work into a start-up report that names the property to fix. */
class InvalidTracingSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTracerSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidTracerSettingException cause) {
        String name = propertyName(cause.setting());
        String description = "Invalid tracing setting: " + name + " = '" + cause.value() + "'\n\nReason: " + cause.expected();
        String action = "Update " + name + " in your application's configuration"
                + (isVariable(name) ? " (an environment variable or system property)" : "")
                + ": " + cause.expected() + ".";
        return new FailureAnalysis(description, action, cause);
    }

    /** {@code sampler.param} -> {@code tracing.sampler.param}; environment variables keep their names. */
    static String propertyName(String setting) {
        return isVariable(setting) ? setting : "tracing." + setting;
    }

    private static boolean isVariable(String name) {
        return name.startsWith("JAEGER_") || name.startsWith("OTEL_");
    }
}
