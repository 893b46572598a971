package ecgpipe.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app as {@link DashboardApp#create} builds it, started by Javalin's own test tool on a random port: the
 * contract a client relies on (health, list, 4xx for bad requests with a message, security headers).
 */
class DashboardJavalinTest {
    @TempDir
    static Path dir;
    static RecordRepository repo;

    @BeforeAll
    static void data() throws Exception {
        new SyntheticRecord("100", 360, 60, 72).writeTo(dir);
        repo = RecordRepository.open(dir);
    }

    @AfterAll
    static void close() {
        repo.close();
    }

    @Test
    void healthAndTheRecordList() {
        JavalinTest.test(DashboardApp.create(repo), (server, client) -> {
            Response health = client.get("/health");
            assertEquals(200, health.code());
            assertTrue(health.body().string().contains("\"records\":1"), health.body().string());
            Response list = client.get("/api/records");
            assertEquals(200, list.code());
            assertTrue(list.body().string().contains("\"id\":\"100\""), list.body().string());
        });
    }

    @Test
    void badRequestsAreFourHundredsWithAMessageNeverAStackTrace() {
        JavalinTest.test(DashboardApp.create(repo), (server, client) -> {
            Response unknown = client.get("/api/records/999/trace?start=0&end=10");
            assertEquals(404, unknown.code());
            Response absurd = client.get("/api/records/100/trace?start=10&end=-5");
            assertEquals(400, absurd.code());
            Response traversal = client.get("/api/records/..%2F..%2Fetc%2Fpasswd/trace?start=0&end=1");
            assertTrue(traversal.code() >= 400 && traversal.code() < 500, "traversal: " + traversal.code());
            for (Response r : new Response[] {unknown, absurd, traversal}) {
                assertFalse(r.body().string().isBlank());
                assertFalse(r.body().string().contains("\tat "), r.body().string());
            }
        });
    }

    @Test
    void everyAnswerCarriesTheContentSecurityPolicy() {
        JavalinTest.test(DashboardApp.create(repo), (server, client) -> {
            for (String path : new String[] {"/", "/health", "/api/records/100"}) {
                java.util.List<String> csp = client.get(path).headers().get("Content-Security-Policy");
                assertFalse(csp == null || csp.isEmpty(), path + " has no Content-Security-Policy");
                assertTrue(csp.get(0).contains("script-src 'self'"), path + ": " + csp);
            }
        });
    }
}
