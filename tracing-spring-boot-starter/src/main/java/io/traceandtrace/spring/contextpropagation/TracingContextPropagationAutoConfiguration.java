package io.traceandtrace.spring.contextpropagation;

import io.micrometer.context.ContextRegistry;
import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Registers our active span with io.micrometer:context-propagation's global {@link ContextRegistry}
 * ({@link ActiveSpanAccessor}), so Reactor with automatic context propagation
 * ({@code spring.reactor.context-propagation=auto}) and {@code ContextSnapshot}-wrapped executors
 * carry it across threads.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(ContextRegistry.class)
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.context-propagation", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingContextPropagationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ActiveSpanRegistration tracingActiveSpanRegistration(Tracer tracer) {
        return new ActiveSpanRegistration(tracer);
    }

    /** Serves the tracer through the accessor while the application context is open. */
    static final class ActiveSpanRegistration implements AutoCloseable {

        private final AutoCloseable attached;

        ActiveSpanRegistration(Tracer tracer) {
            ContextRegistry.getInstance().registerThreadLocalAccessor(ActiveSpanAccessor.INSTANCE);
            this.attached = ActiveSpanAccessor.attach(tracer);
        }

        @Override
        public void close() throws Exception {
            attached.close();
        }
    }
}
