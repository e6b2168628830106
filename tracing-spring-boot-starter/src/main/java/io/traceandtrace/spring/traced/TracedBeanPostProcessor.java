package io.traceandtrace.spring.traced;

import io.traceandtrace.core.Traced;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Proxies the beans that have {@link Traced} on their class or on a method, with
 * {@link TracedMethodInterceptor} around their calls: a cheap annotation check per bean class,
 * as Spring's own {@code @Async} support does.
 */
public class TracedBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    public TracedBeanPostProcessor(TracedMethodInterceptor interceptor, boolean proxyTargetClass) {
        Pointcut onClass = new AnnotationMatchingPointcut(Traced.class, true);
        Pointcut onMethod = new AnnotationMatchingPointcut(null, Traced.class, true);
        this.advisor = new DefaultPointcutAdvisor(new ComposablePointcut(onClass).union(onMethod), interceptor);
        setBeforeExistingAdvisors(true);
        setProxyTargetClass(proxyTargetClass);
    }
}
