package io.traceandtrace.spring.ui;

import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.spring.TracingProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The trace page on the actuator's management server, with {@code tracing.ui.management-server=true}:
 * on {@code management.server.port} when it differs from the application's, else beside the application.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnProperty(prefix = "tracing", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "tracing.ui", name = {"enabled", "management-server"}, havingValue = "true")
class TracingUiManagementContextConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "tracePageRoutes")
    RouterFunction<ServerResponse> tracePageRoutes(TracingProperties properties, RecentTraces recentTraces) {
        return new TracePage(properties.getUi().getPath(), recentTraces).routes();
    }
}
