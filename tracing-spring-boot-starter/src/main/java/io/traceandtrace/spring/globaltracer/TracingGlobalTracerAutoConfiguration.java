package io.traceandtrace.spring.globaltracer;

import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Our tracer as OpenTracing's {@link GlobalTracer} ({@code GlobalTracer.registerIfAbsent}), so
 * opentracing-contrib instrumentations that read it join the application's traces; a GlobalTracer
 * the application registered before start-up is kept.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(GlobalTracer.class)
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.global-tracer", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingGlobalTracerAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TracingGlobalTracerAutoConfiguration.class);

    // whether the GlobalTracer is ours: registerIfAbsent cannot tell a second caller
    private static boolean ours;

    @Bean
    @ConditionalOnMissingBean
    GlobalTracerRegistration tracingGlobalTracerRegistration(Tracer tracer) {
        synchronized (TracingGlobalTracerAutoConfiguration.class) {
            if (!ours && GlobalTracer.registerIfAbsent(ForwardingTracer.INSTANCE)) {
                ours = true;
            } else if (!ours) {
                log.info("io.opentracing.util.GlobalTracer was registered by the application before start-up; it is kept, "
                        + "so instrumentations reading it do not report to this tracer: {}", GlobalTracer.get());
            }
            return new GlobalTracerRegistration(ours ? ForwardingTracer.INSTANCE.attach(tracer) : () -> {
            });
        }
    }

    /** Keeps the tracer behind the GlobalTracer while the application context is open. */
    record GlobalTracerRegistration(AutoCloseable attached) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            attached.close();
        }
    }
}
