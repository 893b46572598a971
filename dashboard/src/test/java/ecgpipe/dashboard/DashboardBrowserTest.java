package ecgpipe.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.testing.Prerequisites;
import io.javalin.Javalin;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page in a real headless Chromium: it draws, and the record chooser and the window slider work. */
class DashboardBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path dir;
    @TempDir
    static Path profile;

    static RecordRepository repo;
    static Javalin app;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.tool(CHROMIUM);
        Prerequisites.tool(CHROMEDRIVER);
        new SyntheticRecord("100", 360, 120, 72).writeTo(dir);
        new SyntheticRecord("201", 250, 60, 118).withoutReference().writeTo(dir);
        repo = RecordRepository.open(dir);
        app = DashboardApp.create(repo).start("127.0.0.1", 0);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.stop();
        }
        if (repo != null) {
            repo.close();
        }
    }

    private static void open(String query) {
        browser.get("http://127.0.0.1:" + app.port() + "/" + query);
        awaitRenders(1);
    }

    private static int renders() {
        Object r = js("return document.body.dataset.renders || '0';");
        return Integer.parseInt(String.valueOf(r));
    }

    private static void awaitRenders(int atLeast) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> renders() >= atLeast);
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** The ECG canvas as a PNG data URL: equal strings mean the same picture. */
    private static String ecgPicture() {
        return (String) js("return document.querySelector('#ecg canvas').toDataURL();");
    }

    private static String status() {
        return browser.findElement(By.id("status")).getText();
    }

    @Test
    void drawsTheFirstRecordWithItsMetricsAndTrend() throws Exception {
        open("");
        long inked = (Long) js("""
                const c = document.querySelector('#ecg canvas');
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
                return n;""");
        assertTrue(inked > 2000, "the ECG canvas has ink: " + inked + " pixels");
        assertTrue(status().startsWith("Record 100, lead MLII, 0:00.0 to 0:10.0"), status());
        assertTrue(browser.findElement(By.id("metrics")).getText().contains("Mean HR"));
        assertEquals(1L, js("return document.querySelectorAll('#hr canvas').length;"));
        assertEquals("Record", browser.findElement(By.cssSelector("label[for=record]")).getText());
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "dashboard-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void choosingAnotherRecordShowsIt() {
        open("?record=100&start=0");
        String before = ecgPicture();
        int renders = renders();
        new Select(browser.findElement(By.id("record"))).selectByValue("201");
        awaitRenders(renders + 1);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().startsWith("Record 201"));
        assertTrue(browser.findElement(By.id("ecg-title")).getText().startsWith("Record 201"));
        assertNotEquals(before, ecgPicture(), "the plot shows other data");
        assertTrue(browser.getCurrentUrl().contains("record=201"), browser.getCurrentUrl());
    }

    @Test
    void movingTheSliderMovesTheWindow() {
        open("?record=100&start=0");
        String before = ecgPicture();
        WebElement slider = browser.findElement(By.id("window-start"));
        slider.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> status().startsWith("Record 100, lead MLII, 0:03.0 to 0:13.0"));
        assertEquals("3", slider.getAttribute("value"));
        assertNotEquals(before, ecgPicture(), "the plot shows the new window");
        assertTrue(browser.getCurrentUrl().contains("start=3"), browser.getCurrentUrl());
    }

    @Test
    void theOtherLeadIsOneKeyAway() {
        open("?record=100&start=0&lead=0");
        String before = ecgPicture();
        WebElement first = browser.findElement(By.cssSelector("#leads input[value='0']"));
        first.sendKeys(Keys.ARROW_RIGHT); // radio groups move the choice with the arrow keys
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().startsWith("Record 100, lead V5"));
        assertTrue(browser.findElement(By.cssSelector("#leads input[value='1']")).isSelected());
        assertNotEquals(before, ecgPicture(), "the plot shows the other lead");
        assertTrue(browser.getCurrentUrl().contains("lead=1"), browser.getCurrentUrl());
    }

    @Test
    void clickingTheHeartRateTrendJumpsThere() {
        open("?record=100&start=0");
        WebElement trend = browser.findElement(By.cssSelector("#hr .u-over"));
        // the middle of a 120 s record: the window is centred there
        new Actions(browser).moveToElement(trend).click().perform();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !status().contains("0:00.0 to 0:10.0"));
        int start = Integer.parseInt(browser.findElement(By.id("window-start")).getAttribute("value"));
        assertTrue(start > 45 && start < 65, "window moved to the middle: " + start);
    }

    @Test
    void aSharedUrlRestoresTheView() {
        open("?record=201&start=20&width=20&lead=1");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().startsWith("Record 201"));
        assertTrue(status().startsWith("Record 201, lead V5, 0:20.0 to 0:40.0"), status());
        assertEquals("201", new Select(browser.findElement(By.id("record"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals("20", browser.findElement(By.id("window-start")).getAttribute("value"));
        assertTrue(browser.findElement(By.cssSelector("#leads input[value='1']")).isSelected());
    }
}
