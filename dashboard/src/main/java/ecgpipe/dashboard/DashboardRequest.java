package ecgpipe.dashboard;

import java.nio.file.Path;

/** What to serve and where: the results directory of one dataset, and the address to listen on. */
public record DashboardRequest(Path dataDir, String host, int port) {
}
