package ecgpipe.common.cli;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Runs a stage's picocli command with the conventions every stage shares: the exit-code table in
 * {@code --help}, one line on stderr per failure, and the stack trace only with {@code -v}.
 */
public final class Cli {
    private Cli() {
    }

    /** Builds the configured command line; tests use it with {@code setOut}/{@code setErr}. */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        addExitCodeTable(cl);
        cl.setExecutionExceptionHandler(Cli::handleExecutionException);
        cl.setParameterExceptionHandler(Cli::handleParameterException);
        cl.setExitCodeExceptionMapper(Cli::exitCodeOf);
        return cl;
    }

    private static void addExitCodeTable(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("Exit Codes:%n").exitCodeList(ExitCode.table());
        cl.getSubcommands().values().forEach(Cli::addExitCodeTable);
    }

    /** Runs the command and returns its exit code. */
    public static int run(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /** {@code main} of every stage: {@code Cli.main(new ConvertCommand(), args)}. */
    public static void main(Object command, String... args) {
        configureLogging(Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose"));
        System.exit(run(command, args));
    }

    /**
     * slf4j-simple reads system properties once, at its first use, so set them before anything logs.
     * jhdf warns "Writing files is in alpha" on every write: that is noise for our users.
     */
    public static void configureLogging(boolean verbose) {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.log.io.jhdf", verbose ? "info" : "error");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", verbose ? "info" : "warn");
        // Per-request wire logs of the HTTP clients would bury the stage's own debug lines.
        setDefault("org.slf4j.simpleLogger.log.software.amazon.awssdk", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.hc", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.http", "warn");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    static int exitCodeOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PipelineException pe) {
                return pe.exitCode();
            }
        }
        if (t instanceof OutOfMemoryError) {
            return ExitCode.IO_ERROR;
        }
        return ExitCode.INTERNAL;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandName();
        boolean verbose = parsed.hasMatchedOption("-v");
        String message = ex instanceof PipelineException ? ex.getMessage() : describe(ex);
        err.println(name + ": error: " + message);
        if (verbose) {
            ex.printStackTrace(err);
        } else if (!(ex instanceof PipelineException)) {
            err.println(name + ": rerun with -v for the stack trace");
        }
        err.flush();
        return exitCodeOf(ex);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandName() + ": " + ex.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }
}
