package io.traceandtrace.sample;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /hello?name=X}: a greeting for X, recorded in the database and made by the app's own gRPC service. */
@RestController
public class HelloController {

    private final GreetingService greetings;
    private final GreetingLog log;

    public HelloController(GreetingService greetings, GreetingLog log) {
        this.greetings = greetings;
        this.log = log;
    }

    @GetMapping("/hello")
    public String hello(@RequestParam(defaultValue = "world") String name) {
        log.record(name);
        return greetings.greet(name);
    }

    /** The Greeter refused the name: the caller's mistake, a 400 with the reason. */
    @ExceptionHandler(StatusRuntimeException.class)
    public ResponseEntity<String> refused(StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
            throw e;
        }
        return ResponseEntity.badRequest().body(e.getStatus().getDescription());
    }
}
