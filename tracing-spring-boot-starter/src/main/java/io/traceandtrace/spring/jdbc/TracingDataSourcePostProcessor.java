package io.traceandtrace.spring.jdbc;

import io.micrometer.observation.ObservationRegistry;
import io.traceandtrace.spring.TracingProperties;
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

    private final ObjectProvider<ObservationRegistry> registry;
    private final ObjectProvider<TracingProperties> properties;
    private volatile GuardedListener listener;
    private volatile boolean resultSets;

    TracingDataSourcePostProcessor(ObjectProvider<ObservationRegistry> registry, ObjectProvider<TracingProperties> properties) {
        this.registry = registry;
        this.properties = properties;
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
        // resolved at the first JDBC call: the registry's own dependencies may need a DataSource
        DataSourceObservationListener observations = new DataSourceObservationListener(new LazyRegistry(registry));
        observations.setQueryObservationConvention(new JdbcSpanConventions.Query(settings.isIncludeLiterals()));
        observations.setConnectionObservationConvention(new JdbcSpanConventions.Connection());
        observations.setResultSetObservationConvention(new JdbcSpanConventions.ResultSet());
        observations.setIncludeParameterValues(settings.isIncludeParameters());
        observations.setSupportedTypes(types(settings.getSpans()));
        observations.setIncludeResultSetOperations(false);
        resultSets = settings.getSpans().contains(JdbcSpan.RESULT_SET);
        return new GuardedListener(observations);
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

    private static final class LazyRegistry implements Supplier<ObservationRegistry> {

        private final ObjectProvider<ObservationRegistry> provider;
        private volatile ObservationRegistry registry;

        LazyRegistry(ObjectProvider<ObservationRegistry> provider) {
            this.provider = provider;
        }

        @Override
        public ObservationRegistry get() {
            ObservationRegistry resolved = registry;
            if (resolved == null) {
                resolved = provider.getIfAvailable(() -> ObservationRegistry.NOOP);
                registry = resolved;
            }
            return resolved;
        }
    }
}
