package io.traceandtrace.spring.redis;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A web app keeping shopping carts in Redis through Spring Data Redis's StringRedisTemplate (Lettuce). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RedisApp.CartController.class)
class RedisApp {

    @RestController
    static class CartController {

        private final StringRedisTemplate redis;

        CartController(StringRedisTemplate redis) {
            this.redis = redis;
        }

        @GetMapping("/carts/{id}")
        String cart(@PathVariable String id) {
            redis.opsForValue().set("cart:" + id, "book");
            return "cart " + id + " holds " + redis.opsForValue().get("cart:" + id);
        }

        /** INCR on a value that is not a number: Redis answers with an error. */
        @GetMapping("/carts/{id}/count")
        String count(@PathVariable String id) {
            redis.opsForValue().set("cart:" + id, "book");
            try {
                return "count " + redis.opsForValue().increment("cart:" + id);
            } catch (RuntimeException e) {
                return e.getClass().getName() + " <- " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
            }
        }
    }
}
