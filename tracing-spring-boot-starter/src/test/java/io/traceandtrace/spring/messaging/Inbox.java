package io.traceandtrace.spring.messaging;

import org.awaitility.Awaitility;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What a test listener received: each payload with the trace id in the MDC while the listener ran. */
public final class Inbox {

    private final Map<String, String> traceIds = new ConcurrentHashMap<>();

    /** Records the payload; throws for a payload starting "fail", as a listener that fails. */
    public void receive(String payload) {
        String traceId = MDC.get("traceId");
        traceIds.put(payload, traceId != null ? traceId : "none");
        if (payload.startsWith("fail")) {
            throw new IllegalStateException("cannot process " + payload);
        }
    }

    /** The trace id the listener saw for the payload, waiting for it to arrive. */
    public String await(String payload) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> traceIds.get(payload), id -> id != null);
    }
}
