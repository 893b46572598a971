package ecgpipe.analyze;

import ecgpipe.common.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the analyze command: exit code and what it printed. */
record Run(int code, String out, String err) {
    static Run analyze(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.commandLine(new AnalyzeCommand()).setOut(new PrintWriter(o, true))
                .setErr(new PrintWriter(e, true)).execute(args);
        return new Run(code, o.toString(), e.toString());
    }
}
