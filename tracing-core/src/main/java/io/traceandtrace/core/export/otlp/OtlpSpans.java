package io.traceandtrace.core.export.otlp;

import com.google.protobuf.ByteString;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.LogData;
import io.jaegertracing.internal.Reference;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.traceandtrace.core.export.FinishedSpanTags;
import io.traceandtrace.core.limits.BoundedTracer;
import io.opentracing.References;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jaeger span as an OTLP span, by the OpenTelemetry Collector's Jaeger translation rules
 * ({@code pkg/translator/jaeger}): 64-bit trace ids left-padded to 16 bytes; the {@code span.kind} tag
 * to the kind, INTERNAL without one; {@code error=true} (a boolean), {@code otel.status_code} or else {@code http.status_code} to the
 * status; logs to events named by their {@code event} field; the parent (or else the first CHILD_OF,
 * then FOLLOWS_FROM, reference of the same trace) to the parent id and the other references to links;
 * the process to the resource, with {@code service.name}.
 */
final class OtlpSpans {

    static final String REF_TYPE = "opentracing.ref_type";
    private static final String SPAN_KIND = "span.kind";
    private static final String ERROR = "error";
    private static final String STATUS_CODE = "otel.status_code";
    private static final String STATUS_DESCRIPTION = "otel.status_description";
    private static final String HTTP_STATUS_CODE = "http.status_code";
    private static final String HTTP_STATUS_MESSAGE = "http.status_message";
    private static final String EVENT = "event";

    private OtlpSpans() {
    }

    /** The process of {@code tracer}: {@code service.name} and its tags, jaeger's hostname and version renamed as the Collector does. */
    static Resource resource(JaegerTracer tracer) {
        Map<String, Object> tags = new HashMap<>(tracer.tags());
        Object hostname = tags.remove("hostname");
        if (hostname != null) {
            tags.putIfAbsent("host.name", hostname);
        }
        Object jaegerVersion = tags.remove("jaeger.version");
        if (jaegerVersion != null) {
            tags.putIfAbsent("opencensus.exporterversion", "Jaeger-" + jaegerVersion);
        }
        Resource.Builder resource = Resource.newBuilder().addAttributes(attribute("service.name", tracer.getServiceName()));
        tags.remove("service.name");
        tags.forEach((key, value) -> resource.addAttributes(attribute(key, value)));
        return resource.build();
    }

    static Span span(JaegerSpan jaeger) {
        JaegerSpanContext context = jaeger.context();
        Span.Builder span = Span.newBuilder()
                .setTraceId(traceId(context.getTraceIdHigh(), context.getTraceIdLow()))
                .setSpanId(spanId(context.getSpanId()))
                .setName(jaeger.getOperationName())
                .setStartTimeUnixNano(jaeger.getStart() * 1000)
                .setEndTimeUnixNano((jaeger.getStart() + jaeger.getDuration()) * 1000);

        List<Reference> references = jaeger.getReferences();
        long parentId = parentId(context, references);
        if (parentId != 0) {
            span.setParentSpanId(spanId(parentId));
        }

        Map<String, Object> tags = new HashMap<>(FinishedSpanTags.of(jaeger)); // ours to change
        Object kind = tags.remove(SPAN_KIND);
        // no span.kind (@Traced, local spans): INTERNAL, OpenTelemetry's default, where the Collector leaves UNSPECIFIED
        span.setKind(kind == null ? Span.SpanKind.SPAN_KIND_INTERNAL : kind(String.valueOf(kind)));
        Status status = status(tags, span.getKind(), jaeger.getLogs());
        if (status != null) {
            span.setStatus(status);
        }
        Object tagTraceState = tags.remove(BoundedTracer.TRACE_STATE_TAG);
        String traceState = context.getTraceState() != null ? context.getTraceState()
                : tagTraceState != null ? String.valueOf(tagTraceState) : null;
        if (traceState != null) {
            span.setTraceState(traceState);
        }
        tags.forEach((key, value) -> span.addAttributes(attribute(key, value)));

        List<LogData> logs = jaeger.getLogs();
        if (logs != null) {
            for (LogData log : logs) {
                span.addEvents(event(log));
            }
        }
        if (references != null) {
            for (Reference reference : references) {
                boolean isParent = reference.getSpanContext().getSpanId() == parentId
                        && References.CHILD_OF.equals(reference.getType());
                if (!isParent) {
                    span.addLinks(link(reference));
                }
            }
        }
        return span.build();
    }

    /** 16 bytes, big-endian: a 64-bit id has zeros in its high half. */
    static ByteString traceId(long high, long low) {
        byte[] id = new byte[16];
        putLong(id, 0, high);
        putLong(id, 8, low);
        return ByteString.copyFrom(id);
    }

    static ByteString spanId(long id) {
        byte[] bytes = new byte[8];
        putLong(bytes, 0, id);
        return ByteString.copyFrom(bytes);
    }

