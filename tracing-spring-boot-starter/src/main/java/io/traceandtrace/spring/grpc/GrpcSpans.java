package io.traceandtrace.spring.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentracing.Span;
import io.opentracing.tag.Tags;
import io.traceandtrace.spring.ErrorLogs;

import java.util.Map;
import java.util.Set;

/** What the server and client interceptors share: names, tags and the status at the end of a call. */
final class GrpcSpans {

    static final String COMPONENT = "grpc";
    static final String STATUS_TAG = "grpc.status_code";
    static final Map<String, ?> RECEIVED = Map.of("event", "message received");
    static final Map<String, ?> SENT = Map.of("event", "message sent");

    private GrpcSpans() {
    }

    static String operationName(MethodDescriptor<?, ?> method) {
        return method.getFullMethodName();
    }

    static boolean skipped(MethodDescriptor<?, ?> method, Set<String> skipServices) {
        return skipServices.contains(method.getServiceName());
    }

    /** Messages are logged on streaming calls only: a unary call's one message tells nothing. */
    static boolean logsMessages(MethodDescriptor<?, ?> method, boolean logMessages) {
        return logMessages && method.getType() != MethodDescriptor.MethodType.UNARY;
    }

    static void tagMethod(Span span, MethodDescriptor<?, ?> method) {
        span.setTag("rpc.system", "grpc");
        span.setTag("rpc.service", String.valueOf(method.getServiceName()));
        span.setTag("rpc.method", String.valueOf(method.getBareMethodName()));
    }

    static void tagStatus(Span span, Status status) {
        span.setTag(STATUS_TAG, status.getCode().name());
        if (!status.isOk()) {
            Tags.ERROR.set(span, true);
            if (status.getCause() != null) {
                ErrorLogs.logError(span, status.getCause());
            } else {
                span.log(Map.of("event", "error", "message",
                        status.getCode().name() + (status.getDescription() != null ? ": " + status.getDescription() : "")));
            }
        }
    }
}
