package ecgpipe.convert;

import ecgpipe.common.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the convert command in-process as a user would, capturing what it prints. */
record ConvertRun(int exitCode, String out, String err) {

    /** Runs with {@code args}; adds "--shard 1/1" unless given, so a CI job's own shard variables do not leak in. */
    static ConvertRun of(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.contains("--shard")) {
            all.add("--shard");
            all.add("1/1");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(new ConvertCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new ConvertRun(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
