package io.traceandtrace.spring.propagation.app;

import io.grpc.stub.StreamObserver;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoReply;
import io.traceandtrace.spring.grpc.echo.EchoRequest;
import net.devh.boot.grpc.client.inject.GrpcClient;
import net.devh.boot.grpc.server.service.GrpcService;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A service in the middle: what comes in over HTTP or gRPC goes on to a peer over HTTP or gRPC,
 * so the propagation tests see both what the starter reads and what it writes.
 */
@SpringBootApplication
public class PropagationTestApplication {

    @RestController
    public static class Forward {

        private final RestTemplate restTemplate;
        private final RestClient restClient;
        private final WebClient webClient;

        @GrpcClient("peer")
        private EchoGrpc.EchoBlockingStub peer;

        Forward(RestTemplateBuilder restTemplates, RestClient.Builder restClients, WebClient.Builder webClients) {
            this.restTemplate = restTemplates.build();
            this.restClient = restClients.build();
            this.webClient = webClients.build();
        }

        /** Calls {@code to} with the client named by {@code via}. */
        @GetMapping("/forward")
        public String forward(@RequestParam String to, @RequestParam(defaultValue = "rest-template") String via) {
            return switch (via) {
                case "rest-client" -> restClient.get().uri(to).retrieve().body(String.class);
                case "web-client" -> webClient.get().uri(to).retrieve().bodyToMono(String.class).block();
                default -> restTemplate.getForObject(to, String.class);
            };
        }

        /** Calls the gRPC peer. */
        @GetMapping("/forward/grpc")
        public String forwardGrpc() {
            return peer.unary(EchoRequest.newBuilder().setText("from http").build()).getText();
        }
    }

    /** Passes a gRPC call on to the gRPC peer. */
    @GrpcService
    public static class Relay extends EchoGrpc.EchoImplBase {

        @GrpcClient("peer")
        private EchoGrpc.EchoBlockingStub peer;

        @Override
        public void unary(EchoRequest request, StreamObserver<EchoReply> out) {
            out.onNext(peer.unary(request));
            out.onCompleted();
        }
    }
}
