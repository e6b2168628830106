package io.traceandtrace.spring;

import io.opentracing.Span;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;

import java.util.LinkedHashMap;
import java.util.Map;

/** Marks a span failed the OpenTracing way: {@code error=true} and one error log with the exception. */
public final class ErrorLogs {

    private ErrorLogs() {
    }

    public static void logError(Span span, Throwable error) {
        Tags.ERROR.set(span, true);
        Map<String, Object> fields = new LinkedHashMap<>(4);
        fields.put(Fields.EVENT, Tags.ERROR.getKey());
        fields.put(Fields.ERROR_KIND, error.getClass().getName());
        fields.put(Fields.ERROR_OBJECT, error);
        if (error.getMessage() != null) {
            fields.put(Fields.MESSAGE, error.getMessage());
        }
        span.log(fields);
    }
}
