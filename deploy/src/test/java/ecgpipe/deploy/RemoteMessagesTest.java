package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteMessagesTest {
    @Test
    void splitsOnNewlinesAndCarriageReturnsAndKeepsTheLastLines() throws Exception {
        List<String> seen = new ArrayList<>();
        RemoteMessages m = new RemoteMessages(seen::add);
        m.write("-----> Building on the Heroku-24 stack\nCompressing:  50%\rCompressing: 100%\r\n\nDone: 1.2M"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("-----> Building on the Heroku-24 stack", "Compressing:  50%", "Compressing: 100%"), seen);
        m.close();
        assertEquals("Done: 1.2M", seen.get(seen.size() - 1));
        for (int i = 0; i < 30; i++) {
            m.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> last = m.lastLines();
        assertEquals(10, last.size());
        assertEquals("line 29", last.get(last.size() - 1));
    }
}
