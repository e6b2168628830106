package io.traceandtrace.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method, or every method of a class, to be run inside a span of its own (MicroProfile
 * OpenTracing's semantics): the annotation on a method wins over the one on its class, and
 * {@code @Traced(false)} switches tracing off for that method or class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Traced {

    /** Whether to trace; {@code false} switches tracing off. */
    boolean value() default true;

    /** The span's operation name; empty means {@code SimpleClassName.method}. */
    String operationName() default "";
}
