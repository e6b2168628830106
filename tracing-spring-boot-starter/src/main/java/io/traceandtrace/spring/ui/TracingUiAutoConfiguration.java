package io.traceandtrace.spring.ui;

import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.TracingProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The trace page on the application's server, when {@code tracing.ui.enabled=true}; with
 * {@code tracing.ui.management-server=true} it moves to the management server instead
 * ({@link TracingUiManagementContextConfiguration}).
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnProperty(prefix = "tracing", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "tracing.ui", name = "enabled", havingValue = "true")
@ConditionalOnProperty(prefix = "tracing.ui", name = "management-server", havingValue = "false", matchIfMissing = true)
@ConditionalOnBean(RecentTraces.class)
public class TracingUiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "tracePageRoutes")
    public RouterFunction<ServerResponse> tracePageRoutes(TracingProperties properties, RecentTraces recentTraces) {
        return new TracePage(properties.getUi().getPath(), recentTraces).routes();
    }
}
