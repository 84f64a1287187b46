package io.sensuspush.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in real headless Chromium (Debian's chromium and chromedriver): the numbers it shows match
 * {@code /api/status}, both charts are drawn by the vendored uPlot, and a screenshot lands in
 * {@code target/status-page.png}. Skipped where Chromium is not installed ({@code .ci/run} installs it).
 */
@Tag("browser")
class StatusPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;
    @TempDir
    Path profile;
    StudyFixture f;
    ChromeDriver browser;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are not installed");
        f = new StudyFixture(dir, null);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void thePageShowsTheNumbersOfTheStatusApiWithCharts() throws Exception {
        f.runner.runOnce();
        f.clock.advance(Duration.ofSeconds(30));
        f.runner.runOnce();
        JsonNode st = f.apiStatus();

        browser.manage().window().setSize(new Dimension(1400, 1000));
        browser.get(f.server.uri().toString());
        // Both charts are drawn once the vendored script has run.
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector(".uplot canvas")).size() == 2);

        assertThat(kpi("waiting")).isEqualTo(st.at("/requests/waiting").asLong()).isPositive();
        assertThat(kpi("due")).isEqualTo(st.at("/requests/due").asLong());
        assertThat(kpi("late")).isEqualTo(st.at("/requests/late").asLong()).isPositive();
        assertThat(kpi("pushed")).isEqualTo(st.at("/totals/pushed").asLong()).isPositive();
        assertThat(kpi("failing")).isEqualTo(st.at("/totals/pushFailures").asLong()).isPositive();
        assertThat(kpi("dead")).isEqualTo(st.get("deadTokens").size()).isEqualTo(f.deadDevices.size());
        assertThat(kpi("rejected")).isEqualTo(st.at("/rejected/total").asLong()).isPositive();
        assertThat(text("pending-24h")).isEqualTo(st.at("/requests/dueInNext24Hours").asText());
        assertThat(text("readiness")).isEqualToIgnoringCase("Running");

        assertThat(rows("passes")).isEqualTo(st.get("passes").size()).isEqualTo(2);
        assertThat(rows("late-list")).isEqualTo(st.get("late").size());
        assertThat(rows("failing-list")).isEqualTo(st.get("failing").size());
        assertThat(rows("dead-list")).isEqualTo(st.get("deadTokens").size());
        assertThat(rows("rejected-list")).isEqualTo(st.at("/rejected/files").size());
        assertThat(browser.findElement(By.id("passes")).getText())
                .contains(st.at("/passes/0/pushed").asText(), st.at("/passes/1/pushed").asText());
        for (JsonNode d : st.get("deadTokens")) {
            assertThat(browser.findElement(By.id("dead-list")).getText()).contains(d.get("device").asText(),
                    d.get("token").asText());
        }
        for (String token : f.fullTokens) {
            assertThat(browser.getPageSource()).doesNotContain(token);
        }

        // The whole page, for people to look at.
        long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 40, 4000)));
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "status-page.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(20_000);
    }

    private long kpi(String id) {
        return Long.parseLong(text("kpi-" + id));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    private int rows(String tableId) {
        return browser.findElements(By.cssSelector("#" + tableId + " tbody tr")).size();
    }
}
