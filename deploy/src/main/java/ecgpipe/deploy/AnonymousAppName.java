package ecgpipe.deploy;

import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * An app name that says nothing about who deployed it: {@code --app-prefix} plus a random suffix, drawn
 * once and remembered in a small file, so every later deploy from the same place reaches the same app.
 * The file holds the name alone on one line; delete it to start a new app.
 */
final class AnonymousAppName {
    static final int SUFFIX_LENGTH = 6;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** The prefix leaves room for "-" and the suffix within Heroku's 30 characters. */
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0," + (30 - SUFFIX_LENGTH - 2) + "}");
    static final String FILE_NAME = "heroku-app-name";

    private final String prefix;
    private final Path file;
    private final RandomGenerator random;

    AnonymousAppName(String prefix, Path file, RandomGenerator random) {
        if (prefix == null || !PREFIX.matcher(prefix).matches() || prefix.endsWith("-")) {
            throw PipelineException.usage("invalid --app-prefix '" + prefix + "': use 1 to " + (30 - SUFFIX_LENGTH - 1)
                    + " lowercase letters, digits and dashes, starting with a letter and not ending with a dash");
        }
        this.prefix = prefix;
        this.file = file;
        this.random = random;
    }

    AnonymousAppName(String prefix, Path file) {
        this(prefix, file, new SecureRandom());
    }

    /**
     * Where the name is remembered by default: {@code $XDG_CONFIG_HOME/ecgpipe/heroku-app-name} (else
     * {@code ~/.config/...}), per user, outside any checkout, so a fresh clone or CI job on the same machine
     * or cluster home directory reaches the same app.
     */
    static Path defaultFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return config.resolve("ecgpipe").resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** The remembered name if it has this prefix; a name of another prefix is not reused. */
    Optional<AppName> remembered() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String name;
        try {
            name = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw PipelineException.io("cannot read the remembered app name in " + file, e);
        }
        if (!name.startsWith(prefix + "-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AppName(name));
        } catch (PipelineException e) {
            throw PipelineException.badInput(file + " does not hold a Heroku app name ('" + name
                    + "'): fix or delete it");
        }
    }

    /** A fresh name: the prefix, a dash and {@value #SUFFIX_LENGTH} random lowercase letters and digits. */
    AppName draw() {
        StringBuilder sb = new StringBuilder(prefix).append('-');
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new AppName(sb.toString());
    }

    void remember(AppName name) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, tmp -> Files.writeString(tmp, name.value() + "\n", StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw PipelineException.io("cannot remember the app name in " + file, e);
        }
    }
}
