package io.traceandtrace.core.export.zipkin;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.ExportException;
import io.traceandtrace.core.export.HttpTransport;
import io.traceandtrace.core.export.SpanExporter;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.BytesMessageEncoder;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.SpanBytesEncoder;

import java.util.List;

/**
 * Spans to Zipkin's {@code POST /api/v2/spans}: converted as jaeger-zipkin does ({@link ZipkinSpans}),
 * encoded by zipkin2's encoders as JSON v2 or proto3 (smaller, and cheaper to encode and to read), one list per POST.
 */
public final class ZipkinExporter implements SpanExporter<byte[]> {

    /** What zipkin-reporter's HTTP senders put in one message. */
    public static final int MAX_BODY_BYTES = 500_000;

    private final Encoding encoding;
    private final BytesEncoder<zipkin2.Span> spanEncoder;
    private final BytesMessageEncoder messageEncoder;
    private final HttpTransport transport;
    private final ZipkinSpans spans = new ZipkinSpans();

    public ZipkinExporter(Encoding encoding, HttpTransport.Builder transport) {
        this.encoding = encoding;
        this.spanEncoder = SpanBytesEncoder.forEncoding(encoding);
        this.messageEncoder = BytesMessageEncoder.forEncoding(encoding);
        this.transport = transport.build();
    }

    /** The {@code Content-Type} of a message in this encoding. */
    public static String contentType(Encoding encoding) {
        return encoding.mediaType();
    }

    @Override
    public byte[] encode(JaegerSpan span) {
        return spanEncoder.encode(spans.convert(span));
    }

    @Override
    public int sizeInMessage(byte[] encoded) {
        // JSON adds a comma between spans; a proto3 span is already a list entry
        return encoding == Encoding.JSON ? encoded.length + 1 : encoded.length;
    }

    @Override
    public int maxMessageBytes() {
        return MAX_BODY_BYTES - 2;
    }

    @Override
    public void export(List<byte[]> spans) throws ExportException {
        transport.post(messageEncoder.encode(spans));
    }

    @Override
    public String describe() {
        return transport.describe() + " (" + encoding.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public void close() {
        transport.close();
    }
}
