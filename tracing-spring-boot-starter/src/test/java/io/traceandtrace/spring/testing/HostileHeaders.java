package io.traceandtrace.spring.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Malformed, truncated, oversized and hostile trace headers in every format, from a seeded random source. */
public final class HostileHeaders {

    private static final String VALID_TRACE = "463ac35c9f6413ad48485a3953bb6124";
    private static final String VALID_SPAN = "a2fb4a1d1a96d312";
    private static final String[] NAMES = {"uber-trace-id", "traceparent", "tracestate", "b3", "x-b3-traceid",
            "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "uberctx-user", "uberctx-",
            "baggage", "jaeger-debug-id", "jaeger-baggage"};
    private static final String[] VALID = {
            VALID_TRACE + ":" + VALID_SPAN + ":0:1",
            "00-" + VALID_TRACE + "-" + VALID_SPAN + "-01",
            VALID_TRACE + "-" + VALID_SPAN + "-1",
    };

    /** SkyWalking's sw8 (sample-b64(trace)-b64(segment)-span-b64(service)-b64(instance)-b64(endpoint)-b64(peer)) and sw8-correlation, valid, for the damage below. */
    private static final String[] VALID_SW8 = {
            "1-NDYzYWMzNWM5ZjY0MTNhZDQ4NDg1YTM5NTNiYjYxMjQ=-c2VnLTE=-3-c3Zj-aW5zdEBo-L29yZGVycw==-aG9zdDo4MA==",
            "dGVuYW50:Ymx1ZQ==,a2V5:dmFs",
    };

    private final Random random;
    // a stream of its own, so the other formats' sequence is the same as before sw8 was added
    private final Random sw8Random;

    public HostileHeaders(long seed) {
        this.random = new Random(seed);
        this.sw8Random = new Random(~seed);
    }

    /** Header name/value pairs for one request: 1 to 6 of them. */
    public List<String[]> next() {
        List<String[]> headers = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            headers.add(new String[]{NAMES[random.nextInt(NAMES.length)], value(random, VALID)});
        }
        if (sw8Random.nextInt(3) == 0) {
            headers.add(new String[]{sw8Random.nextBoolean() ? "sw8" : "sw8-correlation", value(sw8Random, VALID_SW8)});
        }
        return headers;
    }

    private String value(Random random, String[] validValues) {
        String valid = validValues[random.nextInt(validValues.length)];
        return switch (random.nextInt(9)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length())); // truncated
            case 1 -> valid.replace(valid.charAt(random.nextInt(valid.length())), 'z'); // not hex
            case 2 -> printable(random, 1 + random.nextInt(3000)); // oversized junk
            case 3 -> valid + "-" + printable(random, random.nextInt(40)); // trailing junk
            case 4 -> ":::" + printable(random, random.nextInt(10));
            case 5 -> "ff-" + VALID_TRACE + "-" + VALID_SPAN + "-ff"; // forbidden version
            case 6 -> "0000000000000000:0000000000000000:0:1"; // all-zero ids
            case 7 -> "%" + printable(random, random.nextInt(20)) + "%zz"; // bad URL encoding
            default -> "-".repeat(random.nextInt(200));
        };
    }

    private static String printable(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return out.toString();
    }
}
