package ecgpipe.deploy;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Heroku's Procfile: one {@code type: command} per line. The deploy writes it and the rehearsal reads it
 * back, so what is rehearsed is exactly what Heroku will run.
 */
final class Procfile {
    static final String FILE_NAME = "Procfile";
    static final String WEB = "web";

    private final Map<String, String> commands;

    private Procfile(Map<String, String> commands) {
        this.commands = Map.copyOf(commands);
    }

    /** The Procfile of the dashboard app: {@code $PORT} is Heroku's, {@code $JAVA_OPTS} the dyno's memory settings. */
    static Procfile forDashboard(String jarName, String dataDir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(WEB, "java $JAVA_OPTS -jar " + jarName + " --port $PORT --data " + dataDir);
        return new Procfile(c);
    }

    static Procfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw PipelineException.io("cannot read " + file, e);
        }
    }

    /** Parses like Heroku does: the process type is the word before the first colon; blank lines and # comments are skipped. */
    static Procfile parse(String text) {
        Map<String, String> c = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String type = colon < 0 ? "" : trimmed.substring(0, colon).strip();
            String command = colon < 0 ? "" : trimmed.substring(colon + 1).strip();
            if (!type.matches("[A-Za-z0-9_-]+") || command.isEmpty()) {
                throw PipelineException.badInput("Procfile: cannot parse line '" + trimmed + "' (expected 'type: command')");
            }
            c.put(type, command);
        }
        return new Procfile(c);
    }

    Optional<String> command(String processType) {
        return Optional.ofNullable(commands.get(processType));
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        commands.forEach((type, command) -> sb.append(type).append(": ").append(command).append('\n'));
        return sb.toString();
    }
}
