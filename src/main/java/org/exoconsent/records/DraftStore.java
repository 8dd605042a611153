package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;

/**
 * The drafts ({@link Drafts}) as files: consultations in progress, saved as the wizard goes
 * ({@code drafts/<id>.json}, replaced atomically), so that after a crash or a closed window the consultation resumes
 * where it stopped. A draft is removed when its consent is recorded; abandoning one is an explicit act that moves it
 * to {@code drafts/abandoned/} (nothing is lost). Every change is made in the store's write lock.
 */
public final class DraftStore implements Drafts {
    /** A document id as the store takes it (a draft's file name, a record's archive name): letters, digits, . _ -. */
    static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final Path abandoned;
    private final WriteLock lock;

    /**
     * The store's write lock, held for the moment of one change of the drafts ({@link #take}); what {@link #take}
     * returns gives it back when closed.
     */
    interface WriteLock {
        /** @throws BusyException when another program kept writing longer than the busy timeout */
        Held take() throws StoreException;

        /** The lock, held until closed. */
        interface Held extends AutoCloseable {
            @Override
            void close();
        }
    }

    /**
     * The drafts of {@code dir} ({@link DataDirectory#drafts()}), for a screen with no opening of the store: each
     * change takes the data directory's write lock for its moment on a connection of its own (none while the data
     * directory has no database yet: nobody else writes there). {@link Stores#drafts()} gives those of an opening.
     */
    public DraftStore(DataDirectory dir) {
        this(dir, SqliteStores.writeLock(dir));
    }

    DraftStore(DataDirectory dir, WriteLock lock) {
        this.folder = dir.drafts();
        this.abandoned = dir.abandonedDrafts();
        this.lock = lock;
    }

    /** A saved draft: the session so far, whether the tablet was in (locked) patient mode, and when it was saved. */
    public record Draft(ConsentSession session, boolean patientMode, Instant savedAt) {
    }

    @Override
    public void save(ConsentSession session, boolean patientMode, Instant now) throws StoreException {
        Path file = file(session.id());
        try (WriteLock.Held held = lock.take()) {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.put("savedAt", now.toString());
            wrapper.put("patientMode", patientMode);
            wrapper.set("session", JSON.readTree(SessionJson.write(session)));
            Durable.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(wrapper));
        } catch (IOException e) {
            throw new StoreException(file + ": the draft could not be saved: " + e.getMessage(), e);
        }
    }

    @Override
    public Draft load(String id) throws StoreException {
        Path file = file(id);
        try {
            JsonNode wrapper = JSON.readTree(Files.readAllBytes(file));
            ConsentSession s = SessionJson.read(JSON.writeValueAsBytes(wrapper.get("session")), file.toString());
            return new Draft(s, wrapper.path("patientMode").asBoolean(false),
                    Instant.parse(wrapper.path("savedAt").asText()));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RefusedException(id + ": no such draft");
        } catch (IOException | SessionException | RuntimeException e) {
            throw new StoreException(file + ": the draft cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every draft, oldest first (the wizard offers to resume them). */
    @Override
    public List<Draft> list() throws StoreException {
        List<Draft> drafts = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return drafts;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                drafts.add(load(f.getFileName().toString().replaceAll("\\.json$", "")));
            }
        } catch (IOException e) {
            throw new StoreException(folder + ": cannot be listed: " + e.getMessage(), e);
        }
        drafts.sort((a, b) -> a.savedAt().compareTo(b.savedAt()));
        return drafts;
    }

    /** The consent was recorded: its draft has served. */
    @Override
    public void remove(String id) throws StoreException {
        Path file = file(id);
        try (WriteLock.Held held = lock.take()) {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot be removed: " + e.getMessage(), e);
        }
    }

    /**
     * Abandons a draft explicitly: it is moved aside with the reason, never deleted; returns the name it is kept
     * under ({@code drafts/abandoned/NAME.json}, its reason in {@code NAME.json.reason.txt}).
     */
    @Override
    public String abandon(String id, String reason, Instant now) throws StoreException {
        try (WriteLock.Held held = lock.take()) {
            String name = asideName(id, now);
            if (name == null) {
                throw new RefusedException(id + ": no such draft");
            }
            abandonInWrite(id, name, reason, now);
            return name;
        }
    }

    @Override
    public String asideName(String id, Instant now) {
        if (!Files.exists(file(id))) {
            return null;
        }
        String name = id + "-" + now.toEpochMilli();
        for (int n = 2; taken(name); n++) {
            name = id + "-" + now.toEpochMilli() + "-" + n;
        }
        return name;
    }

    private boolean taken(String name) {
        Path json = abandoned.resolve(name + ".json");
        return Files.exists(json) || Files.exists(json.resolveSibling(name + ".json"
                + DataDirectory.ABANDONED_REASON_SUFFIX));
    }

    @Override
    public void abandonInWrite(String id, String name, String reason, Instant now) throws StoreException {
        Path file = file(id);
        if (!Files.exists(file)) {
            throw new RefusedException(id + ": no such draft");
        }
        if (name == null || !name.startsWith(id + "-") || taken(name)) {
            throw new RefusedException(id + ": '" + name + "' cannot name it among the abandoned drafts (taken, or "
                    + "not its name)");
        }
        Path target = abandoned.resolve(name + ".json");
        Path why = target.resolveSibling(target.getFileName() + DataDirectory.ABANDONED_REASON_SUFFIX);
        try {
            OwnerOnly.createDirectories(target.getParent());
            // the reason first: a draft is never set aside without it; it goes again when the move fails
            OwnerOnly.write(why, (now + " " + reason + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(why);
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException(file + ": cannot be abandoned: " + e.getMessage(), e);
        }
    }

    private Path file(String id) {
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' cannot name a draft");
        }
        return folder.resolve(id + ".json");
    }
}
