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
import java.util.List;
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
        // the console, to see errors and Content-Security-Policy violations
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
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
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> Long.valueOf(1).equals(js("return document.querySelectorAll('#hr canvas').length;")));
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
        // the whole-record plots are drawn once their data arrive, after the first window
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "141".equals(js("return document.getElementById('poincare').dataset.points;")));
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

    @Test
    void theContentSecurityPolicyLetsOurScriptsRunAndTheConsoleStaysClean() {
        browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER); // drop older entries
        open("?record=100&start=5");
        assertTrue(status().startsWith("Record 100"), "uPlot and app.js ran under the policy: " + status());
        // an inline script is what the policy exists to stop: it must not run
        Object inlineRan = js("""
                const s = document.createElement('script');
                s.textContent = 'window.__inlineRan = true;';
                document.body.appendChild(s);
                return window.__inlineRan === true;""");
        assertEquals(Boolean.FALSE, inlineRan);
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (org.openqa.selenium.logging.LogEntry e : browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
            boolean ourProbe = e.getMessage().contains("Content Security Policy") && e.getMessage().contains("inline");
            if (!ourProbe && (e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                    || e.getMessage().contains("Content Security Policy"))) {
                problems.add(e.getLevel() + " " + e.getMessage());
            }
        }
        assertEquals(java.util.List.of(), problems, "console errors or policy violations");
    }

    private static List<String> overviewOrder() {
        return browser.findElements(By.cssSelector("#overview tbody tr")).stream()
                .filter(WebElement::isDisplayed).map(tr -> tr.getAttribute("data-record")).toList();
    }

    @Test
    void theOverviewTableSortsAndOpensARecord() {
        open("?record=100&start=0");
        assertEquals(List.of("100", "201"), overviewOrder());
        WebElement row201 = browser.findElement(By.cssSelector("#overview tr[data-record='201']"));
        assertTrue(row201.getText().contains("1:00"), "duration: " + row201.getText());
        assertTrue(browser.findElement(By.cssSelector("#overview tr[data-record='100']")).getText().contains(" %"),
                "Se of the record with a reference");
        WebElement beats = browser.findElement(By.cssSelector("#overview th[data-key='beats'] button"));
        beats.click(); // 201 has fewer beats (60 s at 118 bpm) than 100 (120 s at 72 bpm)
        assertEquals(List.of("201", "100"), overviewOrder());
        assertEquals("ascending", browser.findElement(By.cssSelector("#overview th[data-key='beats']")).getAttribute("aria-sort"));
        beats.sendKeys(Keys.ENTER); // the headers are buttons: the keyboard sorts too
        assertEquals(List.of("100", "201"), overviewOrder());
        assertEquals("descending", browser.findElement(By.cssSelector("#overview th[data-key='beats']")).getAttribute("aria-sort"));
        // no Se for 201 (no reference): it stays last in both directions
        WebElement se = browser.findElement(By.cssSelector("#overview th[data-key='sensitivity'] button"));
        se.click();
        assertEquals(List.of("100", "201"), overviewOrder());
        se.click();
        assertEquals(List.of("100", "201"), overviewOrder());

        int renders = renders();
        browser.findElement(By.cssSelector("#overview tr[data-record='201'] td:nth-child(3)")).click();
        awaitRenders(renders + 1);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().startsWith("Record 201"));
        assertEquals("201", new Select(browser.findElement(By.id("record"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals("true", browser.findElement(By.cssSelector("#overview tr[data-record='201']")).getAttribute("aria-current"));
    }

    @Test
    void theSearchBoxNarrowsTheRecordsAndEnterOpensTheMatch() {
        open("?record=100&start=0");
        WebElement search = browser.findElement(By.id("record-search"));
        search.sendKeys("20");
        assertEquals(List.of("201"), overviewOrder());
        Object offered = js("return [...document.getElementById('record').options].filter(o => !o.hidden).map(o => o.value);");
        assertEquals(List.of("100", "201"), offered, "the open record stays in the dropdown, 201 matches");
        int renders = renders();
        search.sendKeys(Keys.ENTER);
        awaitRenders(renders + 1);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().startsWith("Record 201"));
        search.clear();
        search.sendKeys("x");
        assertEquals(List.of(), overviewOrder());
        search.sendKeys(Keys.BACK_SPACE);
        assertEquals(List.of("100", "201"), overviewOrder());
    }

    private static void awaitStatus(String prefix) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().startsWith(prefix));
    }

    @Test
    void missesAndFalseDetectionsAreMarkedAndHoverReadsTheTrace() {
        // the fixture misses its 4th beat (about 2.9 s) and adds a false detection near 4.9 s
        open("?record=100&start=0");
        assertTrue(status().endsWith("1 missed, 1 false."), status());
        open("?record=100&start=60");
        assertTrue(status().endsWith("0 missed, 0 false."), status());
        open("?record=201&start=0");
        assertTrue(status().endsWith("reference annotations."), "no reference, no score: " + status());

        open("?record=100&start=0");
        WebElement over = browser.findElement(By.cssSelector("#ecg .u-over"));
        int halfWidth = over.getSize().getWidth() / 2;
        // 2.9 s of a 10 s window: over the missed beat
        new Actions(browser).moveToElement(over, (int) (-halfWidth + 0.29 * 2 * halfWidth), 0).perform();
        WebElement tip = browser.findElement(By.id("ecg-tip"));
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> tip.isDisplayed());
        String text = tip.getText();
        assertTrue(text.matches("0:0\\d\\.\\d{3} · -?\\d+\\.\\d{3} mV.*"), text);
        assertTrue(text.contains("beat N (missed)"), text);
    }

    @Test
    void keyboardStepsAndZoomsAndResetRestores() {
        open("?record=100&start=0");
        WebElement ecg = browser.findElement(By.id("ecg"));
        ecg.sendKeys(Keys.ARROW_RIGHT); // a quarter of the 10 s window
        awaitStatus("Record 100, lead MLII, 0:02.5 to 0:12.5");
        assertTrue(browser.getCurrentUrl().contains("start=2.5"), browser.getCurrentUrl());
        ecg.sendKeys("+"); // half the width around the centre (7.5 s)
        awaitStatus("Record 100, lead MLII, 0:05.0 to 0:10.0");
        assertEquals("5", new Select(browser.findElement(By.id("window-width"))).getFirstSelectedOption().getAttribute("value"));
        // the wheel zooms out around the pointer (the centre here) by 1.25
        js("""
                const o = document.querySelector('#ecg .u-over').getBoundingClientRect();
                document.getElementById('ecg').dispatchEvent(new WheelEvent('wheel', {
                  deltaY: 100, clientX: o.left + o.width / 2, clientY: o.top + o.height / 2, bubbles: true, cancelable: true }));""");
        awaitStatus("Record 100, lead MLII, 0:04.4 to 0:10.6");
        assertEquals("6.25 s", new Select(browser.findElement(By.id("window-width"))).getFirstSelectedOption().getText());
        assertTrue(browser.getCurrentUrl().contains("width=6.25"), browser.getCurrentUrl());
        browser.findElement(By.id("reset-view")).click();
        awaitStatus("Record 100, lead MLII, 0:00.0 to 0:10.0");
        ecg.sendKeys(Keys.END);
        awaitStatus("Record 100, lead MLII, 1:50.0 to 2:00.0");
    }

    @Test
    void draggingThePlotPansTheWindow() {
        open("?record=100&start=30");
        WebElement over = browser.findElement(By.cssSelector("#ecg .u-over"));
        int width = over.getSize().getWidth();
        // dragging left by half the plot shows what was to the right: +5 s
        new Actions(browser).moveToElement(over).clickAndHold().moveByOffset(-width / 4, 0)
                .moveByOffset(-width / 4, 0).release().perform();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().contains("0:35.0 to 0:45.0")
                || status().contains("0:34.9 to 0:44.9") || status().contains("0:35.1 to 0:45.1"));
    }

    @Test
    void tachogramAndPoincarePlotFollowTheWindowAndMoveIt() {
        open("?record=100&start=0");
        WebElement poincare = browser.findElement(By.id("poincare"));
        // 143 detections: 142 RR intervals, 141 pairs (the whole-record views load after the first window)
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "141".equals(poincare.getAttribute("data-points")));
        int inFirst = Integer.parseInt(poincare.getAttribute("data-in-window"));
        assertTrue(inFirst >= 10 && inFirst <= 13, "about 12 beats in 10 s at 73 bpm: " + inFirst);
        assertEquals(1L, js("return document.querySelectorAll('#tachogram canvas').length;"));
        assertTrue(browser.findElement(By.id("metrics")).getText().contains("SDNN"));

        // the fixture's false detection makes two short intervals; the pair (short, short) sits low left:
        // clicking the far top-right corner picks the longest pair instead, somewhere in the record
        int renders = renders();
        new Actions(browser).moveToElement(poincare, poincare.getSize().getWidth() / 2 - 30,
                -poincare.getSize().getHeight() / 2 + 30).click().perform();
        awaitRenders(renders + 1);
        assertTrue(browser.getCurrentUrl().matches(".*start=\\d+(\\.\\d+)?.*"), browser.getCurrentUrl());

        renders = renders();
        WebElement tacho = browser.findElement(By.cssSelector("#tachogram .u-over"));
        new Actions(browser).moveToElement(tacho, tacho.getSize().getWidth() / 4, 0).click().perform();
        awaitRenders(renders + 1);
        double start = Double.parseDouble(browser.findElement(By.id("window-start")).getAttribute("value"));
        assertTrue(start > 80 && start < 95, "three quarters into a 120 s record: " + start);
        assertTrue(Integer.parseInt(poincare.getAttribute("data-in-window")) > 0);
    }

    @Test
    void clickingABeatOnThePcaPlotShowsItInTheTrace() {
        open("?record=100&start=60");
        WebElement pca = browser.findElement(By.id("pca"));
        // 143 detections less the first and last
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "141".equals(pca.getAttribute("data-points")));
        assertEquals(3L, js("return document.querySelectorAll('#class-averages .u-legend .u-series').length;"),
                "x and two class averages");
        String before = ecgPicture();
        int renders = renders();
        // the ventricular class sits far right on PC1, in the vertical middle
        new Actions(browser).moveToElement(pca, pca.getSize().getWidth() / 2 - 30, 0).click().perform();
        awaitRenders(renders + 1);
        String info = browser.findElement(By.id("beat-info")).getText();
        assertTrue(info.matches("Beat at \\d:\\d{2}\\.\\d{3}, class 2: .*"), info);
        double t = Double.parseDouble(info.substring(8, 9)) * 60 + Double.parseDouble(info.substring(10, 16));
        double start = Double.parseDouble(browser.getCurrentUrl().replaceAll(".*start=([0-9.]+).*", "$1"));
        assertTrue(Math.abs(start + 5 - t) < 0.02 || start == 0 || start == 110, "window centred on the beat: " + start + " vs " + t);
        assertNotEquals(before, ecgPicture());
        // another record brings its own morphology
        new Select(browser.findElement(By.id("record"))).selectByValue("201");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().startsWith("Record 201"));
        assertTrue(browser.findElement(By.id("pca")).isDisplayed());
    }

    @Test
    void theSensitivitySliderRerunsDetectionOnTheServerAndThePlotExports() {
        open("?record=100&start=0");
        assertTrue(status().endsWith("1 missed, 1 false."), status());
        WebElement slider = browser.findElement(By.id("sensitivity"));
        int renders = renders();
        slider.sendKeys(Keys.ARROW_RIGHT); // 0.55: the live detector takes over the markers
        awaitRenders(renders + 1);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> browser.findElement(By.id("live-score")).getText().contains("Se 100.00 %"));
        assertTrue(browser.findElement(By.id("live-detector")).isSelected());
        assertTrue(browser.findElement(By.id("live-score")).getText().startsWith("Live detector at 0.55"));
        // the live detector finds the beat the stored detections miss, and adds no false one
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().endsWith("0 missed, 0 false."));

        browser.findElement(By.id("export-png")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> Integer.parseInt(String.valueOf(js("return document.body.dataset.pngBytes || '0';"))) > 5000);
        browser.findElement(By.id("live-detector")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> status().endsWith("1 missed, 1 false."));
    }
}
