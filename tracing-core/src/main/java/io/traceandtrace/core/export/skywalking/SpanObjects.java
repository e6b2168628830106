package io.traceandtrace.core.export.skywalking;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.LogData;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.export.FinishedSpanTags;
import io.traceandtrace.core.skywalking.PeerAddress;
import io.traceandtrace.core.skywalking.SegmentRef;
import org.apache.skywalking.apm.network.common.v3.KeyStringValuePair;
import org.apache.skywalking.apm.network.language.agent.v3.Log;
import org.apache.skywalking.apm.network.language.agent.v3.RefType;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentReference;
import org.apache.skywalking.apm.network.language.agent.v3.SpanLayer;
import org.apache.skywalking.apm.network.language.agent.v3.SpanObject;
import org.apache.skywalking.apm.network.language.agent.v3.SpanType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A finished Jaeger span in SkyWalking's terms: type, layer, component id, peer, tags, logs, ms times. */
final class SpanObjects {

    /** Ids from SkyWalking's {@code component-libraries.yml}. */
    static final int UNKNOWN = 0;
    static final int SPRING_REST_TEMPLATE = 13;
    static final int SPRING_MVC = 14;
    static final int GRPC = 23;
    static final int SPRING_ANNOTATION = 93;
    static final int SPRING_WEBFLUX_WEBCLIENT = 99;

    /** Tags said in the span's own fields (type, component, peer, isError) rather than as tags. */
    private static final Set<String> FIELDS = Set.of(Tags.SPAN_KIND.getKey(), Tags.COMPONENT.getKey(),
            Tags.ERROR.getKey(), "peer.address", Tags.PEER_HOSTNAME.getKey(), Tags.PEER_PORT.getKey(),
            Tags.PEER_HOST_IPV4.getKey(), "sampler.type", "sampler.param");

    private SpanObjects() {
    }

    static SpanObject.Builder convert(JaegerSpan span, int spanId, int parentSpanId) {
        Map<String, Object> tags = FinishedSpanTags.of(span);
        SpanType type = type(tags.get(Tags.SPAN_KIND.getKey()));
        String component = tags.get(Tags.COMPONENT.getKey()) == null ? "" : tags.get(Tags.COMPONENT.getKey()).toString();
        long startMillis = span.getStart() / 1000;
        SpanObject.Builder out = SpanObject.newBuilder()
                .setSpanId(spanId)
                .setParentSpanId(parentSpanId)
                .setStartTime(startMillis)
                .setEndTime((span.getStart() + span.getDuration()) / 1000)
                .setOperationName(span.getOperationName() == null ? "" : span.getOperationName())
                .setSpanType(type)
                .setSpanLayer(layer(component, tags))
                .setComponentId(componentId(component, type))
                .setIsError(isError(tags.get(Tags.ERROR.getKey())));
        if (type == SpanType.Exit) {
            String peer = PeerAddress.of(tags);
            if (peer != null) {
                out.setPeer(peer);
            }
        }
        for (Map.Entry<String, Object> tag : tags.entrySet()) {
            if (!FIELDS.contains(tag.getKey()) && tag.getValue() != null) {
                out.addTags(pair(tagKey(tag.getKey()), tag.getValue()));
            }
        }
        List<LogData> logs = span.getLogs();
        if (logs != null) {
            for (LogData log : logs) {
                Log.Builder entry = Log.newBuilder().setTime(log.getTime() / 1000);
                if (log.getMessage() != null) {
                    entry.addData(pair("event", log.getMessage()));
                }
                if (log.getFields() != null) {
                    for (Map.Entry<String, ?> field : log.getFields().entrySet()) {
                        if (field.getValue() != null) {
                            entry.addData(pair(field.getKey(), field.getValue()));
                        }
                    }
                }
                out.addLogs(entry);
            }
        }
        return out;
    }

    static SegmentReference reference(SegmentRef ref) {
        return SegmentReference.newBuilder()
                .setRefType(ref.crossProcess() ? RefType.CrossProcess : RefType.CrossThread)
                .setTraceId(ref.traceId())
                .setParentTraceSegmentId(ref.parentSegmentId())
                .setParentSpanId(ref.parentSpanId())
                .setParentService(ref.parentService())
                .setParentServiceInstance(ref.parentInstance())
                .setParentEndpoint(ref.parentEndpoint())
                .setNetworkAddressUsedAtPeer(ref.networkAddressUsedAtPeer() == null ? "" : ref.networkAddressUsedAtPeer())
                .build();
    }

    static SpanType type(Object kind) {
        if (kind == null) {
            return SpanType.Local;
        }
        return switch (kind.toString()) {
            case Tags.SPAN_KIND_SERVER, Tags.SPAN_KIND_CONSUMER -> SpanType.Entry;
            case Tags.SPAN_KIND_CLIENT, Tags.SPAN_KIND_PRODUCER -> SpanType.Exit;
            default -> SpanType.Local;
        };
    }

    static SpanLayer layer(String component, Map<String, Object> tags) {
        String c = component.toLowerCase(Locale.ROOT);
        if (c.contains("grpc")) {
            return SpanLayer.RPCFramework;
        }
        if (c.contains("http") || c.contains("servlet") || c.contains("web") || tags.containsKey(Tags.HTTP_METHOD.getKey())) {
            return SpanLayer.Http;
        }
        return SpanLayer.Unknown;
    }

    static int componentId(String component, SpanType type) {
        String c = component.toLowerCase(Locale.ROOT);
        if (c.contains("grpc")) {
            return GRPC;
        }
        if (c.contains("webclient") || c.contains("webflux")) {
            return SPRING_WEBFLUX_WEBCLIENT;
        }
        if (c.contains("http-client") || c.contains("resttemplate") || c.contains("restclient")) {
            return SPRING_REST_TEMPLATE;
        }
        if (c.contains("servlet") || c.contains("mvc") || (c.contains("http") && type == SpanType.Entry)) {
            return SPRING_MVC;
        }
        if (c.equals("traced")) {
            return SPRING_ANNOTATION;
        }
        return UNKNOWN;
    }

    private static boolean isError(Object error) {
        return error instanceof Boolean b ? b : error != null && "true".equalsIgnoreCase(error.toString());
    }

    /** SkyWalking's own names for the tags its UI and OAP read. */
    private static String tagKey(String key) {
        return key.equals(Tags.HTTP_URL.getKey()) ? "url" : key;
    }

    private static KeyStringValuePair pair(String key, Object value) {
        return KeyStringValuePair.newBuilder().setKey(key).setValue(value.toString()).build();
    }
}
