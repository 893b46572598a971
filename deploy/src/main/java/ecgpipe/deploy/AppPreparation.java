package ecgpipe.deploy;

import ecgpipe.common.PipelineException;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Makes sure the app exists before anything is pushed to it: an explicit name is used if it exists and
 * created if not; an anonymous one is the remembered name, or a new random one that is created, retrying
 * with another draw when a name is taken, and then remembered.
 */
final class AppPreparation {
    private final HerokuApi api;
    private final PrintWriter out;

    AppPreparation(HerokuApi api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    HerokuApi.App prepare(Optional<AppName> explicit, Optional<AnonymousAppName> anonymous, String region, String stack) {
        if (explicit.isPresent()) {
            return existingOrNew(explicit.get(), region, stack);
        }
        AnonymousAppName names = anonymous.orElseThrow();
        Optional<AppName> remembered = names.remembered();
        if (remembered.isPresent()) {
            try {
                return existingOrNew(remembered.get(), region, stack);
            } catch (HerokuApi.NameTakenException | HerokuApi.NotYoursException e) {
                out.printf("app: the remembered name %s now belongs to someone else; drawing a new one%n",
                        remembered.get());
            }
        }
        PipelineException last = null;
        for (int i = 0; i < Deployer.NAME_DRAWS; i++) {
            AppName candidate = names.draw();
            try {
                HerokuApi.App created = api.createApp(candidate.value(), region, stack);
                names.remember(candidate);
                out.printf("app: created %s (region %s, stack %s); name remembered in %s%n", created.name(),
                        orDash(created.region()), orDash(created.stack()), names.file());
                return created;
            } catch (HerokuApi.NameTakenException e) {
                last = e;
            }
        }
        throw PipelineException.usage("no free app name after " + Deployer.NAME_DRAWS + " random draws with this"
                + " --app-prefix (" + last.getMessage() + "): choose a longer or rarer prefix");
    }

    private HerokuApi.App existingOrNew(AppName name, String region, String stack) {
        Optional<HerokuApi.App> found = api.findApp(name.value());
        if (found.isPresent()) {
            HerokuApi.App a = found.get();
            out.printf("app: %s exists (region %s, stack %s)%n", a.name(), orDash(a.region()), orDash(a.stack()));
            return a;
        }
        HerokuApi.App created = api.createApp(name.value(), region, stack);
        out.printf("app: created %s (region %s, stack %s)%n", created.name(), orDash(created.region()),
                orDash(created.stack()));
        return created;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
