package io.traceandtrace.spring;

import io.traceandtrace.core.settings.TracerSettings;

/** A bean of this type adjusts the tracer settings after the {@code tracing.*} properties are applied. */
@FunctionalInterface
public interface TracerSettingsCustomizer {

    void customize(TracerSettings.Builder settings);
}
