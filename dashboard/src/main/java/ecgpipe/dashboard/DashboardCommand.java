package ecgpipe.dashboard;

import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Stage 4: serves the interactive ECG dashboard over a results directory. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Serves the ECG dashboard (web page and JSON API) over a directory of results files.",
                "Open http://HOST:PORT/ in a browser; GET /health answers {\"status\":\"ok\",...}."})
public class DashboardCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Results directory of one dataset (<record>.h5 files and summary.json, "
                    + "written by the analyze stage).")
    Path data;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:PORT:-7070}",
            description = "Port to listen on (default: the PORT environment variable, else 7070; 0 picks a free port).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String host;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    /** Set once the server listens, so a test can find the port and stop it. */
    volatile DashboardServer server;

    public static void main(String[] args) {
        Cli.main(new DashboardCommand(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--port must be between 0 and 65535, not " + port);
        }
        DashboardServer s = DashboardServer.start(new DashboardRequest(data, host, port));
        server = s;
        PrintWriter out = spec.commandLine().getOut();
        // SIGTERM (Heroku's stop signal) runs this: finish the running requests, close the files, say so
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.close();
            out.println("dashboard: stopped");
            out.flush();
        }, "dashboard-shutdown"));
        spec.commandLine().getOut().printf("dashboard: serving %d records from %s at http://%s:%d/%n",
                s.records(), data, host, s.port());
        spec.commandLine().getOut().flush();
        s.awaitStop();
        return 0;
    }
}