    private static void putLong(byte[] into, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            into[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long parentId(JaegerSpanContext context, List<Reference> references) {
        if (context.getParentId() != 0) {
            return context.getParentId();
        }
        if (references == null) {
            return 0;
        }
        Reference followsFrom = null;
        for (Reference reference : references) {
            JaegerSpanContext other = reference.getSpanContext();
            if (other.getTraceIdHigh() != context.getTraceIdHigh() || other.getTraceIdLow() != context.getTraceIdLow()) {
                continue; // only a span of the same trace can be the parent
            }
            if (References.CHILD_OF.equals(reference.getType())) {
                return other.getSpanId();
            }
            if (followsFrom == null && References.FOLLOWS_FROM.equals(reference.getType())) {
                followsFrom = reference;
            }
        }
        return followsFrom == null ? 0 : followsFrom.getSpanContext().getSpanId();
    }

    private static Span.SpanKind kind(String kind) {
        return switch (kind) {
            case "client" -> Span.SpanKind.SPAN_KIND_CLIENT;
            case "server" -> Span.SpanKind.SPAN_KIND_SERVER;
            case "producer" -> Span.SpanKind.SPAN_KIND_PRODUCER;
            case "consumer" -> Span.SpanKind.SPAN_KIND_CONSUMER;
            case "internal" -> Span.SpanKind.SPAN_KIND_INTERNAL;
            default -> Span.SpanKind.SPAN_KIND_UNSPECIFIED;
        };
    }

    /** The Collector's order: {@code error=true} decides, then {@code otel.status_code}, then the HTTP status; tags used are removed. */
    private static Status status(Map<String, Object> tags, Span.SpanKind kind, List<LogData> logs) {
        if (Boolean.TRUE.equals(tags.get(ERROR))) {
            tags.remove(ERROR);
            tags.remove(STATUS_CODE);
            Object description = tags.remove(STATUS_DESCRIPTION);
            Object message = description != null ? description : tags.get(HTTP_STATUS_MESSAGE);
            // beyond the Collector: our instrumentation puts the exception's message on an "error" log
            return status(Status.StatusCode.STATUS_CODE_ERROR, message != null ? message : errorLogMessage(logs));
        }
        Object code = tags.remove(STATUS_CODE);
        if (code != null) {
            Status.StatusCode statusCode = switch (String.valueOf(code).toUpperCase(java.util.Locale.ROOT)) {
                case "OK" -> Status.StatusCode.STATUS_CODE_OK;
                case "ERROR" -> Status.StatusCode.STATUS_CODE_ERROR;
                default -> Status.StatusCode.STATUS_CODE_UNSET;
            };
            return status(statusCode, tags.remove(STATUS_DESCRIPTION));
        }
        Object httpStatus = tags.get(HTTP_STATUS_CODE);
        if (httpStatus != null) {
            Long http = httpStatus instanceof Number n ? Long.valueOf(n.longValue()) : parseLong(String.valueOf(httpStatus));
            if (http != null && isHttpError(http, kind)) {
                return status(Status.StatusCode.STATUS_CODE_ERROR, tags.get(HTTP_STATUS_MESSAGE));
            }
        }
        return null;
    }

    /** 5xx and anything outside 100..599 is an error; a 4xx only for a client (the server answered correctly). */
    private static boolean isHttpError(long code, Span.SpanKind kind) {
        if (code >= 400 && code < 500) {
            return kind != Span.SpanKind.SPAN_KIND_SERVER;
        }
        return code < 100 || code >= 500;
    }

    private static Status status(Status.StatusCode code, Object message) {
        Status.Builder status = Status.newBuilder().setCode(code);
        if (message != null) {
            status.setMessage(String.valueOf(message));
        }
        return status.build();
    }

    private static Object errorLogMessage(List<LogData> logs) {
        if (logs == null) {
            return null;
        }
        for (LogData log : logs) {
            Map<String, ?> fields = log.getFields();
            if (fields != null && ERROR.equals(fields.get(EVENT))) {
                Object message = fields.get("message");
                return message != null ? message : fields.get("error.object");
            }
        }
        return null;
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A log with a bare message becomes an event of that name, as jaeger-thrift sends it ({@code event=message}). */
    private static Span.Event event(LogData log) {
        Span.Event.Builder event = Span.Event.newBuilder().setTimeUnixNano(log.getTime() * 1000);
        Map<String, ?> fields = log.getFields();
        if (fields == null) {
            if (log.getMessage() != null) {
                event.setName(log.getMessage());
            }
            return event.build();
        }
        fields.forEach((key, value) -> {
            if (EVENT.equals(key)) {
                event.setName(String.valueOf(value));
            } else {
                event.addAttributes(attribute(key, value));
            }
        });
        return event.build();
    }

    private static Span.Link link(Reference reference) {
        JaegerSpanContext other = reference.getSpanContext();
        String type = References.CHILD_OF.equals(reference.getType()) ? "child_of" : "follows_from";
        return Span.Link.newBuilder()
                .setTraceId(traceId(other.getTraceIdHigh(), other.getTraceIdLow()))
                .setSpanId(spanId(other.getSpanId()))
                .addAttributes(attribute(REF_TYPE, type))
                .build();
    }

    /** Strings, booleans, whole and decimal numbers and bytes keep their type; anything else is sent as its string form. */
    static KeyValue attribute(String key, Object value) {
        AnyValue.Builder any = AnyValue.newBuilder();
        if (value instanceof String s) {
            any.setStringValue(s);
        } else if (value instanceof Boolean b) {
            any.setBoolValue(b);
        } else if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
            any.setDoubleValue(((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            any.setIntValue(n.longValue());
        } else if (value instanceof byte[] bytes) {
            any.setBytesValue(ByteString.copyFrom(bytes));
        } else {
            any.setStringValue(String.valueOf(value));
        }
        return KeyValue.newBuilder().setKey(key).setValue(any).build();
    }
}
