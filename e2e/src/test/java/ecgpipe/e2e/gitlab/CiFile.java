package ecgpipe.e2e.gitlab;

import ecgpipe.e2e.gitlab.JobDefinition.Artifacts;
import ecgpipe.e2e.gitlab.JobDefinition.Cache;
import ecgpipe.e2e.gitlab.JobDefinition.Environment;
import ecgpipe.e2e.gitlab.JobDefinition.Instance;
import ecgpipe.e2e.gitlab.JobDefinition.Retry;
import ecgpipe.e2e.gitlab.JobDefinition.VariableValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code .gitlab-ci.yml} read the way GitLab reads it, for the keywords our file uses: {@code stages},
 * {@code variables} (plain and {@code value:}/{@code description:}/{@code expand:} forms), {@code default}
 * ({@code tags}, {@code interruptible}, {@code retry}, {@code before_script}, {@code after_script}),
 * {@code workflow: rules}, and per job {@code stage}, {@code script}, {@code variables}, {@code needs},
 * {@code parallel} (N or {@code matrix}), {@code rules}, {@code artifacts} (paths, {@code expire_in},
 * {@code reports: dotenv}), {@code cache}, {@code retry}, {@code interruptible}, {@code resource_group},
 * {@code environment}, {@code tags}. A keyword outside that list makes loading fail, naming it, so the harness
 * never runs a job differently from GitLab without saying so.
 */
final class CiFile {
    private static final Set<String> GLOBAL_KEYWORDS = Set.of("stages", "variables", "default", "workflow",
            "include", "image", "services", "cache", "before_script", "after_script");
    private static final Set<String> JOB_KEYWORDS = Set.of("stage", "script", "before_script", "after_script",
            "variables", "needs", "parallel", "rules", "artifacts", "cache", "retry", "interruptible",
            "resource_group", "environment", "tags", "timeout");
    private static final Set<String> DEFAULT_KEYWORDS = Set.of("tags", "interruptible", "retry", "before_script",
            "after_script", "timeout");

    final List<String> stages;
    final Map<String, VariableValue> variables;
    final List<Rule> workflowRules;
    final Map<String, JobDefinition> jobs;

    private CiFile(List<String> stages, Map<String, VariableValue> variables, List<Rule> workflowRules,
                   Map<String, JobDefinition> jobs) {
        this.stages = stages;
        this.variables = variables;
        this.workflowRules = workflowRules;
        this.jobs = jobs;
    }

