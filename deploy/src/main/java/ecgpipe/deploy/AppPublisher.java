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
import org.eclipse.jgit.api.FetchCommand;
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
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * Commits the app directory and pushes it to the app's git repository, branch {@code main}. Each deploy is
 * a new commit on top of the one the remote has (fetched first), so the app repository keeps a history of
 * deploys that {@code git log} and a rollback can use; {@code force} instead pushes a parentless commit over
 * whatever is there, replacing that history.
 *
 * <p>The commit is built in a bare repository beside the app directory ({@code .<app-dir>.git}), straight
 * from the files (blobs, then a tree, then the commit), so no {@code .git} ever appears inside the app
 * directory or the data. That repository is kept between deploys as a cache: the fetch then brings nothing
 * new, and the push sends only the files that changed since the previous deploy.
 */
final class AppPublisher {
    static final String BRANCH = "main";
    static final String AUTHOR_NAME = "ecgpipe deploy";
    static final String AUTHOR_EMAIL = "deploy@ecgpipe.invalid";
    /** Seconds without progress before a push is abandoned; Heroku streams its build log, so silence means trouble. */
    static final int TRANSPORT_TIMEOUT_SECONDS = 300;
    /** Old, per-run temporary repositories were "." + app directory name + this + a random suffix. */
    static final String GIT_DIR_INFIX = "-git-";
    /** The kept repository is "." + app directory name + this, beside the app directory. */
    static final String CACHE_SUFFIX = ".git";
    private static final String REMOTE_REFS = "refs/remotes/deploy/";

    record Published(ObjectId commit, Optional<ObjectId> parent, String gitUrl) {
    }

    static Path cacheDir(Path appDir) {
        Path abs = appDir.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + CACHE_SUFFIX);
    }

    /**
     * @param force       push a parentless commit and overwrite the remote branch
     * @param remoteLines receives the remote's messages (Heroku's build log) line by line
     */
    Published publish(AssembledApp app, String gitUrl, Optional<CredentialsProvider> credentials, String message,
                      boolean force, Consumer<String> remoteLines) {
        Path gitDir = cacheDir(app.dir());
        try (Git git = openCache(gitDir)) {
            Optional<ObjectId> parent = force ? Optional.empty() : fetchHead(git, gitUrl, credentials);
            ObjectId commit = commit(git.getRepository(), app, message, parent);
            push(git, gitUrl, credentials, force, remoteLines);
            return new Published(commit, parent, gitUrl);
        } catch (IOException e) {
            throw PipelineException.io("cannot use the app repository in " + gitDir, e);
        }
    }

    /** The kept repository, or a new one when it is missing or unreadable (it is only a cache). */
    private static Git openCache(Path gitDir) throws IOException {
        if (Files.isDirectory(gitDir)) {
            try {
                Git git = Git.open(gitDir.toFile());
                git.getRepository().getRefDatabase().getRefs();
                return git;
            } catch (IOException | RuntimeException e) {
                AppAssembler.deleteTree(gitDir);
            }
        }
        try {
            Git git = Git.init().setBare(true).setDirectory(gitDir.toFile()).setInitialBranch(BRANCH).call();
            tuneCompression(git.getRepository());
            return git;
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The remote's current {@code main}, fetched into the cache; empty for a new app. */
    private static Optional<ObjectId> fetchHead(Git git, String gitUrl, Optional<CredentialsProvider> credentials) {
        String shown = HerokuCredentials.displayable(gitUrl);
        FetchCommand fetch = git.fetch().setRemote(gitUrl)
                // A wildcard: a remote without main (a new app) is then no error.
                .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + REMOTE_REFS + "*"))
                .setRemoveDeletedRefs(true)
                .setTimeout(TRANSPORT_TIMEOUT_SECONDS);
        credentials.ifPresent(fetch::setCredentialsProvider);
        try {
            fetch.call();
            Ref head = git.getRepository().exactRef(REMOTE_REFS + BRANCH);
            return Optional.ofNullable(head).map(Ref::getObjectId);
        } catch (InvalidRemoteException e) {
            throw PipelineException.usage("not a git URL: " + shown);
        } catch (TransportException e) {
            throw transportFailure(shown, withoutUrlPrefix(gitUrl, e.getMessage()), e);
        } catch (GitAPIException | IOException e) {
            throw PipelineException.unavailable("fetch from " + shown + " failed: " + oneLine(e.getMessage()), e);
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

    static ObjectId commit(Repository repo, AssembledApp app, String message, Optional<ObjectId> parent) {
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
            parent.ifPresent(commit::setParentId);
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

    private static void push(Git git, String gitUrl, Optional<CredentialsProvider> credentials, boolean force,
                             Consumer<String> remoteLines) {
        RemoteMessages messages = new RemoteMessages(remoteLines);
        String shown = HerokuCredentials.displayable(gitUrl);
        String ref = Constants.R_HEADS + BRANCH;
        PushCommand push = git.push()
                .setRemote(gitUrl)
                .setRefSpecs(new RefSpec((force ? "+" : "") + ref + ":" + ref))
                .setForce(force)
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
        if (update.getStatus() == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD) {
            return new PipelineException(ExitCode.TEMPORARY, "push to " + gitUrl + " rejected: " + BRANCH
                    + " moved while this deploy ran (another deploy?): rerun, or pass --force to replace it");
        }
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
