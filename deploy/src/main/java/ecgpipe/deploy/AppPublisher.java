package ecgpipe.deploy;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * Commits the app directory as a single, parentless commit and force-pushes it: a Heroku deploy replaces
 * the app, so the app repository needs no history of its own (the pipeline's repository has it).
 *
 * <p>The commit is built in a fresh bare repository next to the app directory, straight from the files
 * (blobs, then a tree, then the commit), so no {@code .git} ever appears inside the app directory or the
 * data, and nothing from an earlier deploy can leak into this one. The repository is deleted afterwards.
 */
final class AppPublisher {
    static final String BRANCH = "main";
    static final String AUTHOR_NAME = "ecgpipe deploy";
    static final String AUTHOR_EMAIL = "deploy@ecgpipe.invalid";
    /** Seconds without progress before a push is abandoned; Heroku streams its build log, so silence means trouble. */
    static final int TRANSPORT_TIMEOUT_SECONDS = 300;
    /** The temporary repository is "." + app directory name + this + a random suffix, beside the app directory. */
    static final String GIT_DIR_INFIX = "-git-";

    record Published(ObjectId commit, String gitUrl) {
    }

    /**
     * @param remoteLines receives the remote's messages (Heroku's build log) line by line
     */
    Published publish(AssembledApp app, String gitUrl, Optional<CredentialsProvider> credentials, String message,
                      Consumer<String> remoteLines) {
        Path gitDir = createGitDir(app.dir());
        try (Git git = Git.init().setBare(true).setDirectory(gitDir.toFile()).setInitialBranch(BRANCH).call()) {
            tuneCompression(git.getRepository());
            ObjectId commit = commit(git.getRepository(), app, message);
            push(git, gitUrl, credentials, remoteLines);
            return new Published(commit, gitUrl);
        } catch (GitAPIException e) {
            throw PipelineException.io("cannot create the app repository in " + gitDir,
                    new IOException(e.getMessage(), e));
        } catch (IOException e) {
            throw PipelineException.io("cannot configure the app repository in " + gitDir, e);
        } finally {
            try {
                AppAssembler.deleteTree(gitDir);
            } catch (IOException ignored) {
                // a leftover temporary repository next to the app directory is harmless
            }
        }
    }

    /**
     * The app is mostly compressed already (the jar, deflated HDF5 datasets): git's default zlib level 6
     * spends its time there for almost no gain, so use the fastest level. Delta search between different
     * records' files finds nothing but took most of a push's time (measured: 20 s of 25 s for 136 MB),
     * and a fresh repository has no earlier version of any file to delta against, so turn it off.
     */
    private static void tuneCompression(Repository repo) throws IOException {
        var config = repo.getConfig();
        config.setInt("core", null, "compression", 0);
        config.setInt("pack", null, "compression", 1);
        config.setBoolean("pack", null, "deltacompression", false);
        config.save();
    }

    static ObjectId commit(Repository repo, AssembledApp app, String message) {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (AssembledApp.AppFile f : app.files()) {
                DirCacheEntry entry = new DirCacheEntry(f.path());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setLength(f.bytes());
                try (InputStream in = Files.newInputStream(app.dir().resolve(f.path()))) {
                    entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, f.bytes(), in));
                }
                builder.add(entry);
            }
            builder.finish();
            PersonIdent ident = new PersonIdent(AUTHOR_NAME, AUTHOR_EMAIL);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate ref = repo.updateRef(Constants.R_HEADS + BRANCH);
            ref.setNewObjectId(id);
            RefUpdate.Result r = ref.forceUpdate();
            if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED) {
                throw new IOException("cannot set " + BRANCH + " to the new commit: " + r);
            }
            return id;
        } catch (IOException e) {
            throw PipelineException.io("cannot commit the app in " + repo.getDirectory(), e);
        }
    }

    private static void push(Git git, String gitUrl, Optional<CredentialsProvider> credentials,
                             Consumer<String> remoteLines) {
        RemoteMessages messages = new RemoteMessages(remoteLines);
        String shown = HerokuCredentials.displayable(gitUrl);
        String ref = Constants.R_HEADS + BRANCH;
        PushCommand push = git.push()
                .setRemote(gitUrl)
                .setRefSpecs(new RefSpec("+" + ref + ":" + ref))
                .setForce(true)
                .setOutputStream(messages)
                .setTimeout(TRANSPORT_TIMEOUT_SECONDS);
        credentials.ifPresent(push::setCredentialsProvider);
        Iterable<PushResult> results;
        try {
            results = push.call();
        } catch (InvalidRemoteException e) {
            throw PipelineException.usage("not a git URL: " + shown);
        } catch (TransportException e) {
            throw transportFailure(shown, withoutUrlPrefix(gitUrl, e.getMessage()), e);
        } catch (GitAPIException e) {
            throw PipelineException.unavailable("push to " + shown + " failed: " + oneLine(e.getMessage()), e);
        } finally {
            messages.close();
        }
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                RemoteRefUpdate.Status s = update.getStatus();
                if (s != RemoteRefUpdate.Status.OK && s != RemoteRefUpdate.Status.UP_TO_DATE) {
                    throw rejection(shown, update, messages.lastLines());
                }
            }
        }
    }

    /**
     * JGit reports every transport failure with one exception type; only its message tells a refused
     * login (the API key) from a server that cannot be reached.
     */
    private static PipelineException transportFailure(String gitUrl, String m, TransportException e) {
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("not authorized") || lower.contains("authentication") || lower.contains("auth fail")) {
            return new PipelineException(ExitCode.ACCESS_DENIED, "push to " + gitUrl + " refused: " + m
                    + " (check " + HerokuCredentials.API_KEY_VARIABLE + ")", e);
        }
        return PipelineException.unavailable("cannot push to " + gitUrl + ": " + m, e);
    }

    /** The remote took the connection but refused the update: Heroku does this when the build fails. */
    private static PipelineException rejection(String gitUrl, RemoteRefUpdate update, List<String> remoteLines) {
        List<String> why = new ArrayList<>();
        if (update.getMessage() != null && !update.getMessage().isBlank()) {
            why.add(oneLine(update.getMessage()));
        } else {
            why.add(update.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (!remoteLines.isEmpty()) {
            why.add("remote said: " + remoteLines.get(remoteLines.size() - 1));
        }
        return new PipelineException(ExitCode.BAD_INPUT, "push to " + gitUrl + " rejected: " + String.join("; ", why));
    }

    private static Path createGitDir(Path appDir) {
        try {
            return Files.createTempDirectory(appDir.toAbsolutePath().getParent(), "." + appDir.getFileName() + GIT_DIR_INFIX);
        } catch (IOException e) {
            throw PipelineException.io("cannot create a repository next to " + appDir, e);
        }
    }

    /** JGit starts its transport messages with the URL (password removed); ours already names it. */
    private static String withoutUrlPrefix(String gitUrl, String message) {
        String m = oneLine(message);
        try {
            String prefix = new URIish(gitUrl).setPass(null) + ": ";
            return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        } catch (URISyntaxException e) {
            return m;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
