package io.traceandtrace.spring.jdbc;

import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Tracer;
import io.traceandtrace.spring.TracingProperties;
import io.traceandtrace.spring.observation.TracingObservationHandler;
import net.ttddyy.dsproxy.proxy.GlobalConnectionIdManager;
import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import net.ttddyy.observation.tracing.JdbcObservationDocumentation;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import javax.sql.DataSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Wraps each {@link DataSource} bean in datasource-proxy, with datasource-micrometer's listener turning
 * connections and statements into observations, which our observation handler makes spans. A data
 * source that is already such a proxy is left as it is, so nothing is traced twice.
 */
final class TracingDataSourcePostProcessor implements BeanPostProcessor {

    private final ObservationBeans observations;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<TracingProperties> properties;
    private volatile GuardedListener listener;
    private volatile boolean resultSets;

    TracingDataSourcePostProcessor(ObservationBeans observations, ObjectProvider<Tracer> tracer,
                                   ObjectProvider<TracingProperties> properties) {
        this.observations = observations;
        this.tracer = tracer;
        this.properties = properties;
    }

    /**
     * What the JDBC observations' registry is made of: the application's registry, or (tracing.jdbc.metrics off)
     * one of their own with only the tracing handler and the application's observation predicates, filters and
     * global conventions, so that {@code management.observations.enable.jdbc=false} and
     * {@code management.observations.key-values.*} still apply. What that leaves out is Actuator's meter handler: a
     * long-task timer started, a timer recorded and an event counter incremented, each found by its tags, for every
     * connection and statement, and any other handler registered in the application's registry (measured on the
     * sample app, a connection and an insert a request: 328 to 294 us of CPU a request, pinned, same run).
     */
    record ObservationBeans(ObjectProvider<ObservationRegistry> application,
                            ObjectProvider<TracingObservationHandler> handler,
                            ObjectProvider<ObservationPredicate> predicates,
                            ObjectProvider<ObservationFilter> filters,
                            ObjectProvider<GlobalObservationConvention<?>> conventions) {

        ObservationRegistry registry(boolean metrics) {
            TracingObservationHandler tracing = metrics ? null : handler.getIfAvailable();
            if (tracing == null) {
                return application.getIfAvailable(() -> ObservationRegistry.NOOP);
            }
            ObservationRegistry own = ObservationRegistry.create();
            ObservationRegistry.ObservationConfig config = own.observationConfig();
            predicates.orderedStream().forEach(config::observationPredicate);
            filters.orderedStream().forEach(config::observationFilter);
            conventions.orderedStream().forEach(config::observationConvention);
            config.observationHandler(tracing);
            return own;
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource) || bean instanceof ProxyDataSource || bean instanceof ProxyJdbcObject
                || ScopedProxyUtils.isScopedTarget(beanName)) {
            return bean;
        }
        ProxyDataSourceBuilder builder = ProxyDataSourceBuilder.create(beanName, dataSource)
                .listener(listener())
                .methodListener(listener())
                // one listener sees the connections of every data source: ids must not repeat across them
                .connectionIdManager(new GlobalConnectionIdManager());
        if (resultSets) {
            builder.proxyResultSet();
        }
        return builder.build();
    }

    private GuardedListener listener() {
        GuardedListener guarded = listener;
        if (guarded == null) {
            synchronized (this) {
                if (listener == null) {
                    listener = create(properties.getObject().getJdbc());
                }
                guarded = listener;
            }
        }
        return guarded;
    }

    private GuardedListener create(TracingProperties.Jdbc settings) {
        DataSourceObservationListener dataSourceListener = new DataSourceObservationListener(new LazyRegistry(
                () -> observations.registry(settings.isMetrics()), settings.isStartTraces() ? null : tracer));
        dataSourceListener.setQueryObservationConvention(new JdbcSpanConventions.Query(settings.isIncludeLiterals()));
        dataSourceListener.setConnectionObservationConvention(new JdbcSpanConventions.Connection());
        dataSourceListener.setResultSetObservationConvention(new JdbcSpanConventions.ResultSet());
        dataSourceListener.setIncludeParameterValues(settings.isIncludeParameters());
        dataSourceListener.setSupportedTypes(types(settings.getSpans()));
        dataSourceListener.setIncludeResultSetOperations(false);
        resultSets = settings.getSpans().contains(JdbcSpan.RESULT_SET);
        return new GuardedListener(dataSourceListener);
    }

    private static Set<JdbcObservationDocumentation> types(List<JdbcSpan> spans) {
        Set<JdbcObservationDocumentation> types = EnumSet.noneOf(JdbcObservationDocumentation.class);
        for (JdbcSpan span : spans) {
            types.add(switch (span) {
                case CONNECTION -> JdbcObservationDocumentation.CONNECTION;
                case QUERY -> JdbcObservationDocumentation.QUERY;
                case RESULT_SET -> JdbcObservationDocumentation.RESULT_SET;
            });
        }
        return types;
    }

    /**
     * The registry, resolved at the first JDBC call (the registry's own dependencies may need a DataSource);
     * with a tracer given, a no-op one outside any trace, so start-up scripts, pool housekeeping and health
     * probes make no traces of their own.
     */
    private static final class LazyRegistry implements Supplier<ObservationRegistry> {

        private final Supplier<ObservationRegistry> provider;
        private final ObjectProvider<Tracer> tracerProvider;
        private volatile ObservationRegistry registry;
        private volatile Tracer tracer;

        LazyRegistry(Supplier<ObservationRegistry> provider, ObjectProvider<Tracer> tracerProvider) {
            this.provider = provider;
            this.tracerProvider = tracerProvider;
        }

        @Override
        public ObservationRegistry get() {
            ObservationRegistry resolved = registry;
            if (resolved == null) {
                synchronized (this) {
                    if (registry == null) {
                        tracer = tracerProvider == null ? null : tracerProvider.getIfAvailable();
                        registry = provider.get();
                    }
                    resolved = registry;
                }
            }
            Tracer gate = tracer;
            if (gate != null && gate.activeSpan() == null) {
                return ObservationRegistry.NOOP;
            }
            return resolved;
        }
    }
}
