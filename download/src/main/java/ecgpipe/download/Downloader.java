package ecgpipe.download;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import ecgpipe.common.concurrent.ParallelMap;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The download stage: lists the source, then fetches every object that is not already up to date locally,
 * {@code transfers} at a time, keeping the manifest current.
 *
 * <p>Failures: a failure to list is fatal at once. A failure of one object does not stop the others (a
 * rerun then fetches only what is missing), except an unreachable endpoint, after which nothing new is
 * started. When one object failed its error is the run's error; when several did, each is reported and
 * the run exits with their shared code, or "partial" when they differ.
 */
public final class Downloader {
    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
    private final PrintWriter out;
    private final PrintWriter err;

    /** {@code out} gets per-object lines (with -v or --dry-run); {@code err} gets per-object failures. */
    public Downloader(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    private enum Kind { DOWNLOADED, SKIPPED, FAILED, NOT_STARTED }

    private record Outcome(Kind kind, long bytes, PipelineException failure) {
    }

    /** An object and the local file it goes to, checked before anything is written. */
    private record Planned(RemoteObject object, Path target) {
    }

    public DownloadSummary run(DownloadRequest r) {
        if (r.transfers() < 1) {
            throw PipelineException.usage("--transfers must be at least 1, not " + r.transfers());
        }
        Path dest = r.destination();
        if (Files.exists(dest) && !Files.isDirectory(dest)) {
            throw PipelineException.usage(dest + ": exists and is not a directory");
        }
        long start = System.nanoTime();
        PhaseClock clock = new PhaseClock();
        clock.mark("command line");
        boolean anonymous = r.auth() instanceof DownloadRequest.Anonymous;
        try (S3Client s3 = S3ClientFactory.create(r)) {
            clock.mark("client");
            List<RemoteObject> listed = SourceListing.resolve(s3, r.source(), anonymous);
            clock.mark("listing");
            List<RemoteObject> objects = listed.stream().filter(o -> r.filters().includes(o.relativePath())).toList();
            int excluded = listed.size() - objects.size();
            // Check every key before touching the disk, so a hostile listing leaves nothing behind.
            List<Planned> plan = new ArrayList<>(objects.size());
            for (RemoteObject o : objects) {
                plan.add(new Planned(o, KeyPaths.resolve(dest, o.relativePath(), r.source().uri(o.key()))));
            }
            if (!r.dryRun()) {
                createDirectory(dest);
                sweepTemporaries(dest, resumable(r, plan));
            }
            DownloadManifest manifest = DownloadManifest.load(dest);
            clock.mark("plan");
            LOG.debug("{}: {} objects listed ({} excluded by filters) in {} ms; the manifest knows {} files",
                    r.source(), listed.size(), excluded, (System.nanoTime() - start) / 1_000_000, manifest.size());
            // Two passes: first what is already here (cheap with the manifest), so the progress display knows
            // the real amount to transfer; then the transfers.
            List<Outcome> checked = ParallelMap.map("download-check", plan, r.transfers(),
                    p -> check(r, manifest, p.object(), p.target()));
            clock.mark("check");
            List<Planned> toFetch = new ArrayList<>();
            long bytesToFetch = 0;
            for (int i = 0; i < plan.size(); i++) {
                if (checked.get(i) == null) {
                    toFetch.add(plan.get(i));
                    bytesToFetch += plan.get(i).object().size();
                }
            }
            List<Outcome> outcomes = new ArrayList<>(checked.stream().filter(o -> o != null).toList());
            try (TransferProgress progress = new TransferProgress(err, r.progress())) {
                if (!r.dryRun()) {
                    progress.start(toFetch.size(), bytesToFetch);
                }
                outcomes.addAll(transferAll(r, s3, anonymous, toFetch, manifest, progress));
            }
            clock.mark("transfers");
            if (!r.dryRun()) {
                manifest.save();
            }
            clock.mark("manifest");
            LOG.debug("timings: {}", clock.report());
            return summarize(r, outcomes, excluded, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The files a rerun may resume: large objects' temporary files, which the sweep must keep. */
    private static Set<Path> resumable(DownloadRequest r, List<Planned> plan) {
        Set<Path> keep = new HashSet<>();
        for (Planned p : plan) {
            if (p.object().size() >= r.ranged().cutoff()) {
                keep.add(RangedTransfer.dataFileFor(p.target()));
                keep.add(RangedTransfer.stateFileFor(p.target()));
            }
        }
        return keep;
    }

    /** process() turns every expected failure into an Outcome; what escapes it is a bug, shown as one. */
    private List<Outcome> transferAll(DownloadRequest r, S3Client s3, boolean anonymous, List<Planned> plan,
            DownloadManifest manifest, TransferProgress progress) {
        ObjectTransfer transfer = new ObjectTransfer(s3, r.source().bucket(), anonymous, r.ranged(), progress,
                line -> {
                    synchronized (err) {
                        err.println("download: " + line);
                        err.flush();
                    }
                });
        AtomicBoolean abort = new AtomicBoolean();
        return ParallelMap.map("download", plan, r.transfers(),
                p -> process(r, transfer, manifest, p.object(), p.target(), abort, progress));
    }

    /** SKIPPED when the local file is up to date, null when the object is to be fetched. */
    private Outcome check(DownloadRequest r, DownloadManifest manifest, RemoteObject o, Path target) {
        try {
            if (isUpToDate(r.source().bucket(), o, target, manifest)) {
                if (r.verbose() || r.dryRun()) {
                    say("skipped " + o.relativePath() + " (unchanged)");
                }
                return new Outcome(Kind.SKIPPED, o.size(), null);
            }
            return null;
        } catch (PipelineException e) {
            return new Outcome(Kind.FAILED, 0, e);
        }
    }

    private Outcome process(DownloadRequest r, ObjectTransfer transfer, DownloadManifest manifest, RemoteObject o,
            Path target, AtomicBoolean abort, TransferProgress progress) {
        if (abort.get()) {
            return new Outcome(Kind.NOT_STARTED, 0, null);
        }
        try {
            if (r.dryRun()) {
                say("would download " + o.relativePath() + " (" + DownloadSummary.size(o.size()) + ")");
                return new Outcome(Kind.DOWNLOADED, o.size(), null);
            }
            ObjectTransfer.Result res = transfer.fetch(o, target);
            progress.fileDone();
            manifest.put(new DownloadManifest.Entry(o.relativePath(), r.source().bucket(), o.key(), res.bytes(),
                    res.etag(), res.md5(), res.mtimeMillis(), Instant.now()));
            manifest.saveIfDue();
            if (r.verbose()) {
                say("downloaded " + o.relativePath() + " (" + DownloadSummary.size(res.bytes()) + ")");
            }
            return new Outcome(Kind.DOWNLOADED, res.bytes(), null);
        } catch (PipelineException e) {
            if (e.exitCode() == ExitCode.UNAVAILABLE) {
                abort.set(true);
            }
            return new Outcome(Kind.FAILED, 0, e);
        }
    }

    /**
     * True when {@code target} already holds the object. The manifest vouches for a file we wrote that
     * nobody touched since (same size and mtime): then only the ETag is compared, without reading the file.
     * Otherwise a file of the right size is hashed and compared with an MD5 ETag; a file whose object has a
     * multipart ETag cannot be checked that way and is fetched again.
     */
    private static boolean isUpToDate(String bucket, RemoteObject o, Path target, DownloadManifest manifest) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class);
        } catch (IOException e) {
            return false; // no file (or unreadable): fetch it
        }
        if (!attrs.isRegularFile() || attrs.size() != o.size()) {
            return false;
        }
        long mtime = attrs.lastModifiedTime().toMillis();
        Optional<DownloadManifest.Entry> recorded = manifest.get(o.relativePath());
        if (recorded.isPresent()) {
            DownloadManifest.Entry e = recorded.get();
            if (e.bucket().equals(bucket) && e.key().equals(o.key()) && e.size() == attrs.size()
                    && e.mtimeMillis() == mtime) {
                return e.etag().equals(o.etag());
            }
        }
        if (!ETag.looksLikeMd5(o.etag())) {
            return false;
        }
        String md5 = ObjectTransfer.md5OfFile(target);
        if (!md5.equals(o.etag())) {
            return false;
        }
        manifest.put(new DownloadManifest.Entry(o.relativePath(), bucket, o.key(), attrs.size(), o.etag(), md5,
                mtime, Instant.now()));
        return true;
    }

    private DownloadSummary summarize(DownloadRequest r, List<Outcome> outcomes, int excluded, Duration elapsed) {
        int downloaded = 0;
        int skipped = 0;
        long bytes = 0;
        List<PipelineException> failures = new ArrayList<>();
        int notStarted = 0;
        for (Outcome o : outcomes) {
            switch (o.kind()) {
                case DOWNLOADED -> {
                    downloaded++;
                    bytes += o.bytes();
                }
                case SKIPPED -> skipped++;
                case FAILED -> failures.add(o.failure());
                case NOT_STARTED -> notStarted++;
            }
        }
        if (failures.isEmpty()) {
            return new DownloadSummary(downloaded, bytes, skipped, excluded, elapsed, r.dryRun());
        }
        // Download judges a run by its failures alone, whatever was fetched beside them (counted as 0 succeeded
        // below): the fetched objects are kept and a rerun fetches only the failed ones, so the code says what to
        // fix. One corrupt object among good ones thus exits 65, not 3 (DownloaderTest pins this).
        if (failures.size() == 1 && notStarted == 0) {
            throw failures.get(0);
        }
        for (PipelineException f : failures) {
            synchronized (err) {
                err.println("download: failed: " + f.getMessage());
            }
        }
        err.flush();
        int code = ExitCode.combine(0, failures.stream().map(PipelineException::exitCode).toList());
        String message = failures.size() + " of " + outcomes.size() + " objects failed"
                + (notStarted > 0 ? " (" + notStarted + " not attempted)" : "") + "; " + downloaded
                + " downloaded, " + skipped + " skipped; rerun to fetch the rest. First failure: "
                + failures.get(0).getMessage();
        throw new PipelineException(code, message, failures.get(0));
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static void createDirectory(Path dest) {
        try {
            Files.createDirectories(dest);
        } catch (IOException e) {
            throw PipelineException.io("cannot create " + dest, e);
        }
    }

    /**
     * Removes temporary files an interrupted earlier run left anywhere under the destination, except the
     * resumable ones of large objects this run is about to fetch.
     */
    private static void sweepTemporaries(Path dest, Set<Path> keep) {
        try (Stream<Path> files = Files.walk(dest)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (AtomicFiles.isTemporary(p) && Files.isRegularFile(p) && !keep.contains(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw PipelineException.io("cannot clean temporary files under " + dest, e);
        }
    }
}
