package io.traceandtrace.spring.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingProperties;
import io.traceandtrace.spring.observation.TracingObservationAutoConfiguration;
import io.traceandtrace.spring.observation.TracingObservationHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * A span for every Redis command sent through Boot's Lettuce client: Spring Boot 3 does not wire Lettuce's
 * {@link MicrometerTracing}, so this does, into the registry our observation handler is in. The span is a
 * child of the caller's span (or Observation), tagged {@code db.system=redis} and the command's name;
 * argument values are left out unless {@code tracing.redis.record-arguments} is set.
 */
@AutoConfiguration(after = TracingObservationAutoConfiguration.class,
        afterName = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
        beforeName = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration")
@ConditionalOnTracing
@ConditionalOnClass({ClientResources.class, MicrometerTracing.class, ClientResourcesBuilderCustomizer.class, ObservationRegistry.class})
@ConditionalOnBean({ObservationRegistry.class, TracingObservationHandler.class})
@ConditionalOnProperty(prefix = "tracing.redis", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingRedisAutoConfiguration {

    /** The remote service name of a command span ({@code peer.service}). */
    static final String REMOTE_SERVICE = "redis";

    @Bean
    @ConditionalOnMissingBean(name = "tracingRedisClientResources")
    ClientResourcesBuilderCustomizer tracingRedisClientResources(ObservationRegistry registry, Tracer tracer,
                                                                 TracingProperties properties) {
        registry.observationConfig().observationFilter(new RedisErrorObservationFilter());
        MicrometerTracing observations = new MicrometerTracing(registry, REMOTE_SERVICE,
                properties.getRedis().isRecordArguments());
        LettuceTracing tracing = new LettuceTracing(observations, tracer, registry);
        return builder -> builder.tracing(tracing);
    }
}
