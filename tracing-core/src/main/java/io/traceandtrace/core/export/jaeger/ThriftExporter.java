package io.traceandtrace.core.export.jaeger;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.SpanExporter;
import org.apache.thrift.protocol.TProtocolFactory;

/** What both Jaeger exporters share: a span is its Thrift bytes, and adds exactly those to a message. */
abstract class ThriftExporter implements SpanExporter<byte[]> {

    final ThriftMessages messages;

    ThriftExporter(TProtocolFactory protocol) {
        this.messages = new ThriftMessages(protocol);
    }

    @Override
    public byte[] encode(JaegerSpan span) {
        return messages.encode(span);
    }

    @Override
    public int sizeInMessage(byte[] encoded) {
        return encoded.length;
    }
}
