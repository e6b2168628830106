package io.traceandtrace.spring.messaging;

import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A producer service's {@code GET /send?payload=...}: sends the payload, answers the trace id of the request. */
@RestController
public class SendEndpoint {

    /** Sends one payload through the broker, failing if the broker does not take it. */
    public interface Sender {
        void send(String payload) throws Exception;
    }

    private final Sender sender;

    public SendEndpoint(Sender sender) {
        this.sender = sender;
    }

    @GetMapping("/send")
    String send(@RequestParam String payload) throws Exception {
        sender.send(payload);
        return MDC.get("traceId");
    }
}
