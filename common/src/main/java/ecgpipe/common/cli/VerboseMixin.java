package ecgpipe.common.cli;

import picocli.CommandLine.Option;

/** {@code -v/--verbose}, spelled the same in every stage: stack traces and debug logging. */
public class VerboseMixin {
    @Option(names = {"-v", "--verbose"}, description = "Verbose output: debug logging and stack traces on failure.")
    boolean verbose;

    public boolean isVerbose() {
        return verbose;
    }
}
