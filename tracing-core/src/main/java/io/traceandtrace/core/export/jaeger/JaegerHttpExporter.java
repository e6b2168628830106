package io.traceandtrace.core.export.jaeger;

import io.traceandtrace.core.export.ExportException;
import io.traceandtrace.core.export.HttpTransport;
import org.apache.thrift.protocol.TBinaryProtocol;

import java.net.URI;
import java.util.List;

/** Spans to a Jaeger collector: a binary Thrift {@code Batch} per POST to {@code /api/traces?format=jaeger.thrift}. */
public final class JaegerHttpExporter extends ThriftExporter {

    /** The body size jaeger-client's own HTTP sender keeps to. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int ENVELOPE_BYTES = 8 * 1024;

    private final HttpTransport transport;

    public JaegerHttpExporter(HttpTransport.Builder transport) {
        super(new TBinaryProtocol.Factory());
        this.transport = transport.build();
    }

    /** The endpoint with {@code format=jaeger.thrift}, as the collector wants it. */
    public static URI endpoint(String endpoint) {
        URI uri = URI.create(endpoint);
        if (uri.getRawQuery() != null && uri.getRawQuery().contains("format=")) {
            return uri;
        }
        return URI.create(endpoint + (uri.getRawQuery() == null ? "?" : "&") + "format=jaeger.thrift");
    }

    public static String contentType() {
        return "application/x-thrift";
    }

    @Override
    public int maxMessageBytes() {
        return MAX_BODY_BYTES - ENVELOPE_BYTES;
    }

    @Override
    public void export(List<byte[]> spans) throws ExportException {
        transport.post(messages.batch(spans));
    }

    @Override
    public String describe() {
        return transport.describe();
    }

    @Override
    public void close() {
        transport.close();
    }
}
