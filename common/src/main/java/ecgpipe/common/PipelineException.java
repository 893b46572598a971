package ecgpipe.common;

/**
 * Root of every failure a stage reports to its user. The message is the one line the user sees; the
 * exit code comes from {@link ExitCode}. Subclasses exist only where callers need to tell cases apart.
 */
public class PipelineException extends RuntimeException {
    private final int exitCode;

    public PipelineException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public PipelineException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Input data that is present but wrong: an unparsable header, a truncated signal, a bad checksum. */
    public static PipelineException badInput(String message) {
        return new PipelineException(ExitCode.BAD_INPUT, message);
    }

    public static PipelineException inputMissing(String message) {
        return new PipelineException(ExitCode.INPUT_MISSING, message);
    }

    public static PipelineException usage(String message) {
        return new PipelineException(ExitCode.USAGE, message);
    }

    public static PipelineException unavailable(String message, Throwable cause) {
        return new PipelineException(ExitCode.UNAVAILABLE, message, cause);
    }

    /** Wraps an I/O failure once, at the boundary, naming the file. */
    public static PipelineException io(String what, java.io.IOException cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof java.nio.file.NoSuchFileException) {
            return new PipelineException(ExitCode.INPUT_MISSING, what + ": no such file: " + detail, cause);
        }
        return new PipelineException(ExitCode.IO_ERROR, what + ": " + detail, cause);
    }
}
