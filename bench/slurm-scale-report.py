#!/usr/bin/env python3
"""The tables of one bench/slurm-scale.sh run (standard library only).

usage: slurm-scale-report.py RUN_DIR RECORDS

Each configuration directory holds what the run noted: `submits` (stage, job id, submit time), one `.task` file
per task (stage, shard, job ids, begin and end of the task script, exit code), the jar's `/usr/bin/time` line
(wall, user, system, peak RSS) and log, and Slurm's own record of the jobs (`scontrol -o show job`, and `sacct`
when accounting is on). Times from `date +%s.%N` are precise; Slurm's are whole seconds.
"""
import os
import re
import statistics
import sys
from datetime import datetime

run_dir, records = sys.argv[1], int(sys.argv[2])


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def slurm_time(text):
    if not text or text in ("Unknown", "None"):
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S").timestamp()


def slurm_jobs(cdir):
    """Job id -> (submit, start, end) as Slurm recorded them: scontrol, else sacct."""
    jobs = {}
    for line in read(os.path.join(cdir, "sacct.txt")).splitlines():
        f = line.split("|")
        if len(f) >= 5 and re.fullmatch(r"\d+(_\d+)?", f[0]):
            jobs[f[0]] = (slurm_time(f[2]), slurm_time(f[3]), slurm_time(f[4]))
    for line in read(os.path.join(cdir, "scontrol.txt")).splitlines():
        kv = dict(re.findall(r"(\w+)=(\S*)", line))
        if "JobId" in kv:
            t = (slurm_time(kv.get("SubmitTime")), slurm_time(kv.get("StartTime")), slurm_time(kv.get("EndTime")))
            jobs[kv["JobId"]] = t
            if kv.get("ArrayJobId") and kv.get("ArrayTaskId"):
                jobs[kv["ArrayJobId"] + "_" + kv["ArrayTaskId"]] = t
    return jobs


def own_seconds(log):
    """The time the jar reports for its own work ("converted ... in 0.6 s", "analyzed ... in 3.2 s")."""
    for line in reversed(log.splitlines()):
        m = re.match(r"(converted|analyzed)\b.* in ([0-9.]+) s", line)
        if m:
            return float(m.group(2))
    return None


def failed_records(log):
    """How many records the jar reported as failed."""
    for line in reversed(log.splitlines()):
        m = re.match(r"converted .*, (\d+) failed\)", line) or re.match(r"analyzed .*, failed (\d+) records", line)
        if m:
            return int(m.group(1))
        if re.match(r"(converted|analyzed) ", line):
            return 0
    return None


def records_done(log):
    """How many records the jar converted or analyzed (not skipped)."""
    for line in reversed(log.splitlines()):
        m = re.match(r"(?:converted|analyzed) (\d+)", line)
        if m:
            return int(m.group(1))
    return None


