package io.traceandtrace.spring.traced;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.Traced;
import io.traceandtrace.spring.ErrorLogs;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A span around each call of a {@link Traced} method (or of any method of a {@link Traced} class):
 * the method's annotation wins over its class's, {@code @Traced(false)} switches it off; a
 * {@link CompletionStage} result finishes the span when it completes. Exceptions are recorded and
 * rethrown unchanged. Plain Spring AOP, as for {@code @Async}: no AspectJ weaver, no pointcut
 * expressions matched against every bean at start-up.
 */
public class TracedMethodInterceptor implements MethodInterceptor {

    static final String COMPONENT = "traced";

    private final ObjectProvider<Tracer> tracerProvider;
    private volatile Tracer tracer;
    // per target class, then per invoked method: an inherited method is named after each subclass, and a
    // call allocates nothing to look its answer up
    private final ClassValue<ConcurrentMap<Method, Resolved>> cache = new ClassValue<>() {
        @Override
        protected ConcurrentMap<Method, Resolved> computeValue(Class<?> target) {
            return new ConcurrentHashMap<>();
        }
    };

    /** The tracer is looked up at the first call: the interceptor is made before any ordinary bean. */
    public TracedMethodInterceptor(ObjectProvider<Tracer> tracer) {
        this.tracerProvider = tracer;
    }

    private Tracer tracer() {
        Tracer t = tracer;
        if (t == null) {
            t = tracerProvider.getObject();
            tracer = t;
        }
        return t;
    }

    private record Resolved(boolean traced, String operationName, String className, String methodName) {
    }

    @Override
    public Object invoke(MethodInvocation call) throws Throwable {
        Class<?> target = call.getThis() != null ? AopUtils.getTargetClass(call.getThis())
                : call.getMethod().getDeclaringClass();
        ConcurrentMap<Method, Resolved> forTarget = cache.get(target);
        Resolved resolved = forTarget.get(call.getMethod());
        if (resolved == null) {
            resolved = forTarget.computeIfAbsent(call.getMethod(),
                    invoked -> resolve(AopUtils.getMostSpecificMethod(invoked, target), target));
        }
        if (!resolved.traced()) {
            return call.proceed();
        }
        Tracer tracer = tracer();
        Span span = tracer.buildSpan(resolved.operationName())
                .withTag(Tags.COMPONENT, COMPONENT)
                .withTag("class", resolved.className())
                .withTag("method", resolved.methodName())
                .start();
        Object result;
        try (Scope ignored = tracer.activateSpan(span)) {
            result = call.proceed();
        } catch (Throwable e) {
            ErrorLogs.logError(span, e);
            span.finish();
            throw e;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    ErrorLogs.logError(span, unwrap(error));
                }
                span.finish();
            });
        } else {
            span.finish();
        }
        return result;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    static Resolved resolve(Method method, Class<?> target) {
        Traced onMethod = AnnotatedElementUtils.findMergedAnnotation(method, Traced.class);
        Traced onClass = AnnotatedElementUtils.findMergedAnnotation(target, Traced.class);
        Traced effective = onMethod != null ? onMethod : onClass;
        boolean traced = effective != null && effective.value();
        String name = effective != null && !effective.operationName().isEmpty()
                ? effective.operationName()
                : target.getSimpleName() + "." + method.getName();
        return new Resolved(traced, name, target.getName(), method.getName());
    }
}
