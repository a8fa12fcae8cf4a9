package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real browser (Debian's headless {@code chromium} through its {@code chromedriver}, both named
 * explicitly so that Selenium Manager never downloads anything): log in with the development key, publish events,
 * and watch the figures, the bars and the list change; a wrong key shows an error. Skipped without a browser.
 * Leaves a screenshot of the page in {@code target/dashboard.png} (see {@link #screenshot}).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardBrowserIT.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Stats reach cluster-stats one to two commit intervals after the view; a loaded CI machine gets a margin. */
    private static final Duration ON_SCREEN = Duration.ofSeconds(5);

    private final Path stateDir = Path.of("target", "it-dashboard-" + UUID.randomUUID()).toAbsolutePath();
    private ClusterIndexApp app;
    private ChromeDriver browser;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void startIndexerAndBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "no " + CHROMIUM + " or "
                + CHROMEDRIVER + ": install Debian's chromium and chromium-driver (.ci/run does) to run this test");
        app = ClusterIndexApp.start(Config.fromEnvironment(Map.of("STATE_DIR", stateDir.toString(), "HTTP_PORT", "0",
                "EMBEDDED_KAFKA_PORT", "0")));
        await("indexer ready").atMost(Duration.ofSeconds(90)).until(() -> app.queries().ready());
        producer = KafkaIO.producer(app.bootstrapServers(), Map.of());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (producer != null) {
            producer.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void freshSession() {
        browser.get("http://localhost:" + app.httpPort() + "/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    private void logIn(String key, String namespace) {
        browser.findElement(By.id("api-key")).sendKeys(key);
        browser.findElement(By.id("namespace")).sendKeys(namespace);
        browser.findElement(By.id("open")).click();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** Status to count, as the chart's bars say (read in one script: the page may redraw between two reads). */
    @SuppressWarnings("unchecked")
    private Map<String, String> bars() {
        return new TreeMap<>((Map<String, String>) ((JavascriptExecutor) browser).executeScript("return Object"
                + ".fromEntries([...document.querySelectorAll('#status-chart g.bar')]"
                + ".map(bar => [bar.dataset.status, bar.dataset.count]))"));
    }

    @SuppressWarnings("unchecked")
    private List<String> listedClusters() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#recent tr')].map(row => row.dataset.clusterId)");
    }

    private void publish(String clusterId, int sequence, String type, String data) throws Exception {
        DevEvents.publish(producer, clusterId, sequence, type, data);
    }

    private void create(String clusterId, String name) throws Exception {
        DevEvents.create(producer, clusterId, name);
    }

    @Test
    void theFiguresBarsAndListFollowThePublishedEvents() throws Exception {
        logIn(DevEvents.KEY, "default");
        await().atMost(ON_SCREEN).until(() -> text("connection").equals("live") && text("total-clusters").equals("0"));

        create("dash_1", "product embeddings");
        create("dash_2", "support tickets");
        create("dash_3", "image tags");
        long published = System.nanoTime();
        await().atMost(ON_SCREEN).until(() -> text("total-clusters").equals("3"));
        LOG.info("three new clusters on screen {} ms after they were published", (System.nanoTime() - published) / 1_000_000);
        assertThat(bars()).containsExactly(Map.entry("PENDING", "3"));

        publish("dash_1", 2, "cluster.execution.started", "{\"task_id\":\"task_1\"}");
        publish("dash_1", 3, "cluster.execution.completed", "{\"task_id\":\"task_1\",\"num_clusters\":4,"
                + "\"num_documents_clustered\":1200,\"execution_time_seconds\":3.5}");
        publish("dash_3", 2, "cluster.execution.started", "{\"task_id\":\"task_3\"}");

        await().atMost(ON_SCREEN).untilAsserted(() -> {
            assertThat(text("total-documents")).isEqualTo("1,200");
            assertThat(text("avg-documents")).isEqualTo("400.0");
            assertThat(bars()).containsExactly(Map.entry("COMPLETED", "1"), Map.entry("PENDING", "1"),
                    Map.entry("PROCESSING", "1"));
        });
        await().atMost(ON_SCREEN).untilAsserted(() -> assertThat(listedClusters())
                .containsExactly("dash_1", "dash_3", "dash_2"));
        await().atMost(ON_SCREEN).until(() -> text("events-rate").matches("\\d+(\\.\\d)?"));

        browser.findElement(By.id("filter")).sendKeys("support");
        await().atMost(ON_SCREEN).untilAsserted(() -> assertThat(listedClusters()).containsExactly("dash_2"));
        browser.findElement(By.id("filter")).clear();
        browser.findElement(By.id("filter")).sendKeys(" ");
        await().atMost(ON_SCREEN).untilAsserted(() -> assertThat(listedClusters()).hasSize(3));

        screenshot();
    }

    @Test
    void aWrongKeyShowsTheErrorInsteadOfABlankPage() {
        logIn("sk_not_a_key", "default");

        await().atMost(ON_SCREEN).until(() -> browser.findElement(By.id("login-error")).isDisplayed());
        assertThat(text("login-error")).contains("(401)");
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
    }

    /** Into {@code target/dashboard.png}, and where {@code -Ddashboard.screenshot=docs/dashboard.png} says. */
    private void screenshot() throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        String wanted = System.getProperty("dashboard.screenshot");
        if (wanted != null && !wanted.isBlank()) {
            Files.copy(shot, Path.of(wanted), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
