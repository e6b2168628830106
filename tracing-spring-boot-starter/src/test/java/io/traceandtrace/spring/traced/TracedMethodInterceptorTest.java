package io.traceandtrace.spring.traced;

import io.jaegertracing.internal.JaegerSpan;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.Traced;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** @Traced in an application without a web server. */
class TracedMethodInterceptorTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracedAutoConfiguration.class,
                    AopAutoConfiguration.class))
            .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1")
            .withBean(Inventory.class)
            .withBean(Quiet.class);

    @Traced
    static class Inventory {
        public int count(String sku) {
            return sku.length();
        }

        @Traced(operationName = "inventory.reserve")
        public void reserve() {
        }

        @Traced(false)
        public void heartbeat() {
        }

        public void broken() throws IOException {
            throw new IOException("disk gone");
        }

        public CompletionStage<String> later(CompletableFuture<String> result) {
            return result;
        }
    }

    static class Quiet {
        @Traced
        public void marked() {
        }

        public void unmarked() {
        }
    }

    @Test
    void classAndMethodAnnotationsDecideNamesAndSwitches() {
        runner.run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            Quiet quiet = context.getBean(Quiet.class);
            assertThat(inventory.count("abc")).isEqualTo(3);
            inventory.reserve();
            inventory.heartbeat();
            quiet.marked();
            quiet.unmarked();
            List<JaegerSpan> spans = Spans.awaitCount(context.getBean(CapturingExporter.class), 3);
            assertThat(spans).extracting(JaegerSpan::getOperationName)
                    .containsExactly("Inventory.count", "inventory.reserve", "Quiet.marked");
            assertThat(spans.get(0).getTags()).containsEntry("class", Inventory.class.getName())
                    .containsEntry("method", "count").containsEntry("component", "traced");
        });
    }

    @Test
    void spansAreChildrenOfTheActiveSpan() {
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            Span parent = tracer.buildSpan("job").start();
            try (Scope ignored = tracer.activateSpan(parent)) {
                context.getBean(Inventory.class).count("x");
            }
            parent.finish();
            List<JaegerSpan> spans = Spans.awaitCount(context.getBean(CapturingExporter.class), 2);
            assertThat(Spans.isChildOf(Spans.named(spans, "Inventory.count"), Spans.named(spans, "job"))).isTrue();
        });
    }

    @Test
    void exceptionsAreRecordedAndRethrownUnchanged() {
        runner.run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            assertThatThrownBy(inventory::broken).isExactlyInstanceOf(IOException.class).hasMessage("disk gone");
            JaegerSpan span = Spans.awaitCount(context.getBean(CapturingExporter.class), 1).get(0);
            assertThat(span.getTags()).containsEntry("error", true);
            assertThat(Spans.logs(span)).anySatisfy(log -> assertThat(log.get("error.kind")).isEqualTo(IOException.class.getName()));
        });
    }

    @Test
    void aCompletionStageFinishesTheSpanWhenItCompletes() {
        runner.run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            CompletableFuture<String> ok = new CompletableFuture<>();
            inventory.later(ok);
            assertThat(reporter.spans()).isEmpty();
            Thread.sleep(30);
            ok.complete("v");
            JaegerSpan done = Spans.awaitCount(reporter, 1).get(0);
            assertThat(done.getDuration()).isGreaterThanOrEqualTo(29_000);

            CompletableFuture<String> failed = new CompletableFuture<>();
            inventory.later(failed);
            failed.completeExceptionally(new IllegalArgumentException("bad sku"));
            assertThat(Spans.awaitCount(reporter, 2).get(1).getTags()).containsEntry("error", true);
        });
    }

    /** A traced method inherited by two beans. */
    static class Warehouse {
        @Traced
        public String stock() {
            return getClass().getSimpleName();
        }
    }

    static class NorthWarehouse extends Warehouse {
    }

    static class SouthWarehouse extends Warehouse {
    }

    @Test
    void anInheritedMethodIsNamedAfterTheClassItWasCalledOn() {
        runner.withBean(NorthWarehouse.class).withBean(SouthWarehouse.class).run(context -> {
            context.getBean(NorthWarehouse.class).stock();
            context.getBean(SouthWarehouse.class).stock();
            context.getBean(NorthWarehouse.class).stock();
            List<JaegerSpan> spans = Spans.awaitCount(context.getBean(CapturingExporter.class), 3);
            assertThat(spans).extracting(JaegerSpan::getOperationName)
                    .containsExactly("NorthWarehouse.stock", "SouthWarehouse.stock", "NorthWarehouse.stock");
            assertThat(spans).extracting(s -> s.getTags().get("class"))
                    .containsExactly(NorthWarehouse.class.getName(), SouthWarehouse.class.getName(), NorthWarehouse.class.getName());
        });
    }

    public interface Catalog {
        String find(String sku);
    }

    @Traced
    static class JdbcCatalog implements Catalog {
        @Override
        public String find(String sku) {
            return "item " + sku;
        }
    }

    @Test
    void theApplicationChoosesTheProxyKind() {
        runner.withBean(JdbcCatalog.class).withPropertyValues("spring.aop.proxy-target-class=false").run(context -> {
            Catalog catalog = context.getBean(Catalog.class);
            assertThat(org.springframework.aop.support.AopUtils.isJdkDynamicProxy(catalog))
                    .as("an interface-based proxy, as spring.aop.proxy-target-class=false asks").isTrue();
            assertThat(catalog.find("7")).isEqualTo("item 7");
            assertThat(Spans.awaitCount(context.getBean(CapturingExporter.class), 1)).extracting(JaegerSpan::getOperationName)
                    .containsExactly("JdbcCatalog.find");
        });
        runner.withBean(JdbcCatalog.class).run(context ->
                assertThat(org.springframework.aop.support.AopUtils.isCglibProxy(context.getBean(Catalog.class)))
                        .as("Spring Boot's default: class proxies").isTrue());
    }

    /** One call of {@code method} on {@code target}, made again and again without a proxy. */
    private record Call(Object target, java.lang.reflect.Method method) implements org.aopalliance.intercept.MethodInvocation {
        @Override
        public java.lang.reflect.Method getMethod() {
            return method;
        }

        @Override
        public Object[] getArguments() {
            return new Object[0];
        }

        @Override
        public Object proceed() {
            return null;
        }

        @Override
        public Object getThis() {
            return target;
        }

        @Override
        public java.lang.reflect.AccessibleObject getStaticPart() {
            return method;
        }
    }

    @Test
    void findingWhetherAMethodIsTracedAllocatesNothingPerCall() throws Throwable {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        TracedMethodInterceptor interceptor = new TracedMethodInterceptor(null); // an untraced method never asks for the tracer
        Call heartbeat = new Call(new Inventory(), Inventory.class.getMethod("heartbeat"));
        for (int i = 0; i < 50_000; i++) {
            interceptor.invoke(heartbeat);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int calls = 200_000;
        for (int i = 0; i < calls; i++) {
            interceptor.invoke(heartbeat);
        }
        long perCall = (threads.getThreadAllocatedBytes(thread) - before) / calls;
        assertThat(perCall).as("bytes allocated per call").isZero();
    }
}
