package io.traceandtrace.core.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs one encoded message to a collector over the JDK's HTTP client and says how it went in the
 * pipeline's terms: 2xx sent; refused, reset, timed out, 429, 502, 503, 504 worth retrying (with
 * the server's {@code Retry-After}); any other status rejected for good, with the start of the
 * server's answer. Shared by every HTTP exporter so they classify failures alike. Reads at most
 * {@link #MAX_ANSWER_BYTES} of an answer; {@link #close()} lets go of the client's connections and thread.
 */
public final class HttpTransport implements AutoCloseable {

    private static final int ERROR_BODY_CHARS = 200;
    /** The most of a collector's answer read: enough for an OTLP partial success or an error text. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    // HttpClient.shutdownNow() exists from Java 21; on 17 the client ends once it is no longer referenced
    private static final Method SHUTDOWN_NOW = shutdownNow();

    private volatile HttpClient client;
    private final URI endpoint;
    private final String contentType;
    private final Duration requestTimeout;
    private final Map<String, String> headers;
    private final boolean gzip;
    private final String description;

    private HttpTransport(Builder b) {
        this.endpoint = b.endpoint;
        this.contentType = b.contentType;
        this.requestTimeout = b.requestTimeout;
        this.headers = Map.copyOf(b.headers);
        this.gzip = b.gzip;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.description = SafeUrl.of(endpoint.toString());
    }

    public static Builder to(URI endpoint, String contentType) {
        return new Builder(endpoint, contentType);
    }

    public String describe() {
        return description;
    }

    /** Sends {@code body}; on 2xx returns the server's answer (OTLP reports rejected spans in a 200's body). */
    public byte[] post(byte[] body) throws ExportException {
        byte[] payload = gzip ? gzip(body) : body;
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        headers.forEach(request::header);
        HttpClient http = client;
        if (http == null) {
            throw ExportException.permanentFailure("the transport to " + description + " is closed", null);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), info -> new LimitedBody(MAX_ANSWER_BYTES));
        } catch (HttpTimeoutException e) {
            throw ExportException.transientFailure(description + " did not answer within " + requestTimeout.toMillis()
                    + " ms", e, null);
        } catch (IOException e) {
            throw ExportException.transientFailure("cannot reach " + description + ": " + e, e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExportException.transientFailure("interrupted while sending to " + description, e, null);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        String answer = description + " answered " + status + ": "
                + abbreviate(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            throw ExportException.transientFailure(answer, null,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        throw ExportException.permanentFailure(answer + hint(status), null);
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> " (check the credentials: tracing.reporter.auth-token, user/password or headers)";
            case 404, 405 -> " (check tracing.reporter.endpoint: is this the collector's span path?)";
            case 413 -> " (the message is too large for the collector)";
            case 415 -> " (the collector does not take this content type)";
            default -> "";
        };
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.toSeconds()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                // capped like the seconds form: a date far ahead would overflow the backoff's nanoseconds
                return until.isNegative() ? Duration.ZERO : until.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : until;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    /** Lets go of the HTTP client: its connections and selector thread end; later posts fail. */
    @Override
    public void close() {
        HttpClient http = client;
        client = null;
        if (http != null && SHUTDOWN_NOW != null) {
            try {
                SHUTDOWN_NOW.invoke(http);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the client is released all the same once it is collected
            }
        }
    }

    private static Method shutdownNow() {
        try {
            return HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException java17) {
            return null;
        }
    }

    /** Keeps at most {@code limit} bytes of an answer, then stops reading it (the connection is closed). */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[Math.min(buffer.remaining(), limit - kept.size())];
                buffer.get(chunk);
                kept.write(chunk, 0, chunk.length);
            }
            if (kept.size() >= limit) {
                subscription.cancel();
                body.complete(kept.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(kept.toByteArray());
        }
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= ERROR_BODY_CHARS ? oneLine : oneLine.substring(0, ERROR_BODY_CHARS) + "...";
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e); // not on a byte array
        }
        return out.toByteArray();
    }

    /** Timeouts, headers and compression of an {@link HttpTransport}. */
    public static final class Builder {
        private final URI endpoint;
        private final String contentType;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean gzip;

        private Builder(URI endpoint, String contentType) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.contentType = Objects.requireNonNull(contentType, "contentType");
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How long one request may take, connecting included. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder headers(Map<String, String> more) {
            headers.putAll(more);
            return this;
        }

        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        public HttpTransport build() {
            return new HttpTransport(this);
        }
    }
}
