package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.Permission;
import org.exoconsent.records.AlreadyRecordedException;
import org.exoconsent.records.KeyRefusedException;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
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

    @Mixin
    TemplateOptions templates;

    @Mixin
    KeyOptions keyOptions;

    /** Sessions rendered ahead of the one being stored: enough to keep both cores busy, few enough to stay small. */
    private static final int WINDOW = 4;

    @Override
    public Integer call() {
        int[] counts = new int[2]; // recorded, refused
        ExecutorService renderers = Executors.newFixedThreadPool(RENDER_THREADS, r -> {
            Thread t = new Thread(r, "exoconsent-render");
            t.setDaemon(true);
            return t;
        });
        Prewarm.start(); // while the password is checked
        try (RecordStore store = StoreOptions.open(root, "record", Permission.CONSULT)) {
            Deque<Pending> pending = new ArrayDeque<>();
            SigningKey key = null;
            for (Path file : sessions) {
                // read and pre-check on this thread (it owns the store); render and sign on the others
                try {
                    ConsentSession s = SessionJson.read(file);
                    ConsentTemplate t = templates.forSession(s, file, store);
                    store.refuseBeforeRecording(s, t, file.toString());
                    if (key == null) {
                        CompletenessCheck.require(s, t, store.clinicClock(), file.toString());
                        SigningKey loaded = keyOptions.load(store, s.clinic().name(), root.env, root.err);
                        // only a registered, current key signs a record (issue 13 §2): refused once, for the batch
                        store.requireRegisteredSigner(loaded, keyOptions.what(root.env), keyOptions.configured(root.env));
                        key = loaded;
                    }
                    SigningKey k = key;
                    pending.add(new Pending(file, renderers.submit(() -> store.prepare(s, t, k, file.toString()))));
                } catch (KeyRefusedException e) {
                    throw e;
                } catch (SessionException | TemplateException | StoreException | RuntimeException e) {
                    // one bad file never stops the others (issue 14 §2): it is reported when its turn comes
                    pending.add(new Pending(file, CompletableFuture.failedFuture(e)));
                }
                while (pending.size() >= WINDOW) {
                    finish(store, pending.poll(), counts);
                }
            }
            while (!pending.isEmpty()) {
                finish(store, pending.poll(), counts);
            }
        } catch (KeyRefusedException e) {
            root.err.println(e.getMessage());
            root.err.printf("%d recorded before the refusal; nothing more was recorded.%n", counts[0]);
            return ExitCodes.INVALID_INPUT;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        } catch (KeyException e) {
            root.err.println(e.getMessage());
            root.err.println("Nothing more was recorded.");
            return ExitCodes.ENVIRONMENT;
        } catch (IOException e) {
            root.err.println("exoconsent: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        } finally {
            renderers.shutdownNow();
        }
        root.out.printf("%d recorded, %d refused%n", counts[0], counts[1]);
        return counts[1] == 0 ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    private static final int RENDER_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private record Pending(Path file, Future<RecordStore.Prepared> prepared) {
    }

    /** Stores one rendered session, in the order given; a refusal is reported and the batch goes on. */
    private void finish(RecordStore store, Pending p, int[] counts) throws StoreException {
        try {
            RecordStore.Recorded r = store.commit(p.prepared().get());
            root.out.printf("%s: recorded %s → %s%n", p.file(), r.id(), r.pdf());
            counts[0]++;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SessionException || cause instanceof TemplateException
                    || cause instanceof StoreException) {
                root.err.println(cause.getMessage());
                counts[1]++;
            } else if (cause instanceof RuntimeException) {
                // a fault of this file alone (the limits let no input exhaust memory): reported, the batch goes on
                root.err.println(p.file() + ": could not be recorded: " + cause);
                counts[1]++;
            } else {
                throw new StoreException(p.file() + ": could not be rendered: " + cause, cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted; the records stored so far are complete", e);
        } catch (AlreadyRecordedException e) {
            root.err.println(e.getMessage());
            counts[1]++;
        }
    }
}
