package io.traceandtrace.spring.ui;

import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.core.recent.TraceQuery;
import io.traceandtrace.core.recent.TraceSummary;
import io.traceandtrace.spring.ui.app.ShopTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace page in a real browser (headless Chromium), over a real app whose spans go to a
 * reporter that keeps nothing ({@code none}): the list with its filters, the waterfall of a trace
 * (rows, order, nesting, bars, a span's tags), a 1,000-span trace, the dropped-logs marker.
 */
@SpringBootTest(classes = ShopTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.ui.enabled=true", "tracing.reporter.type=none", "tracing.sampler.type=const",
                "tracing.sampler.param=1", "grpc.server.port=-1", "spring.application.name=shop"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Browser.Installed.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracePageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HOSTILE = "<img src=x onerror=window.hacked=1>";

    @LocalServerPort
    int port;

    @Autowired
    Tracer tracer;

    @Autowired
    RecentTraces recentTraces;

    private Browser browser;
    private ChromeDriver driver;
    private String bulkTraceId;
    private String bookTraceId;

    @BeforeAll
    void makeTracesAndOpenTheBrowser() throws Exception {
        Browser.assertInstalled();
        long now = System.currentTimeMillis() * 1000;
        bulkTraceId = bulkTrace(now - 10_000_000);
        get("/checkout?item=book");
        get("/checkout?item=broken");
        Span hostile = tracer.buildSpan(HOSTILE).withTag("note", "<script>window.hacked=2</script>").start();
        hostile.finish();
        await().atMost(WAIT).until(() -> recentTraces.find(TraceQuery.newest()).heldTraces() == 4);
        bookTraceId = recentTraces.find(new TraceQuery(20, "item=book", false, null)).traces().get(0).traceId();
        browser = Browser.open();
        driver = browser.driver();
    }

    /** bulk import (2 s) > 9 batches > 110 rows each: 1,000 spans; one row logs 150 times (100 kept). */
    private String bulkTrace(long start) {
        Span root = tracer.buildSpan("bulk import").withStartTimestamp(start).start();
        for (int b = 0; b < 9; b++) {
            long batchStart = start + 10_000 + b * 220_000L;
            Span batch = tracer.buildSpan("batch " + b).asChildOf(root).withStartTimestamp(batchStart).start();
            for (int r = 0; r < 110; r++) {
                long rowStart = batchStart + 1_000 + r * 1_900L;
                Span row = tracer.buildSpan("row " + b + "." + r).asChildOf(batch).withStartTimestamp(rowStart).start();
                if (b == 0 && r == 5) {
                    for (int i = 0; i < 150; i++) {
                        row.log(rowStart + i, "line " + i);
                    }
                }
                row.finish(rowStart + 1_500);
            }
            batch.finish(batchStart + 215_000);
        }
        root.finish(start + 2_000_000);
        return root.context().toTraceId();
    }

    @AfterAll
    void closeTheBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<WebElement> listRows(int expected) {
        browser.waitUpTo(WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#traces tbody tr"), expected));
        return driver.findElements(By.cssSelector("#traces tbody tr"));
    }

    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td." + column)).getText();
    }

    @Test
    @Order(1)
    void theListShowsTheRecentTracesNewestFirst() {
        driver.get(url("/traces"));
        List<WebElement> rows = listRows(4);
        assertThat(rows).extracting(row -> cell(row, "operation"))
                .containsExactly(HOSTILE, "GET /checkout", "GET /checkout", "bulk import");
        assertThat(rows).extracting(row -> cell(row, "spans")).containsExactly("1", "4", "4", "1000");
        assertThat(cell(rows.get(1), "errors")).isEqualTo("✖ 2");
        assertThat(cell(rows.get(2), "errors")).isEmpty();
        assertThat(cell(rows.get(3), "duration")).isEqualTo("2.00 s");
        assertThat(cell(rows.get(2), "service")).isEqualTo("shop");
        assertThat(driver.findElement(By.id("status")).getText()).contains("4 shown of 4 traces held (1009 spans)");
        assertThat(driver.executeScript("return window.hacked === undefined")).as("data is text, never markup").isEqualTo(true);
    }

    @Test
    @Order(2)
    void filtersNarrowTheList() {
        driver.get(url("/traces"));
        listRows(4);
        WebElement q = driver.findElement(By.id("q"));
        q.sendKeys("item=BROKEN");
        driver.findElement(By.id("refresh")).click();
        assertThat(listRows(1)).extracting(row -> cell(row, "errors")).containsExactly("✖ 2");
        assertThat(driver.getCurrentUrl()).endsWith("/traces?q=item%3DBROKEN");

        q.clear();
        driver.findElement(By.id("errors")).click(); // reloads on change
        assertThat(listRows(1)).extracting(row -> cell(row, "operation")).containsExactly("GET /checkout");

        driver.findElement(By.id("errors")).click();
        listRows(4);
        driver.findElement(By.id("min-duration")).sendKeys("1000");
        driver.findElement(By.id("refresh")).click();
        assertThat(listRows(1)).extracting(row -> cell(row, "operation")).containsExactly("bulk import");

        // the filters live in the address, so a reload keeps them
        driver.navigate().refresh();
        assertThat(listRows(1)).extracting(row -> cell(row, "operation")).containsExactly("bulk import");
        assertThat(driver.findElement(By.id("min-duration")).getDomProperty("value")).isEqualTo("1000");
    }

    @Test
    @Order(3)
    void aTraceIsAWaterfallOfNestedRowsAndASelectedSpanShowsItsTags() throws Exception {
        driver.get(url("/traces"));
        List<WebElement> rows = listRows(4);
        rows.get(2).findElement(By.cssSelector("td.operation a")).click();
        browser.waitUpTo(WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#rows .row"), 4));
        assertThat(driver.getCurrentUrl()).endsWith("/traces?traceId=" + bookTraceId);

        List<WebElement> spans = driver.findElements(By.cssSelector("#rows .row"));
        assertThat(spans).extracting(row -> row.findElement(By.className("op")).getText())
                .containsExactly("GET /checkout", "reserve", "db.query", "charge");
        assertThat(spans).extracting(row -> row.getDomAttribute("data-depth")).containsExactly("0", "1", "2", "1");
        assertThat(spans).extracting(row -> indent(row)).satisfies(indents -> {
            assertThat(indents.get(1)).isGreaterThan(indents.get(0));
            assertThat(indents.get(2)).isGreaterThan(indents.get(1));
            assertThat(indents.get(3)).isEqualTo(indents.get(1));
        });
        // bars follow the times: the root spans the whole lane, charge starts after db.query ends
        assertThat(barLeft(spans.get(0))).isEqualTo(0.0);
        assertThat(barWidth(spans.get(0))).isEqualTo(100.0);
        assertThat(barLeft(spans.get(3))).isGreaterThan(barLeft(spans.get(2)) + barWidth(spans.get(2)) - 0.01);
        assertThat(spans.get(3).findElement(By.className("bar")).getDomAttribute("class")).contains("kind-client");
        assertThat(spans.get(0).findElement(By.className("bar")).getDomAttribute("class")).contains("kind-server");
        assertThat(spans).extracting(row -> row.getDomAttribute("class").contains("error")).containsOnly(false);

        spans.get(2).click();
        WebElement detail = driver.findElement(By.id("detail"));
        browser.waitUpTo(WAIT).until(ExpectedConditions.visibilityOf(detail));
        assertThat(detail.findElement(By.tagName("h2")).getText()).isEqualTo("db.query");
        assertThat(tag(detail, "db.statement")).isEqualTo(ShopTestApplication.STATEMENT);
        assertThat(spans.get(2).getDomAttribute("class")).contains("selected");

        spans.get(1).click();
        browser.waitUpTo(WAIT).until(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "reserve"));
        assertThat(tag(driver.findElement(By.id("detail")), "item")).isEqualTo("book");
        browser.screenshot(Path.of("target", "waterfall-test.png"));
    }

    @Test
    @Order(4)
    void errorsAreHighlighted() {
        String brokenId = recentTraces.find(new TraceQuery(20, null, true, null)).traces().get(0).traceId();
        driver.get(url("/traces?traceId=" + brokenId));
        browser.waitUpTo(WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#rows .row"), 4));
        List<WebElement> errors = driver.findElements(By.cssSelector("#rows .row.error"));
        assertThat(errors).extracting(row -> row.findElement(By.className("op")).getText())
                .containsExactly("GET /checkout", "charge");
        assertThat(errors.get(1).findElement(By.className("err-mark")).getText()).isEqualTo("!");
        assertThat(errors.get(1).findElement(By.className("bar")).getDomAttribute("class")).contains("error");
    }

    @Test
    @Order(5)
    void aThousandSpanTraceRendersAndTheDroppedLogsMarkerShowsAsSuch() {
        long started = System.nanoTime();
        driver.get(url("/traces?traceId=" + bulkTraceId));
        browser.waitUpTo(WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#rows .row"), 1000));
        System.out.printf("1,000-span waterfall: page load to 1,000 rows in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        @SuppressWarnings("unchecked")
        List<List<String>> firstRows = (List<List<String>>) driver.executeScript(
                "return [...document.querySelectorAll('#rows .row')].slice(0, 4)"
                        + ".map(r => [r.querySelector('.op').textContent, r.dataset.depth]);");
        assertThat(firstRows).containsExactly(List.of("bulk import", "0"), List.of("batch 0", "1"),
                List.of("row 0.0", "2"), List.of("row 0.1", "2"));
        assertThat(driver.findElement(By.cssSelector("#rows .row:last-child .op")).getText()).isEqualTo("row 8.109");

        // the page still answers: select a row by keyboard-free click and read its logs
        WebElement chatty = driver.findElement(By.xpath("//div[@id='rows']/div[.//span[@class='op' and text()='row 0.5']]"));
        chatty.click();
        browser.waitUpTo(WAIT).until(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "row 0.5"));
        WebElement marker = driver.findElement(By.cssSelector("#detail li.dropped"));
        assertThat(marker.getText()).contains("51 logs dropped here");
        assertThat(driver.findElements(By.cssSelector("#detail li.log"))).hasSize(99);
        assertThat(driver.getCurrentUrl()).contains("spanId=");
    }

    @Test
    @Order(6)
    void anUnknownTraceSaysItIsNotHeld() {
        driver.get(url("/traces?traceId=0123456789abcdef"));
        browser.waitUpTo(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-meta"), "not held"));
    }

    @Test
    @Order(7)
    void thePagesOwnRequestsAreNotTraced() {
        List<TraceSummary> all = recentTraces.find(new TraceQuery(100, null, false, null)).traces();
        assertThat(all).hasSize(4);
        assertThat(recentTraces.find(new TraceQuery(100, "/traces", false, null)).traces()).isEmpty();
    }

    private static int indent(WebElement row) {
        return Integer.parseInt(row.findElement(By.className("label")).getCssValue("padding-left").replace("px", ""));
    }

    private static double barLeft(WebElement row) {
        return percent(row, "left");
    }

    private static double barWidth(WebElement row) {
        return percent(row, "width");
    }

    private static double percent(WebElement row, String property) {
        String style = row.findElement(By.className("bar")).getDomAttribute("style");
        for (String declaration : style.split(";")) {
            String[] parts = declaration.split(":");
            if (parts[0].strip().equals(property)) {
                return Double.parseDouble(parts[1].strip().replace("%", ""));
            }
        }
        throw new AssertionError(property + " not in " + style);
    }

    private static String tag(WebElement detail, String key) {
        for (WebElement row : detail.findElements(By.cssSelector("table tr"))) {
            if (row.findElement(By.className("key")).getText().equals(key)) {
                return row.findElement(By.className("value")).getText();
            }
        }
        throw new AssertionError("no tag " + key + " in " + detail.getText());
    }
}
