package io.traceandtrace.spring.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Takes the README's screenshot (or one of the list) from a running app, with the browser set-up of the tests; runs only when asked:
 * {@code -Dscreenshot.url=http://localhost:8080/traces?traceId=...&spanId=... -Dscreenshot.file=... [-Dscreenshot.size=1280x560]}.
 */
@EnabledIfSystemProperty(named = "screenshot.url", matches = ".+")
class WaterfallScreenshot {

    @Test
    void saveTheWaterfall() throws Exception {
        Browser.assertInstalled();
        String[] size = System.getProperty("screenshot.size", "1280x560").split("x");
        try (Browser browser = Browser.open()) {
            browser.driver().manage().window().setSize(new Dimension(Integer.parseInt(size[0]), Integer.parseInt(size[1])));
            browser.driver().get(System.getProperty("screenshot.url"));
            browser.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#rows .row, #traces tbody tr")));
            if (System.getProperty("screenshot.url").contains("spanId=")) {
                browser.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
            }
            browser.screenshot(Path.of(System.getProperty("screenshot.file", "target/waterfall.png")));
        }
    }
}
