package io.traceandtrace.core.export.zipkin;

import com.google.gson.Gson;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.LogData;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.export.FinishedSpanTags;
import zipkin2.Endpoint;
import zipkin2.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A finished Jaeger span as a {@link zipkin2.Span}, the same span jaeger-zipkin's converter makes,
 * for less: the span's tags are read from one copy (jaeger's {@code getTags()} copies the map on
 * every call, and the converter called it four times), the ids go in as numbers rather than hex
 * strings parsed back, and what depends only on the tracer (the local endpoint, the
 * {@code tracer.*} tags of root and server spans) is built once per tracer. Safe to use from
 * any thread.
 */
final class ZipkinSpans {

    private static final Gson GSON = new Gson();

    /** What depends on the tracer only, built once for it. */
    private record TracerParts(JaegerTracer tracer, Endpoint localEndpoint, List<String[]> tags) {
    }

    private volatile TracerParts parts; // of the last tracer seen

    Span convert(JaegerSpan span) {
        TracerParts fixed = parts;
        if (fixed == null || fixed.tracer() != span.getTracer()) {
            fixed = partsOf(span.getTracer());
            parts = fixed;
        }
        Map<String, Object> tags = FinishedSpanTags.of(span);
        JaegerSpanContext context = span.context();
        Object kind = tags.get(Tags.SPAN_KIND.getKey());
        Span.Builder zipkin = Span.newBuilder()
                .traceId(context.getTraceIdHigh(), context.getTraceIdLow())
                .id(context.getSpanId())
                .parentId(context.getParentId())
                .name(span.getOperationName())
                .debug(context.isDebug())
                .localEndpoint(fixed.localEndpoint())
                .remoteEndpoint(peer(tags))
                .kind(kind(kind))
                .timestamp(span.getStart())
                .duration(span.getDuration());
        List<LogData> logs = span.getLogs();
        if (logs != null) {
            for (LogData log : logs) {
                if (log.getMessage() != null) {
                    zipkin.addAnnotation(log.getTime(), log.getMessage());
                } else if (log.getFields() != null) {
                    zipkin.addAnnotation(log.getTime(), GSON.toJson(log.getFields()));
                }
            }
        }
        if (span.getReferences().isEmpty() || "server".equals(kind)) {
            for (String[] tag : fixed.tags()) {
                zipkin.putTag(tag[0], tag[1]);
            }
        }
        for (Map.Entry<String, Object> tag : tags.entrySet()) {
            zipkin.putTag(tag.getKey(), String.valueOf(tag.getValue()));
        }
        return zipkin.build();
    }

    private static TracerParts partsOf(JaegerTracer spanTracer) {
        Endpoint.Builder local = Endpoint.newBuilder().serviceName(spanTracer.getServiceName());
        int ipv4 = spanTracer.getIpv4();
        if (ipv4 != 0) {
            local.parseIp(new byte[] {(byte) (ipv4 >> 24), (byte) (ipv4 >> 16), (byte) (ipv4 >> 8), (byte) ipv4});
        }
        List<String[]> tags = new ArrayList<>();
        for (Map.Entry<String, ?> tag : spanTracer.tags().entrySet()) {
            if (!"ip".equals(tag.getKey())) {
                tags.add(new String[] {"tracer." + tag.getKey(), String.valueOf(tag.getValue())});
            }
        }
        return new TracerParts(spanTracer, local.build(), List.copyOf(tags));
    }

    private static Endpoint peer(Map<String, Object> tags) {
        Object ip = tags.get(Tags.PEER_HOST_IPV4.getKey());
        Object port = tags.get(Tags.PEER_PORT.getKey());
        Object service = tags.get(Tags.PEER_SERVICE.getKey());
        if (ip == null && port == null && service == null) {
            return null;
        }
        Endpoint.Builder peer = Endpoint.newBuilder();
        if (ip instanceof String address) {
            peer.ip(address);
        }
        if (port instanceof Number number) {
            peer.port(number.intValue());
        }
        if (service instanceof String name) {
            peer.serviceName(name);
        }
        return peer.build();
    }

    private static Span.Kind kind(Object kind) {
        if (!(kind instanceof String name)) {
            return null;
        }
        return switch (name) {
            case "server" -> Span.Kind.SERVER;
            case "client" -> Span.Kind.CLIENT;
            case "consumer" -> Span.Kind.CONSUMER;
            case "producer" -> Span.Kind.PRODUCER;
            default -> null;
        };
    }
}
