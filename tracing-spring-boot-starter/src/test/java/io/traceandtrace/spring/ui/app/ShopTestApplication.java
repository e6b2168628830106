package io.traceandtrace.spring.ui.app;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A shop whose checkout makes a small trace: server span > reserve > db.query, and > charge (a client span). */
@SpringBootApplication
public class ShopTestApplication {

    public static final String STATEMENT = "select * from stock where item = ?";

    @RestController
    static class CheckoutController {

        private final Tracer tracer;

        CheckoutController(Tracer tracer) {
            this.tracer = tracer;
        }

        @GetMapping("/checkout")
        ResponseEntity<String> checkout(@RequestParam String item) throws InterruptedException {
            Span reserve = tracer.buildSpan("reserve").withTag("item", item).start();
            try (Scope ignored = tracer.activateSpan(reserve)) {
                Span query = tracer.buildSpan("db.query").withTag("db.statement", STATEMENT).start();
                Thread.sleep(3);
                query.finish();
            } finally {
                reserve.finish();
            }
            Span charge = tracer.buildSpan("charge").withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT).start();
            Thread.sleep(2);
            boolean broken = item.equals("broken");
            if (broken) {
                Tags.ERROR.set(charge, true);
            }
            charge.finish();
            return broken ? ResponseEntity.status(502).body("payment failed") : ResponseEntity.ok("bought " + item);
        }
    }
}
