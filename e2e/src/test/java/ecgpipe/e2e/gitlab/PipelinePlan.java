package ecgpipe.e2e.gitlab;

import ecgpipe.e2e.gitlab.JobDefinition.Instance;
import ecgpipe.e2e.gitlab.JobDefinition.VariableValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs GitLab creates for one pipeline: {@code workflow: rules} decide whether there is a pipeline at all,
 * then each job's {@code rules} decide whether it is in, evaluated with the pipeline's variables (predefined
 * ones such as {@code CI_PIPELINE_SOURCE} and {@code CI_COMMIT_BRANCH}, the file's, the job's, and the
 * variables given to this pipeline, which win over the file's as in GitLab). Jobs come in stage order.
 */
final class PipelinePlan {
    final boolean created;
    final List<PlannedJob> jobs;

    private PipelinePlan(boolean created, List<PlannedJob> jobs) {
        this.created = created;
        this.jobs = jobs;
    }

    /**
     * @param predefined         GitLab's predefined variables of the pipeline (CI_PIPELINE_SOURCE, CI_COMMIT_BRANCH ...)
     * @param pipelineVariables  project/pipeline variables (Settings → CI/CD → Variables, the Run pipeline form)
     */
    static PipelinePlan of(CiFile file, Map<String, String> predefined, Map<String, String> pipelineVariables) {
        Map<String, String> global = new LinkedHashMap<>(predefined);
        putRaw(global, file.variables);
        global.putAll(pipelineVariables);
        if (!file.workflowRules.isEmpty()
                && Rule.decide(file.workflowRules, CiVariables.expandAll(global)).equals("never")) {
            return new PipelinePlan(false, List.of());
        }
        List<PlannedJob> jobs = new ArrayList<>();
        Map<String, List<String>> instancesOf = new LinkedHashMap<>();
        for (String stage : file.stages) {
            List<String> earlier = jobs.stream().map(PlannedJob::name).toList();
            for (JobDefinition def : file.jobs.values()) {
                if (!def.stage().equals(stage)) {
                    continue;
                }
                for (Instance instance : def.parallel()) {
                    Map<String, String> vars = new LinkedHashMap<>(predefined);
                    putRaw(vars, file.variables);
                    putRaw(vars, def.variables());
                    vars.putAll(instance.variables());
                    vars.putAll(pipelineVariables);
                    String when = def.rules().isEmpty() ? "on_success" : Rule.decide(def.rules(), CiVariables.expandAll(vars));
                    if (when.equals("never")) {
                        continue;
                    }
                    if (!when.equals("on_success")) {
                        throw new IllegalArgumentException(def.name() + ": when: " + when + " is not supported by the harness");
                    }
                    List<String> deps = new ArrayList<>();
                    if (def.needs().isPresent()) {
                        for (String need : def.needs().get()) {
                            // A need of a job that rules left out is an error in GitLab ("... is not defined").
                            List<String> names = instancesOf.get(need);
                            if (names == null) {
                                throw new IllegalStateException(def.name() + " needs '" + need
                                        + "', which is not in this pipeline");
                            }
                            deps.addAll(names);
                        }
                    } else {
                        deps.addAll(earlier);
                    }
                    String name = def.name() + instance.suffix();
                    vars.put("CI_JOB_NAME", name);
                    vars.put("CI_JOB_STAGE", stage);
                    jobs.add(new PlannedJob(name, def, vars, List.copyOf(deps)));
                    instancesOf.computeIfAbsent(def.name(), k -> new ArrayList<>()).add(name);
                }
            }
        }
        return new PipelinePlan(true, List.copyOf(jobs));
    }

    List<String> names() {
        return jobs.stream().map(PlannedJob::name).toList();
    }

    private static void putRaw(Map<String, String> into, Map<String, VariableValue> vars) {
        // expand: false keeps '$' literal: escape it so that the later expansion leaves it alone.
        vars.forEach((k, v) -> into.put(k, v.expand() ? v.value() : v.value().replace("$", "$$")));
    }
}
