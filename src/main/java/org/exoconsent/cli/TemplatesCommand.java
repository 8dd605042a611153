package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "templates", description = "Work with consent templates.",
        subcommands = TemplatesCommand.Check.class)
final class TemplatesCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: templates check");
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
}
