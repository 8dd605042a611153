package org.exoconsent.cli;

import static org.exoconsent.records.DamagedStoreException.plain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.exoconsent.records.Permission;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.TemplateLibrary;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;
import org.exoconsent.usecases.TemplateAdministration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "Work with consent templates.",
        subcommands = {TemplatesCommand.Check.class, TemplatesCommand.ListVersions.class,
            TemplatesCommand.Import.class, TemplatesCommand.Activate.class, TemplatesCommand.Show.class,
            TemplatesCommand.Leaflet.class})
final class TemplatesCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: templates check, list, import, activate, show, leaflet");
    }

    /** One command's work with the template versions, returning its exit code. */
    interface Work {
        int run(TemplateAdministration templates) throws StoreException;
    }

    /** Runs {@code work} as the person {@code command} signs in (exit 5 when refused); a failure is printed. */
    static int run(ExoConsentCli cli, String command, Permission needs, Work work) {
        try {
            return work.run(new TemplateAdministration(new CommandOpening(cli, command, needs)));
        } catch (StoreException e) {
            cli.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate every template under DIR (default: the bundled templates). Each problem is "
                    + "printed as FILE:LINE:COLUMN: FIELD: message; the exit code is 3 if any is found.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        TemplatesCommand parent;

        @Parameters(arity = "0..1", paramLabel = "DIR", description = "A template folder or a folder of them.")
        Path dir;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            Path root;
            try {
                root = dir != null ? dir : BundledTemplates.root();
            } catch (IOException e) {
                cli.err.println("exoconsent: " + e.getMessage());
                return ExitCodes.ENVIRONMENT;
            }
            if (!Files.isDirectory(root)) {
                cli.err.println(root + ": no such folder");
                return ExitCodes.INVALID_INPUT;
            }
            List<TemplateLoader.CheckResult> results;
            try {
                results = new TemplateLoader().checkAll(root);
            } catch (IOException e) {
                cli.err.println(root + ": cannot be read: " + e.getMessage());
                return ExitCodes.ENVIRONMENT;
            }
            if (results.isEmpty()) {
                cli.err.println(root + ": contains no template folder (a folder with " + TemplateLoader.MANIFEST
                        + ")");
                return ExitCodes.INVALID_INPUT;
            }
            int bad = 0;
            for (TemplateLoader.CheckResult r : results) {
                if (r.valid()) {
                    ConsentTemplate t = r.template();
                    cli.out.printf("%s: OK — %s version %s, effective %s, languages %s, %d sections, "
                                    + "%d questions, SHA-256 %s%n", r.folder(), t.id(), t.version(),
                            t.manifest().effectiveDate(), String.join(", ", t.languages()),
                            t.manifest().sections().size(), t.manifest().questions().size(), t.sha256());
                } else {
                    bad++;
                    r.problems().forEach(p -> cli.err.println(p));
                    cli.err.println(r.folder() + ": INVALID — " + r.problems().size() + " problem"
                            + (r.problems().size() == 1 ? "" : "s"));
                }
            }
            return bad == 0 ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the clinic's template versions (bundled and imported); '*' marks the version new "
                    + "consultations use. Needs a sign-in.",
                "Exit 1 when a version's stored time or date cannot be read (changed outside ExoConsent), or a "
                        + "version was added outside ExoConsent (no 'template-added' audit entry: never used): every "
                        + "version is listed all the same, that value shown as 'unreadable (damaged)' or the version "
                        + "marked, and each damage is named after the list with its repair."})
    static final class ListVersions implements Callable<Integer> {
        @ParentCommand
        TemplatesCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return run(cli, "templates list", Permission.READ_CATALOG, templates -> {
                TemplateAdministration.Library library = templates.library();
                List<TemplateLibrary.Version> all = library.versions();
                org.exoconsent.consent.ClinicClock clock = library.clock();
                cli.out.printf("  %-18s %-8s %-10s %-9s %-8s %-20s %s%n", "TEMPLATE", "VERSION", "EFFECTIVE",
                        "LANGUAGES", "SOURCE", "ADDED", "SHA-256");
                String unreadable = org.exoconsent.records.RecordRow.UNREADABLE;
                for (TemplateLibrary.Version v : all) {
                    // a version whose stored time cannot be read is listed all the same, that field marked
                    // the row's own texts as plain text: a row put in with SQL cannot forge a line (review of 17)
                    cli.out.printf("%s %-18s %-8s %-10s %-9s %-8s %-20s %s%n", v.active() ? "*" : " ", plain(v.id()),
                            plain(v.version()), v.effectiveDate() == null ? unreadable : v.effectiveDate(),
                            plain(String.join(",", v.languages())), plain(v.source()),
                            v.addedAt() == null ? unreadable : clock.onScreen(v.addedAt()), plain(v.sha256()));
                    if (v.containsErrors()) {
                        cli.out.printf("    contains errors: corrected by %s; not used for new consultations%n",
                                String.join(", ", v.correctedBy()));
                    }
                    if (v.addedOutside()) { // a row put in with SQL: marked under it, named after the list
                        cli.out.printf("    added outside ExoConsent (no 'template-added' audit entry): never used, "
                                + "cannot be activated%n");
                    }
                    if (v.activationTimeDamaged()) { // not a column: said under the version, which stays chosen
                        cli.out.printf("    the time it was chosen for new consultations: %s%n", unreadable);
                    }
                }
                cli.out.println("(* = the version the clinic chose for new consultations; docs/TEMPLATES.md says "
                        + "what each bundled version changed)");
                // then the damage named (table, row, column, value, repair): exit 1, as a recall's
                List<String> damage = all.stream().flatMap(v -> v.damage().stream()).distinct().toList();
                // a version added outside ExoConsent (no 'template-added' entry) is said in its own words
                List<String> outside = damage.stream().filter(d -> d.contains(TemplateLibrary.ADDED_OUTSIDE)).toList();
                ExportCommand.damaged(cli, damage.stream().filter(d -> !outside.contains(d)).toList(), "list",
                        "its version", "their versions");
                if (!outside.isEmpty()) {
                    cli.err.printf("DAMAGED: %d template version%s added outside ExoConsent (no 'template-added' "
                            + "audit entry); the list shows %s marked; never used:%n", outside.size(),
                            outside.size() == 1 ? " was" : "s were", outside.size() == 1 ? "it" : "them");
                    outside.forEach(d -> cli.err.println("DAMAGED: " + d));
                }
                return damage.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_INTACT;
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Add a new version of a template to the clinic's library (administrators; audited).",
                "The folder is checked first, with every rule of 'templates check'; a version number the clinic "
                        + "already has is refused. The new version is not used until it is activated."})
    static final class Import implements Callable<Integer> {
        @ParentCommand
        TemplatesCommand parent;

        @Parameters(index = "0", paramLabel = "DIR", description = "The template folder (named after its id).")
        Path dir;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            try {
                TemplateLibrary.Version v = new TemplateAdministration(new CommandOpening(cli, "templates import",
                        Permission.MANAGE_TEMPLATES)).importVersion(dir);
                cli.out.printf("%s: imported %s version %s (effective %s, SHA-256 %s)%n", dir, v.id(), v.version(),
                        v.effectiveDate(), v.sha256());
                cli.out.printf("  not in use yet; to use it for new consultations: exoconsent templates activate "
                        + "%s %s%n", v.id(), v.version());
                return ExitCodes.OK;
            } catch (TemplateException e) {
                e.problems().forEach(p -> cli.err.println(p));
                cli.err.println(dir + ": INVALID — " + e.problems().size() + " problem"
                        + (e.problems().size() == 1 ? "" : "s") + "; nothing was imported");
                return ExitCodes.INVALID_INPUT;
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            }
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = {"Choose the version new consultations use (administrators; audited).",
                "Drafts and records keep the version they were made with."})
    static final class Activate implements Callable<Integer> {
        @ParentCommand
        TemplatesCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "The template id, e.g. exosome-therapy.")
        String id;

        @Parameters(index = "1", paramLabel = "VERSION", description = "A version the clinic has (templates list).")
        String version;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return run(cli, "templates activate", Permission.MANAGE_TEMPLATES, templates -> {
                TemplateAdministration.Activated a = templates.activate(id, version);
                TemplateLibrary.Version v = a.version();
                cli.out.printf(a.alreadyActive() ? "%s version %s is already the one used for new consultations%n"
                        : "%s version %s is now used for new consultations%n", v.id(), v.version());
                java.time.LocalDate today = a.today();
                if (v.effectiveDate().isAfter(today)) {
                    cli.out.printf("  note: its effective date is %s, later than today (%s)%n", v.effectiveDate(),
                            today);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"One version of the clinic's library: its dates, whether it is used, whether it was found "
                    + "to contain errors, and what it corrects (the list an administrator reviews before activating "
                    + "it). Needs a sign-in."})
    static final class Show implements Callable<Integer> {
        @ParentCommand
        TemplatesCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "The template id, e.g. exosome-therapy.")
        String id;

        @Parameters(index = "1", paramLabel = "VERSION", description = "A version the clinic has (templates list).")
        String version;

        @Option(names = "--language", paramLabel = "LANG", defaultValue = "en",
                description = "The language of the list of corrections (default: ${DEFAULT-VALUE}).")
        String language;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return run(cli, "templates show", Permission.READ_CATALOG, templates -> {
                TemplateAdministration.Shown shown = templates.show(id, version);
                if (shown == null) {
                    cli.err.println("template '" + id + "' version " + version + ": the clinic does not have it "
                            + "(see: exoconsent templates list)");
                    return ExitCodes.INVALID_INPUT;
                }
                TemplateLibrary.Version v = shown.version();
                ConsentTemplate t = shown.template();
                cli.out.printf("%s version %s (format %d)%n", id, version, t.format());
                cli.out.printf("  effective from %s; languages %s; %s; SHA-256 %s%n", v.effectiveDate(),
                        String.join(", ", v.languages()), v.bundled() ? "came with the program" : "imported",
                        v.sha256());
                cli.out.printf("  %s%n", v.active() ? "chosen for new consultations" : "not chosen");
                if (v.containsErrors()) {
                    cli.out.printf("  contains errors: corrected by %s; never used for a new consent%n",
                            String.join(", ", v.correctedBy()));
                }
                if (!t.manifest().corrects().isEmpty()) {
                    cli.out.printf("  corrects %s:%n", String.join(", ", t.manifest().corrects()));
                    t.languageOrFirst(language).corrections().forEach(c -> cli.out.println("  - " + c));
                }
                return ExitCodes.OK;
            });
        }
    }

    // no standard --version here: issue 11 names the leaflet's template version --version, as the clinic reads it
    @Command(name = "leaflet",
            description = {"Print the explanation as a leaflet to read at home: no patient data, no signatures.",
                "For one product and route of the catalog, or, without them, with every variant labelled. Needs a "
                        + "sign-in."})
    static final class Leaflet implements Callable<Integer> {
        @ParentCommand
        TemplatesCommand parent;

        @Option(names = "--language", required = true, paramLabel = "LANG", description = "ja or en.")
        String language;

        @Option(names = "--product", paramLabel = "NAME", description = "A product of the clinic's catalog "
                + "(default: every product, variants labelled).")
        String product;

        @Option(names = "--route", paramLabel = "ROUTE", description = "iv, injection or topical (default: every "
                + "route, variants labelled).")
        String route;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = {"--template-version", "--version"}, paramLabel = "VERSION", description = "The template "
                + "version (default: the one new consultations use).")
        String version;

        @Option(names = "--template", paramLabel = "ID", defaultValue = "exosome-therapy",
                description = "The template id (default: ${DEFAULT-VALUE}).")
        String id;

        @Option(names = "--out", required = true, paramLabel = "FILE.pdf", description = "Where to write it.")
        Path out;

        @Option(names = "--overwrite", description = "Replace FILE if it exists.")
        boolean overwrite;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            org.exoconsent.consent.ConsentSession.Route r = null;
            if (route != null) {
                try {
                    r = org.exoconsent.consent.ConsentSession.Route.valueOf(route.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    cli.err.println("--route " + route + ": not one of iv, injection, topical; nothing was written");
                    return ExitCodes.INVALID_INPUT;
                }
            }
            if (OutputPaths.refused(cli, out, "The leaflet")) {
                return ExitCodes.INVALID_INPUT;
            }
            if (OutputPaths.existing(cli, out, overwrite)) {
                return ExitCodes.ENVIRONMENT;
            }
            org.exoconsent.consent.ConsentSession.Route chosen = r;
            return run(cli, "templates leaflet", Permission.READ_CATALOG, templates -> {
                long bytes = templates.leaflet(id, version, language, product, chosen, out, overwrite);
                cli.out.printf("%s: leaflet in %s, %d bytes%n", out, language, bytes);
                return ExitCodes.OK;
            });
        }
    }
}
