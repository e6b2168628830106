package io.traceandtrace.core.export.logging;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.InProcessExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** One INFO line per span, nothing sent: for development. */
public final class LoggingExporter implements InProcessExporter {

    private static final Logger log = LoggerFactory.getLogger(LoggingExporter.class);

    @Override
    public int maxMessageBytes() {
        return 1; // a line per span, at once
    }

    @Override
    public void export(List<JaegerSpan> spans) {
        for (JaegerSpan span : spans) {
            log.info("Span finished: {} {} {}us tags={}", span.context().toString(), span.getOperationName(),
                    span.getDuration(), span.getTags());
        }
    }

    @Override
    public String describe() {
        return "the log";
    }
}
