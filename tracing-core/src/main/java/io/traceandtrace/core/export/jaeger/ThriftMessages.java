package io.traceandtrace.core.export.jaeger;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.thrift.internal.reporters.protocols.JaegerThriftSpanConverter;
import io.jaegertracing.thriftjava.Process;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TTransportException;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Jaeger's Thrift structures in one protocol (compact for the agent, binary for the collector),
 * written by libthrift: each span is converted by jaeger-thrift and encoded once, on its own; a
 * message is the {@code Batch} (or the agent's {@code emitBatch} call) around the already encoded
 * spans, which is what the protocol would write for the whole batch.
 */
final class ThriftMessages {

    private static final TStruct EMIT_BATCH_ARGS = new TStruct("emitBatch_args");
    private static final TField BATCH_FIELD = new TField("batch", TType.STRUCT, (short) 1);
    private static final TStruct BATCH = new TStruct("Batch");
    private static final TField PROCESS_FIELD = new TField("process", TType.STRUCT, (short) 1);
    private static final TField SPANS_FIELD = new TField("spans", TType.LIST, (short) 2);

    private final TProtocolFactory protocol;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024); // the export thread's only
    private final TProtocol writer;
    private volatile Process process;
    private int sequence;

    ThriftMessages(TProtocolFactory protocol) {
        this.protocol = protocol;
        try {
            this.writer = protocol.getProtocol(new TIOStreamTransport(buffer));
        } catch (TTransportException e) {
            throw new IllegalStateException("Cannot create a Thrift protocol", e);
        }
    }

    private static final int JAEGER_FLAGS = 0x0F;

    /** One span in the protocol, standalone. */
    byte[] encode(JaegerSpan span) {
        if (process == null) {
            process = process(span.getTracer());
        }
        io.jaegertracing.thriftjava.Span thrift = JaegerThriftSpanConverter.convertSpan(span);
        // Jaeger's own flags only (sampled, debug, firehose): the higher bits are this project's own marks
        thrift.setFlags(thrift.getFlags() & JAEGER_FLAGS);
        return write(thrift);
    }

    /** The process of the tracer the spans came from, known once the first span was encoded. */
    Process process() {
        return process;
    }

    private static Process process(JaegerTracer tracer) {
        return new Process(tracer.getServiceName()).setTags(JaegerThriftSpanConverter.buildTags(tracer.tags()));
    }

    private byte[] write(TBase<?, ?> struct) {
        buffer.reset();
        try {
            struct.write(writer);
        } catch (TException e) {
            throw new IllegalStateException("Cannot encode " + struct.getClass().getSimpleName() + ": " + e, e);
        }
        return buffer.toByteArray();
    }

    /** A bare {@code Batch}: what the collector's HTTP endpoint takes. */
    byte[] batch(List<byte[]> spans) {
        buffer.reset();
        try {
            writeBatch(spans);
        } catch (TException e) {
            throw new IllegalStateException("Cannot encode a batch: " + e, e);
        }
        return buffer.toByteArray();
    }

    /** A one-way {@code Agent.emitBatch} call: what the agent's UDP port takes, one per datagram. */
    byte[] emitBatch(List<byte[]> spans) {
        buffer.reset();
        try {
            writer.writeMessageBegin(new TMessage("emitBatch", TMessageType.ONEWAY, ++sequence));
            writer.writeStructBegin(EMIT_BATCH_ARGS);
            writer.writeFieldBegin(BATCH_FIELD);
            writeBatch(spans);
            writer.writeFieldEnd();
            writer.writeFieldStop();
            writer.writeStructEnd();
            writer.writeMessageEnd();
        } catch (TException e) {
            throw new IllegalStateException("Cannot encode a batch: " + e, e);
        }
        return buffer.toByteArray();
    }

    private void writeBatch(List<byte[]> spans) throws TException {
        writer.writeStructBegin(BATCH);
        writer.writeFieldBegin(PROCESS_FIELD);
        process.write(writer);
        writer.writeFieldEnd();
        writer.writeFieldBegin(SPANS_FIELD);
        writer.writeListBegin(new TList(TType.STRUCT, spans.size()));
        for (byte[] span : spans) {
            buffer.write(span, 0, span.length); // a struct encoded alone is the same bytes as inside the list
        }
        writer.writeListEnd();
        writer.writeFieldEnd();
        writer.writeFieldStop();
        writer.writeStructEnd();
    }

}
