package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W3C Baggage: the {@code baggage} header as OpenTracing baggage items, values percent-encoded
 * UTF-8. Every {@code baggage} header is read in order; a member that does not parse is dropped
 * alone, a repeated key keeps its first value, properties ({@code ;k=v}) are not kept (OpenTracing
 * baggage has no place for them). Written within {@link MultiFormatCodec#MAX_BAGGAGE_ITEMS} members
 * and {@link MultiFormatCodec#MAX_BAGGAGE_CHARS} characters, whole members only.
 *
 * <p>Extraction yields a context with baggage and no trace, which {@link MultiFormatCodec} joins
 * to the trace another header carries.
 */
final class W3cBaggageCodec implements Codec<TextMap>, HeaderGate {

    private static final Logger log = LoggerFactory.getLogger(W3cBaggageCodec.class);

    static final String BAGGAGE = "baggage";

    @Override
    public void inject(JaegerSpanContext context, TextMap carrier) {
        if (context.baggageCount() == 0) {
            return;
        }
        StringBuilder header = new StringBuilder();
        int members = 0;
        for (Map.Entry<String, String> item : context.baggageItems()) {
            String key = item.getKey();
            if (item.getValue() == null || !isToken(key) || members == MultiFormatCodec.MAX_BAGGAGE_ITEMS) {
                continue;
            }
            String member = key + '=' + encode(item.getValue());
            int length = header.length() + (header.isEmpty() ? 0 : 1) + member.length();
            if (length > MultiFormatCodec.MAX_BAGGAGE_CHARS) {
                continue;
            }
            if (!header.isEmpty()) {
                header.append(',');
            }
            header.append(member);
            members++;
        }
        if (!header.isEmpty()) {
            carrier.put(BAGGAGE, header.toString());
        }
    }

    @Override
    public int kind(String name) {
        return name.equals(BAGGAGE) ? EXTRA : NONE;
    }

    @Override
    public JaegerSpanContext extract(TextMap carrier) {
        Map<String, String> baggage = null;
        for (Map.Entry<String, String> entry : carrier) {
            if (BAGGAGE.equalsIgnoreCase(entry.getKey()) && entry.getValue() != null) {
                if (baggage == null) {
                    baggage = new LinkedHashMap<>();
                }
                parse(entry.getValue(), baggage);
            }
        }
        if (baggage == null || baggage.isEmpty()) {
            return null;
        }
        return new JaegerSpanContext(0, 0, 0, 0, (byte) 0).withBaggage(baggage);
    }

    /** Adds the members of one {@code baggage} header to {@code into}; the first value of a key wins. */
    static void parse(String header, Map<String, String> into) {
        int start = 0;
        while (start <= header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            String member = header.substring(start, end);
            start = end + 1;
            int semicolon = member.indexOf(';');
            String pair = semicolon < 0 ? member : member.substring(0, semicolon);
            int eq = pair.indexOf('=');
            if (eq < 0) {
                if (!TraceState.stripOws(pair).isEmpty()) {
                    log.debug("Ignoring a baggage member without '=' ({} characters)", member.length());
                }
                continue;
            }
            String key = TraceState.stripOws(pair.substring(0, eq));
            String value = TraceState.stripOws(pair.substring(eq + 1));
            String decoded = isToken(key) && isValue(value) ? decode(value) : null;
            if (decoded == null) {
                log.debug("Ignoring a baggage member the specification rejects ({} characters)", member.length());
                continue;
            }
            into.putIfAbsent(key, decoded);
        }
    }

    /** RFC 7230's token: the characters a baggage key may have. */
    static boolean isToken(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** baggage-octets only: printable ASCII but space, '"', ',', ';' and '\'. */
    private static boolean isValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Percent-encoded UTF-8 with {@code %20} for a space (URLEncoder's '+' would read back as '+'). */
    static String encode(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '*';
            if (!unreserved) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return value; // most values need no escape: skip URLEncoder's buffers
    }

    /** The decoded value, or null for a broken escape; a '+' stays a '+'. */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "W3cBaggageCodec";
    }
}
