package io.traceandtrace.spring.traced;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.Traced;
import io.traceandtrace.spring.ErrorLogs;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A span around each call of a {@link Traced} method (or of any method of a {@link Traced} class):
 * the method's annotation wins over its class's, {@code @Traced(false)} switches it off; a
 * {@link CompletionStage} result finishes the span when it completes. Exceptions are recorded and
 * rethrown unchanged.
 */
@Aspect
public class TracedAspect {

    static final String COMPONENT = "traced";

    private final Tracer tracer;
    // resolved once per method and target class: an inherited method is named after each subclass
    private final ConcurrentMap<Key, Resolved> cache = new ConcurrentHashMap<>();

    public TracedAspect(Tracer tracer) {
        this.tracer = tracer;
    }

    private record Key(Method method, Class<?> target) {
    }

    private record Resolved(boolean traced, String operationName, String className, String methodName) {
    }

    @Around("@annotation(io.traceandtrace.core.Traced) || @within(io.traceandtrace.core.Traced)")
    public Object trace(ProceedingJoinPoint call) throws Throwable {
        Class<?> target = call.getTarget() != null ? AopUtils.getTargetClass(call.getTarget())
                : call.getSignature().getDeclaringType();
        Method method = AopUtils.getMostSpecificMethod(((MethodSignature) call.getSignature()).getMethod(), target);
        Resolved resolved = cache.computeIfAbsent(new Key(method, target), k -> resolve(k.method(), k.target()));
        if (!resolved.traced()) {
            return call.proceed();
        }
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
