package ecgpipe.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Small runnable jars that stand in for the dashboard: the real one is another stage, and stages never
 * depend on each other. They are compiled from source here and packaged with a Main-Class manifest, so
 * the rehearsal boots a real JVM from a real jar through the Procfile, as Heroku would.
 *
 * <p>Each writes its process id to {@code ../web.pid} (the directory holding the app directory), so tests
 * can check that the rehearsal stopped it.
 */
final class FixtureDashboards {
    static final String PID_FILE = "web.pid";

    /** Serves {@code /health} on {@code --port} once it has checked that {@code --data} is a directory. */
    static final String HEALTHY = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.file.*;
            public class Healthy {
                public static void main(String[] a) throws Exception {
                    Files.writeString(Path.of("..", "web.pid"), Long.toString(ProcessHandle.current().pid()));
                    int port = -1; Path data = null;
                    for (int i = 0; i + 1 < a.length; i++) {
                        if (a[i].equals("--port")) port = Integer.parseInt(a[i + 1]);
                        if (a[i].equals("--data")) data = Path.of(a[i + 1]);
                    }
                    if (data == null || !Files.isDirectory(data)) {
                        System.err.println("fixture dashboard: no --data directory");
                        System.exit(1);
                    }
                    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    s.createContext("/health", x -> { x.sendResponseHeaders(200, 2); x.getResponseBody().write("ok".getBytes()); x.close(); });
                    s.start();
                    System.out.println("fixture dashboard listening on " + port);
                }
            }
            """;

    /** Healthy, but its shutdown hook never returns: SIGTERM does not stop it (Heroku: R12, then SIGKILL). */
    static final String STUBBORN = HEALTHY.replace("public class Healthy", "public class Stubborn")
            .replace("s.start();", "s.start(); Runtime.getRuntime().addShutdownHook(new Thread(() -> {"
                    + " System.out.println(\"fixture dashboard: flushing forever\");"
                    + " try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } }));");

    /** Healthy, but it stops with status 7 on SIGTERM: an unclean exit. */
    static final String UNCLEAN = HEALTHY.replace("public class Healthy", "public class Unclean")
            .replace("s.start();", "s.start(); Runtime.getRuntime().addShutdownHook(new Thread(() ->"
                    + " Runtime.getRuntime().halt(7)));");

    /** Boots forever: prints that it is starting, then never binds its port. */
    static final String SILENT = """
            import java.nio.file.*;
            public class Silent {
                public static void main(String[] a) throws Exception {
                    Files.writeString(Path.of("..", "web.pid"), Long.toString(ProcessHandle.current().pid()));
                    System.out.println("fixture dashboard warming caches, port not bound yet");
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            """;

    /** Dies at once, as a dashboard does when its data is unreadable. */
    static final String CRASHING = """
            import java.nio.file.*;
            public class Crashing {
                public static void main(String[] a) throws Exception {
                    Files.writeString(Path.of("..", "web.pid"), Long.toString(ProcessHandle.current().pid()));
                    System.err.println("fixture dashboard: cannot open data/summary.json");
                    System.exit(3);
                }
            }
            """;

    private FixtureDashboards() {
    }

    /** Compiles {@code source} (public class {@code mainClass}) and packages it as a runnable jar. */
    static Path jar(Path workDir, String mainClass, String source) throws IOException {
        Path src = workDir.resolve("src-" + mainClass);
        Path classes = workDir.resolve("classes-" + mainClass);
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Path file = src.resolve(mainClass + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null, List.of("-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file)).call();
        if (!ok) {
            throw new IllegalStateException("fixture does not compile: " + diagnostics);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path jar = workDir.resolve(mainClass.toLowerCase() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream jos = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.list(classes)) {
            for (Path c : (Iterable<Path>) files.sorted()::iterator) {
                jos.putNextEntry(new JarEntry(c.getFileName().toString()));
                jos.write(Files.readAllBytes(c));
                jos.closeEntry();
            }
        }
        return jar;
    }

    /** The process the last rehearsal in {@code parentOfAppDir} started, by the pid its fixture wrote. */
    static long lastPid(Path parentOfAppDir) throws IOException {
        return Long.parseLong(Files.readString(parentOfAppDir.resolve(PID_FILE)).strip());
    }
}
