package io.traceandtrace.spring.testing;

import io.traceandtrace.core.export.CapturingExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application's own exporter, as a user would register one: the auto-configuration puts the export
 * pipeline in front of it, and a test reads what was exported from the {@link CapturingExporter} bean.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CapturedSpans {

    @Bean
    public CapturingExporter capturingExporter() {
        return new CapturingExporter();
    }
}
