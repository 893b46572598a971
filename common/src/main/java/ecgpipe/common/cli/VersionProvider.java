package ecgpipe.common.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, so {@code --version} always matches the build. */
public class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"${COMMAND-FULL-NAME} " + version(), "Java " + System.getProperty("java.version")};
    }

    /** The pipeline version, or "dev" when running from classes rather than a built jar. */
    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
