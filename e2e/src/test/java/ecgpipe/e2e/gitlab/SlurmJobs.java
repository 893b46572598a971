package ecgpipe.e2e.gitlab;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Slurm jobs a CI job log names (our executor prints the id it submitted), and which are still queued. */
final class SlurmJobs {
    private static final Pattern ID = Pattern.compile("(?i)(?:submitted batch job|slurm job(?: id)?:?) (\\d+)");

    private SlurmJobs() {
    }

    static List<String> idsIn(String log) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        Matcher m = ID.matcher(log);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return new ArrayList<>(ids);
    }

    /** Those of {@code ids} that squeue still lists (pending, running, completing). Only our own ids are asked. */
    static List<String> stillQueued(List<String> ids) throws Exception {
        if (ids.isEmpty()) {
            return List.of();
        }
        Process p = new ProcessBuilder("squeue", "-h", "-o", "%i %T", "-j", String.join(",", ids))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        List<String> queued = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && ids.contains(f[0])) {
                queued.add(line.strip());
            }
        }
        return queued;
    }
}