def fit(points):
    """Least-squares line y = a + b x through (x, y) points: (a, b), or None with fewer than two distinct x."""
    if len({x for x, _ in points}) < 2:
        return None
    mx = statistics.mean(x for x, _ in points)
    my = statistics.mean(y for _, y in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return my - b * mx, b


def load_config(name):
    cdir = os.path.join(run_dir, name)
    cfg = {"name": name, "kind": read(os.path.join(cdir, "config")), "tasks": []}
    submits = [l.split() for l in read(os.path.join(cdir, "submits")).splitlines() if l.strip()]
    cfg["submits"] = {s[0]: min(float(x[2]) for x in submits if x[0] == s[0]) for s in submits}
    jobs = slurm_jobs(cdir)
    for fn in sorted(os.listdir(cdir)):
        if not fn.endswith(".task"):
            continue
        stage, shard, job, array_job, t0, t1, rc = read(os.path.join(cdir, fn)).split()
        base = fn[: -len(".task")]
        timing = read(os.path.join(cdir, base + ".time")).splitlines()
        wall = user = sys_ = rss = None
        if timing:
            parts = timing[-1].split()
            if len(parts) == 4:
                wall, user, sys_, rss = float(parts[0]), float(parts[1]), float(parts[2]), int(parts[3])
        key = array_job + "_" + shard if array_job != "-" else job
        sl = jobs.get(key) or jobs.get(job)
        cfg["tasks"].append(dict(stage=stage, shard=int(shard), t0=float(t0), t1=float(t1), rc=int(rc),
                                 wall=wall, cpu=(user or 0) + (sys_ or 0), rss=rss,
                                 own=own_seconds(read(os.path.join(cdir, base + ".log"))), slurm=sl,
                                 failed=failed_records(read(os.path.join(cdir, base + ".log"))),
                                 done=records_done(read(os.path.join(cdir, base + ".log")))))
    ls, le = read(os.path.join(cdir, "load-start"), "0 ?").split(), read(os.path.join(cdir, "load-end"), "0 ?").split()
    cfg["load"] = f"{ls[1]}→{le[1]}"
    foreign = [int(x) for x in read(os.path.join(cdir, "foreign-jobs")).split() if x.isdigit()]
    cfg["foreign"] = max(foreign) if foreign else 0
    held = [int(x) for x in read(os.path.join(cdir, "foreign-cpus")).split() if x.isdigit()]
    cfg["foreign_share"] = f"{statistics.mean(held) / cpus:.0%}" if held else "–"
    cfg["counts"] = "/".join(read(os.path.join(cdir, f), "0") for f in ("h5-count", "results-count", "summary-count"))
    return cfg


def span(cfg):
    conv = [t for t in cfg["tasks"] if t["stage"].startswith("convert")]
    ana = [t for t in cfg["tasks"] if t["stage"].startswith("analyze")]
    start = cfg["submits"].get("convert", min(t["t0"] for t in conv))
    conv_end = max(t["t1"] for t in conv)
    end = max(t["t1"] for t in ana) if ana else conv_end
    return conv_end - start, end - conv_end, end - start


def fmt(x, digits=1):
    return "–" if x is None else f"{x:.{digits}f}"


def mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.mean(xs) if xs else None


about = read(os.path.join(run_dir, "about"))
m = re.search(r"machine (\d+) cores", about)
cpus = int(m.group(1)) if m else 2
configs = [load_config(d) for d in sorted(os.listdir(run_dir)) if os.path.isdir(os.path.join(run_dir, d))]
configs = [c for c in configs if c["tasks"]]
print(read(os.path.join(run_dir, "about")))
print()

direct = [span(c)[2] for c in configs if c["kind"] == "direct"]
direct_rate = records / statistics.mean(direct) * 60 if direct else None
print("| run | configuration | tasks per stage | records per task | convert s | analyze s | total s "
      "| records/min | × direct | CPU s (user+sys) | CPU ms/record | failed tasks (failed records) | retried tasks "
      "| h5/results/summary records "
      "| load 1 min | foreign jobs (max) | CPUs held by foreign jobs (mean) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|---:|---:|")
for c in configs:
    conv_s, ana_s, total = span(c)
    # Tasks per stage as configured (a task killed by Slurm leaves no record of its own).
    n = int(c["kind"].split(":")[1]) if ":" in c["kind"] else 1
    rate = records / total * 60
    cpu = sum(t["cpu"] for t in c["tasks"])
    first = [t for t in c["tasks"] if not t["stage"].endswith("-retry")]
    # A task Slurm killed (memory, time) leaves no record of its own: the configured count tells.
    killed = 2 * n - len(first)
    failed = f"{sum(1 for t in first if t['rc'] != 0) + killed} ({sum(t['failed'] or 0 for t in first)} records" \
        + (f"; {killed} killed by Slurm)" if killed else ")")
    retried = sum(1 for t in c["tasks"] if t["stage"].endswith("-retry"))
    retried = f"{retried}, {sum(1 for t in c['tasks'] if t['stage'].endswith('-retry') and t['rc'] != 0)} failed again" \
        if retried else "0"
    ratio = "–" if c["kind"] == "rerun" or not direct_rate else f"{rate / direct_rate:.2f}"
    print(f"| {c['name']} | {c['kind']} | {n} | {records / n:.0f} | {conv_s:.1f} | {ana_s:.1f} | {total:.1f} "
          f"| {rate:.0f} | {ratio} | {cpu:.0f} | {cpu / records * 1000:.0f} | {failed} | {retried} | {c['counts']} "
          f"| {c['load']} | {c['foreign']} | {c['foreign_share']} |")

print()
print("Per task (mean over the stage's tasks; min–max where it varies). 'JVM + listing + summary' = the jar's wall "
      "time minus the time it reports for its records. 'first start' = first task begins − first submit (convert) or "
      "− last convert task's end (analyze: the dependency's release). 'slot gap' = a later task begins − the end of "
      "the task before it whose CPU it took. 'Slurm run − jar' = Slurm's EndTime − StartTime (whole seconds) − the "
      "jar's wall time.")
print()
print("| run | stage | tasks | jar wall s | jar's own s | JVM + listing + summary s | first start s | slot gap s "
      "| Slurm run − jar s | peak RSS MB mean (max) | CPU s per task |")
print("|---|---|---:|---|---:|---:|---:|---:|---:|---|---:|")
for c in configs:
    conv_end = max(t["t1"] for t in c["tasks"] if t["stage"].startswith("convert"))
    for stage in ("convert", "convert-retry", "analyze", "analyze-retry"):
        ts = sorted((t for t in c["tasks"] if t["stage"] == stage), key=lambda t: t["t0"])
        if not ts:
            continue
        walls = [t["wall"] for t in ts if t["wall"] is not None]
        wall = f"{mean(walls):.1f}" + (f" ({min(walls):.1f}–{max(walls):.1f})" if len(walls) > 1 else "")
        own = mean([t["own"] for t in ts])
        jvm = mean([t["wall"] - t["own"] for t in ts if t["wall"] is not None and t["own"] is not None])
        ref = c["submits"].get(stage) if stage != "analyze" else conv_end
        first = ts[0]["t0"] - ref if ref else None
        # Each later task took a CPU freed by an earlier one: the gap is its begin minus the latest end before it.
        gaps = []
        ends = sorted(t["t1"] for t in c["tasks"])
        slots = 1 if c["kind"] in ("job", "direct", "rerun") else cpus
        for t in ts[slots:]:
            before = [e for e in ends if e <= t["t0"]]
            if before and t["t0"] - before[-1] < 60:
                gaps.append(t["t0"] - before[-1])
        gaps = [g for g in gaps if g is not None]
        slurm_extra = mean([(t["slurm"][2] - t["slurm"][1]) - t["wall"] for t in ts
                            if t["slurm"] and t["slurm"][1] and t["slurm"][2] and t["wall"] is not None])
        rss = [t["rss"] / 1024 for t in ts if t["rss"]]
        gap_text = f"{mean(gaps):.2f} ({len(gaps)})" if gaps else "–"
        print(f"| {c['name']} | {stage} | {len(ts)} | {wall} | {fmt(own)} | {fmt(jvm)} | {fmt(first, 2)} "
              f"| {gap_text} | {fmt(slurm_extra)} | {mean(rss):.0f} ({max(rss):.0f}) | {mean([t['cpu'] for t in ts]):.1f} |")

print()
print("Cost model per single-CPU task (every successful first-attempt task of the array and parallel runs, "
      "least squares over tasks of different sizes): the fixed part is what a task costs before its first "
      "record (JVM start, JIT warm-up, listing, and for analyze the summary of every results file present); "
      "the per-record part is the marginal cost of one 30-minute two-lead record.")
print()
print("| stage | tasks | records per task | CPU s = fixed + per record × n | wall s = fixed + per record × n "
      "| peak RSS MB (max) by records per task |")
print("|---|---:|---|---|---|---|")
for stage in ("convert", "analyze"):
    ts = [t for c in configs if c["kind"].split(":")[0] in ("array", "parallel") for t in c["tasks"]
          if t["stage"] == stage and t["rc"] == 0 and t["done"] and t["wall"] is not None]
    if not ts:
        continue
    sizes = sorted({t["done"] for t in ts})
    cpu, wall = (fit([(t["done"], v(t)) for t in ts]) for v in (lambda t: t["cpu"], lambda t: t["wall"]))
    rss_by_size = ", ".join(f"{n}: {max(t['rss'] for t in ts if t['done'] == n) / 1024:.0f}" for n in sizes)
    text = lambda f, unit: "–" if f is None else f"{f[0]:.1f} + {f[1] * 1000:.1f} {unit} × n"
    print(f"| {stage} | {len(ts)} | {sizes[0]}–{sizes[-1]} | {text(cpu, 'ms')} | {text(wall, 'ms')} "
          f"| {rss_by_size} |")
