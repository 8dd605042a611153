package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record consent sessions as the wizard's \"sign and save\" does: check completeness, render, "
                + "sign, archive, index and audit. Each file is recorded or refused on its own; the exit code is "
                + "non-zero if any was refused.")
final class RecordCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Option(names = "--session", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Session JSON files (several may follow one --session).")
    List<Path> sessions;

    @Option(names = "--templates", paramLabel = "DIR",
            description = "Folder of templates (default: the bundled templates).")
    Path templates;

    @Mixin
    KeyOptions keyOptions;

    @Override
    public Integer call() {
        int refused = 0;
        int recorded = 0;
        Map<String, ConsentTemplate> loaded = new HashMap<>();
        try (RecordStore store = StoreOptions.open(root, "record")) {
            SigningKey key = null;
            for (Path file : sessions) {
                try {
                    ConsentSession s = SessionJson.read(file);
                    ConsentTemplate t = template(s, file, loaded);
                    if (key == null) {
                        org.exoconsent.consent.CompletenessCheck.require(s, t, root.clock.instant(), file.toString());
                        key = keyOptions.load(root.dataDir(), s.clinic().name(), root.env, root.err);
                    }
                    RecordStore.Recorded r = store.record(s, t, key, file.toString());
                    root.out.printf("%s: recorded %s → %s%n", file, r.id(), r.pdf());
                    recorded++;
                } catch (SessionException | TemplateException | StoreException e) {
                    root.err.println(e.getMessage());
                    refused++;
                }
            }
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.ENVIRONMENT;
        } catch (KeyException e) {
            root.err.println(e.getMessage());
            root.err.println("Nothing more was recorded.");
            return ExitCodes.ENVIRONMENT;
        } catch (IOException e) {
            root.err.println("exoconsent: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        root.out.printf("%d recorded, %d refused%n", recorded, refused);
        return refused == 0 ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    private ConsentTemplate template(ConsentSession s, Path file, Map<String, ConsentTemplate> loaded)
            throws SessionException, TemplateException, IOException {
        if (s.template() == null || s.template().id() == null || !s.template().id().matches("[a-z0-9][a-z0-9-]*")) {
            throw new SessionException(file.toString(), List.of(
                    "template.id: missing or not a template id (lower-case letters, digits, '-')"));
        }
        ConsentTemplate cached = loaded.get(s.template().id());
        if (cached != null) {
            return cached;
        }
        Path dir = (templates != null ? templates : BundledTemplates.root()).resolve(s.template().id());
        if (!Files.isDirectory(dir)) {
            throw new SessionException(file.toString(), List.of("template.id: no template '" + s.template().id()
                    + "'"));
        }
        ConsentTemplate t = new TemplateLoader().load(dir);
        loaded.put(s.template().id(), t);
        return t;
    }
}
