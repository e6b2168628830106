package io.traceandtrace.spring.jdbc;

import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingProperties;
import io.traceandtrace.spring.observation.TracingObservationAutoConfiguration;
import io.traceandtrace.spring.observation.TracingObservationHandler;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;

/**
 * JDBC spans for every {@code DataSource} bean: connection and query observations from
 * datasource-micrometer, made spans by {@link io.traceandtrace.spring.observation.TracingObservationHandler}.
 * Steps aside when datasource-micrometer-spring-boot is present: it wraps the data sources itself and its
 * observations reach our handler just the same.
 */
@AutoConfiguration(after = TracingObservationAutoConfiguration.class)
@ConditionalOnTracing
@ConditionalOnClass({ObservationRegistry.class, DataSourceObservationListener.class, ProxyDataSourceBuilder.class})
@ConditionalOnMissingClass("net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration")
@ConditionalOnBooleanProperty(name = "tracing.observations.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "tracing.jdbc.enabled", matchIfMissing = true)
public class TracingJdbcAutoConfiguration {

    @Bean
    static BeanPostProcessor tracingDataSourcePostProcessor(ObjectProvider<ObservationRegistry> registry,
                                                            ObjectProvider<TracingObservationHandler> handler,
                                                            ObjectProvider<ObservationPredicate> predicates,
                                                            ObjectProvider<ObservationFilter> filters,
                                                            ObjectProvider<GlobalObservationConvention<?>> conventions,
                                                            ObjectProvider<Tracer> tracer,
                                                            ObjectProvider<TracingProperties> properties) {
        return new TracingDataSourcePostProcessor(
                new TracingDataSourcePostProcessor.ObservationBeans(registry, handler, predicates, filters, conventions),
                tracer, properties);
    }
}