    static CiFile load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    static CiFile parse(String yamlText) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        Map<String, Object> top = map(root, "the file");
        List<String> stages = top.containsKey("stages") ? strings(top.get("stages"), "stages")
                : List.of(".pre", "build", "test", "deploy", ".post");
        Map<String, VariableValue> globals = variables(top.get("variables"), "variables");
        List<Rule> workflow = new ArrayList<>();
        if (top.get("workflow") != null) {
            Map<String, Object> wf = map(top.get("workflow"), "workflow");
            for (Object r : list(wf.get("rules"), "workflow:rules")) {
                workflow.add(Rule.parse(r));
            }
        }
        Map<String, Object> defaults = top.get("default") == null ? Map.of() : map(top.get("default"), "default");
        for (String k : defaults.keySet()) {
            require(DEFAULT_KEYWORDS.contains(k), "default:" + k + " is not supported by the harness");
        }
        Map<String, JobDefinition> jobs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : top.entrySet()) {
            String name = e.getKey();
            if (GLOBAL_KEYWORDS.contains(name) || name.startsWith(".")) {
                require(!Set.of("include", "image", "services", "cache", "before_script", "after_script").contains(name),
                        "the global keyword '" + name + "' is not supported by the harness");
                continue;
            }
            JobDefinition job = job(name, map(e.getValue(), name), defaults);
            require(stages.contains(job.stage()), name + ": stage '" + job.stage() + "' is not in stages:");
            jobs.put(name, job);
        }
        for (JobDefinition j : jobs.values()) {
            for (String need : j.needs().orElse(List.of())) {
                require(jobs.containsKey(need), j.name() + ": needs '" + need + "', which is not a job");
                require(stages.indexOf(jobs.get(need).stage()) <= stages.indexOf(j.stage()),
                        j.name() + ": needs '" + need + "' of a later stage");
            }
        }
        return new CiFile(List.copyOf(stages), globals, List.copyOf(workflow), jobs);
    }

    private static JobDefinition job(String name, Map<String, Object> m, Map<String, Object> defaults) {
        for (String k : m.keySet()) {
            require(JOB_KEYWORDS.contains(k), name + ": keyword '" + k + "' is not supported by the harness");
        }
        Map<String, Object> d = new LinkedHashMap<>(defaults);
        d.putAll(m);
        require(m.containsKey("script"), name + " has no script");
        Optional<List<String>> needs = Optional.empty();
        if (m.containsKey("needs")) {
            List<String> n = new ArrayList<>();
            for (Object o : list(m.get("needs"), name + ":needs")) {
                n.add(o instanceof Map<?, ?> nm ? String.valueOf(nm.get("job")) : String.valueOf(o));
            }
            needs = Optional.of(List.copyOf(n));
        }
        List<Rule> rules = new ArrayList<>();
        if (m.containsKey("rules")) {
            for (Object r : list(m.get("rules"), name + ":rules")) {
                rules.add(Rule.parse(r));
            }
        }
        return new JobDefinition(name, String.valueOf(m.getOrDefault("stage", "test")),
                scriptLines(d.get("before_script")), scriptLines(m.get("script")), scriptLines(d.get("after_script")),
                variables(m.get("variables"), name + ":variables"), needs, parallel(name, m.get("parallel")),
                List.copyOf(rules), artifacts(name, m.get("artifacts")), cache(name, m.get("cache")),
                retry(d.get("retry")), Boolean.TRUE.equals(d.get("interruptible")),
                Optional.ofNullable((String) m.get("resource_group")), environment(m.get("environment")),
                d.containsKey("tags") ? strings(d.get("tags"), name + ":tags") : List.of());
    }

    /** GitLab's names: "job 2/4" for {@code parallel: 4}, "job: [a, b]" for a matrix combination. */
    private static List<Instance> parallel(String job, Object p) {
        if (p == null) {
            return List.of(new Instance("", Map.of()));
        }
        List<Instance> out = new ArrayList<>();
        if (p instanceof Integer n) {
            require(n >= 1 && n <= 200, job + ": parallel must be 1..200");
            for (int i = 1; i <= n; i++) {
                out.add(new Instance(" " + i + "/" + n, Map.of("CI_NODE_INDEX", Integer.toString(i),
                        "CI_NODE_TOTAL", Integer.toString(n))));
            }
            return out;
        }
        Map<String, Object> pm = map(p, job + ":parallel");
        List<Map<String, String>> combos = new ArrayList<>();
        for (Object entry : list(pm.get("matrix"), job + ":parallel:matrix")) {
            List<Map<String, String>> partial = new ArrayList<>(List.of(new LinkedHashMap<>()));
            for (Map.Entry<String, Object> axis : map(entry, job + ":parallel:matrix").entrySet()) {
                List<String> values = axis.getValue() instanceof List<?> ? strings(axis.getValue(), axis.getKey())
                        : List.of(String.valueOf(axis.getValue()));
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> c : partial) {
                    for (String v : values) {
                        Map<String, String> n = new LinkedHashMap<>(c);
                        n.put(axis.getKey(), v);
                        next.add(n);
                    }
                }
                partial = next;
            }
            combos.addAll(partial);
        }
        for (Map<String, String> c : combos) {
            Map<String, String> vars = new LinkedHashMap<>(c);
            // Matrix jobs are parallel jobs too: GitLab sets CI_NODE_INDEX/TOTAL on them as well.
            vars.put("CI_NODE_INDEX", Integer.toString(out.size() + 1));
            vars.put("CI_NODE_TOTAL", Integer.toString(combos.size()));
            out.add(new Instance(": [" + String.join(", ", c.values()) + "]", vars));
        }
        return out;
    }

    private static Artifacts artifacts(String job, Object a) {
        if (a == null) {
            return Artifacts.NONE;
        }
        Map<String, Object> m = map(a, job + ":artifacts");
        Optional<String> dotenv = Optional.empty();
        if (m.get("reports") != null) {
            Map<String, Object> reports = map(m.get("reports"), job + ":artifacts:reports");
            for (String k : reports.keySet()) {
                require(k.equals("dotenv"), job + ": artifacts:reports:" + k + " is not supported by the harness");
            }
            dotenv = Optional.of(String.valueOf(reports.get("dotenv")));
        }
        return new Artifacts(m.containsKey("paths") ? strings(m.get("paths"), job + ":artifacts:paths") : List.of(),
                Optional.ofNullable(m.get("expire_in")).map(String::valueOf), dotenv,
                String.valueOf(m.getOrDefault("when", "on_success")));
    }

    private static Optional<Cache> cache(String job, Object c) {
        if (c == null) {
            return Optional.empty();
        }
        Map<String, Object> m = map(c, job + ":cache");
        require(!(m.get("key") instanceof Map), job + ": cache:key:files is not supported by the harness");
        return Optional.of(new Cache(String.valueOf(m.getOrDefault("key", "default")),
                strings(m.get("paths"), job + ":cache:paths"), String.valueOf(m.getOrDefault("policy", "pull-push"))));
    }

    private static Retry retry(Object r) {
        if (r == null) {
            return Retry.NONE;
        }
        if (r instanceof Integer n) {
            return new Retry(n, List.of());
        }
        Map<String, Object> m = map(r, "retry");
        List<Integer> codes = new ArrayList<>();
        if (m.get("exit_codes") instanceof List<?> l) {
            l.forEach(o -> codes.add((Integer) o));
        } else if (m.get("exit_codes") instanceof Integer i) {
            codes.add(i);
        }
        return new Retry((Integer) m.getOrDefault("max", 0), List.copyOf(codes));
    }

    private static Optional<Environment> environment(Object e) {
        if (e == null) {
            return Optional.empty();
        }
        if (e instanceof String s) {
            return Optional.of(new Environment(s, Optional.empty()));
        }
        Map<String, Object> m = map(e, "environment");
        return Optional.of(new Environment(String.valueOf(m.get("name")),
                Optional.ofNullable(m.get("url")).map(String::valueOf)));
    }

    static Map<String, VariableValue> variables(Object v, String where) {
        Map<String, VariableValue> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : map(v, where).entrySet()) {
            Object value = e.getValue();
            if (value instanceof Map<?, ?> m) {
                out.put(e.getKey(), new VariableValue(m.get("value") == null ? "" : String.valueOf(m.get("value")),
                        !Boolean.FALSE.equals(m.get("expand"))));
            } else {
                out.put(e.getKey(), new VariableValue(value == null ? "" : String.valueOf(value), true));
            }
        }
        return out;
    }

    /** A script is a string or a list of strings, where an entry may itself be a list (GitLab flattens it). */
    private static List<String> scriptLines(Object s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        if (s instanceof List<?> l) {
            for (Object o : l) {
                out.addAll(scriptLines(o));
            }
        } else {
            out.add(String.valueOf(s));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where) {
        require(o instanceof Map, where + " must be a mapping");
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o, String where) {
        require(o instanceof List, where + " must be a list");
        return (List<?>) o;
    }

    private static List<String> strings(Object o, String where) {
        return list(o, where).stream().map(String::valueOf).toList();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(".gitlab-ci.yml: " + message);
        }
    }
}
