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

    /**
     * A saved draft: the session so far, whether the tablet was in (locked) patient mode, when it was saved, which
     * device holds it ({@link Drafts}; null when none ever did or it was released), as kept: lapsed or not, and which
     * device saved it last ({@code savedBy}; null when saved by no device, a tool, or before the store kept it).
     */
    public record Draft(ConsentSession session, boolean patientMode, Instant savedAt, Hold hold, Device savedBy) {
        /** A draft held by no device. */
        public Draft(ConsentSession session, boolean patientMode, Instant savedAt) {
            this(session, patientMode, savedAt, null, null);
        }

        /** A draft whose last saver is not known. */
        public Draft(ConsentSession session, boolean patientMode, Instant savedAt, Hold hold) {
            this(session, patientMode, savedAt, hold, null);
        }

        /**
         * The hold of another device than {@code me} that has not lapsed at {@code now} (the home screen says "on
         * DEVICE since HH:mm"); null when the draft is free or {@code me} holds it.
         */
        public Hold heldElsewhere(Device me, Instant now) {
            return hold == null || hold.lapsedAt(now) || hold.isBy(me) ? null : hold;
        }
    }

    /**
     * A device's hold of a draft (issue 17 §3): {@code device} holds it since {@code since} (when it took it) until
     * {@code until} (instants, UTC), unless it renews it before then.
     */
    public record Hold(Device device, Instant since, Instant until) {
        /** Whether the hold has run out at {@code now} (from {@code until} on, nobody holds the draft). */
        public boolean lapsedAt(Instant now) {
            return !now.isBefore(until);
        }

        /** Whether it is {@code other}'s (the same device id; the label may have changed). */
        public boolean isBy(Device other) {
            return other != null && device.id().equals(other.id());
        }
    }

    /**
     * The hold of draft {@code name} after {@code device} saves or holds it at {@code now}: its own renewed (since
     * when kept), or a new one when the draft was free or its hold lapsed; null when {@code device} is null.
     *
     * @throws DraftHeldException when another device holds it, not lapsed
     */
    static Hold renewed(String name, Hold current, Device device, Instant now) throws DraftHeldException {
        boolean live = current != null && !current.lapsedAt(now);
        if (live && !current.isBy(device)) {
            throw new DraftHeldException(name, current);
        }
        if (device == null) {
            return null;
        }
        return new Hold(device, live ? current.since() : now, now.plus(HOLD));
    }

    /**
     * Refuses {@code device}'s save or hold of draft {@code name} when the draft changed since {@code seen} by
     * anything but {@code device} (the rule of {@link Drafts#save(ConsentSession, boolean, Device, Drafts.Seen,
     * Instant)}); for both stores, inside the write that would change it.
     *
     * @param kept the draft as kept ({@link #json}'s tree), or null when none is in progress
     * @param seen what {@code device} last saw of it; null: not checked
     * @throws DraftChangedElsewhereException when it changed since (nothing is changed by the caller)
     * @throws IOException when the kept draft's time cannot be read
     */
    static void refuseChangedElsewhere(String name, JsonNode kept, Device device, Drafts.Seen seen, String where)
            throws DraftChangedElsewhereException, IOException {
        if (seen == null) {
            return;
        }
        if (kept == null) {
            if (seen.savedAt() != null) {
                throw new DraftChangedElsewhereException(name, seen.savedAt(), null, null);
            }
            return;
        }
        Instant savedAt;
        try {
            savedAt = Instant.parse(kept.path("savedAt").asText());
        } catch (RuntimeException e) {
            throw new IOException(where + ": the draft's time cannot be read: " + e.getMessage(), e);
        }
        Device savedBy = savedByOf(kept, where);
        if (savedAt.equals(seen.savedAt()) || savedBy != null && device != null && savedBy.id().equals(device.id())) {
            return;
        }
        throw new DraftChangedElsewhereException(name, seen.savedAt(), savedAt, savedBy);
    }

    /** {@code device}'s hold taken over at {@code now}, whoever held the draft. */
    static Hold takenOver(Hold current, Device device, Instant now) {
        boolean own = current != null && !current.lapsedAt(now) && current.isBy(device);
        return new Hold(device, own ? current.since() : now, now.plus(HOLD));
    }

    /** The hold {@link #takeOver} reports: another device's, live at {@code now}; else null. */
    static Hold previous(Hold current, Device device, Instant now) {
        return current == null || current.lapsedAt(now) || current.isBy(device) ? null : current;
    }

    @Override
    public void save(ConsentSession session, boolean patientMode, Device device, Drafts.Seen seen, Instant now)
            throws StoreException {
        file(session.id()); // a name that cannot name a draft is refused before the lock is taken
        try (WriteLock.Held held = lock.take()) {
            saveInWrite(session, patientMode, device, seen, now);
        }
    }

    @Override
    public void saveInWrite(ConsentSession session, boolean patientMode, Device device, Drafts.Seen seen,
                            Instant now) throws StoreException {
        Path file = file(session.id());
        try {
            JsonNode kept = kept(file);
            Hold hold = renewed(session.id(), kept == null ? null : holdOf(kept, file.toString()), device, now);
            refuseChangedElsewhere(session.id(), kept, device, seen, file.toString());
            Durable.replace(file, json(session, patientMode, device, hold, now));
        } catch (IOException e) {
            throw new StoreException(file + ": the draft could not be saved: " + e.getMessage(), e);
        }
    }

    @Override
    public String setAsideInWrite(ConsentSession session, boolean patientMode, String reason, Instant now)
            throws StoreException {
        String id = checkedName(session.id());
        String name = asideName(id, now, this::taken);
        Path target = abandoned.resolve(name + ".json");
        Path why = target.resolveSibling(target.getFileName() + DataDirectory.ABANDONED_REASON_SUFFIX);
        try {
            OwnerOnly.createDirectories(abandoned);
            // the reason first: a draft is never set aside without it; it goes again when the draft cannot be written
            OwnerOnly.write(why, (now + " " + reason + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Durable.createNew(target, json(session, patientMode, null, null, now));
            } catch (IOException e) {
                Files.deleteIfExists(why);
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException(target + ": the draft could not be set aside: " + e.getMessage(), e);
        }
        return name;
    }

    /** The hold kept in draft file {@code file}; null when there is none, or no such file. */
    private Hold keptHold(Path file) throws StoreException {
        try {
            JsonNode kept = kept(file);
            return kept == null ? null : holdOf(kept, file.toString());
        } catch (IOException e) {
            throw new StoreException(file + ": the draft cannot be read: " + e.getMessage(), e);
        }
    }

    /** Draft file {@code file} as a tree ({@link #json}'s); null when there is no such file. */
    private static JsonNode kept(Path file) throws StoreException {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreException(file + ": the draft cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Hold hold(String id, Device device, Drafts.Seen seen, Instant now) throws StoreException {
        java.util.Objects.requireNonNull(device, "device");
        try (WriteLock.Held held = lock.take()) {
            return changeHold(id, (wrapper, current) -> {
                Hold renewed = renewed(id, current, device, now);
                try {
                    refuseChangedElsewhere(id, wrapper, device, seen, file(id).toString());
                } catch (IOException e) {
                    throw new StoreException(e.getMessage(), e);
                }
                return renewed;
            });
        }
    }

    @Override
    public Hold takeOver(String id, Device device, Instant now) throws StoreException {
        try (WriteLock.Held held = lock.take()) {
            return takeOverInWrite(id, device, now);
        }
    }

    @Override
    public Hold takeOverInWrite(String id, Device device, Instant now) throws StoreException {
        java.util.Objects.requireNonNull(device, "device");
        Hold[] before = new Hold[1];
        changeHold(id, (wrapper, current) -> {
            before[0] = previous(current, device, now);
            return takenOver(current, device, now);
        });
        return before[0];
    }

    @Override
    public void release(String id, Device device, Instant now) throws StoreException {
        Path file = file(id);
        try (WriteLock.Held held = lock.take()) {
            if (!Files.exists(file)) {
                return;
            }
            Hold current = keptHold(file);
            if (current != null && current.isBy(device)) {
                changeHold(id, (w, c) -> null);
            }
        }
    }

    /** What becomes of a draft's hold (may refuse), given the draft as kept and its hold. */
    interface HoldChange {
        Hold apply(JsonNode kept, Hold current) throws StoreException;
    }

    /** Rewrites draft {@code id}'s file with the hold {@code change} makes, its content untouched; in the lock. */
    private Hold changeHold(String id, HoldChange change) throws StoreException {
        Path file = file(id);
        try {
            ObjectNode wrapper = (ObjectNode) JSON.readTree(Files.readAllBytes(file));
            Hold hold = change.apply(wrapper, holdOf(wrapper, file.toString()));
            Durable.replace(file, withHold(wrapper, hold));
            return hold;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RefusedException(id + ": no such draft");
        } catch (IOException | ClassCastException e) {
            throw new StoreException(file + ": the draft's hold could not be changed: " + e.getMessage(), e);
        }
    }

    /**
     * A draft as it is kept (a file here, a row's content in the PostgreSQL store): JSON of {@code savedAt} (an
     * instant), {@code savedBy} (the device that saved it: {@code device}, {@code label}; absent when none),
     * {@code patientMode}, the {@code session} as {@link SessionJson} writes it, and the {@code hold} ({@code device},
     * {@code label}, {@code since}, {@code until}; absent when none), UTF-8, indented.
     */
    static byte[] json(ConsentSession session, boolean patientMode, Device savedBy, Hold hold, Instant now)
            throws IOException {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("savedAt", now.toString());
        if (savedBy != null) {
            ObjectNode by = wrapper.putObject("savedBy");
            by.put("device", savedBy.id());
            by.put("label", savedBy.label());
        }
        wrapper.put("patientMode", patientMode);
        wrapper.set("session", JSON.readTree(SessionJson.write(session)));
        return withHold(wrapper, hold);
    }

    /** {@code wrapper} (a draft as {@link #json} writes it) with {@code hold} in place of its own, as bytes. */
    static byte[] withHold(ObjectNode wrapper, Hold hold) throws IOException {
        wrapper.remove("hold");
        if (hold != null) {
            ObjectNode h = wrapper.putObject("hold");
            h.put("device", hold.device().id());
            h.put("label", hold.device().label());
            h.put("since", hold.since().toString());
            h.put("until", hold.until().toString());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(wrapper);
    }

    /** The hold {@link #withHold} wrote in {@code wrapper}; null when none. */
    static Hold holdOf(JsonNode wrapper, String where) throws IOException {
        JsonNode h = wrapper.get("hold");
        if (h == null || h.isNull()) {
            return null;
        }
        try {
            return new Hold(new Device(h.path("device").asText(), h.path("label").asText()),
                    Instant.parse(h.path("since").asText()), Instant.parse(h.path("until").asText()));
        } catch (RuntimeException e) {
            throw new IOException(where + ": the draft's hold cannot be read: " + e.getMessage(), e);
        }
    }

    /** The device {@link #json} wrote as {@code savedBy} in {@code wrapper}; null when none. */
    static Device savedByOf(JsonNode wrapper, String where) throws IOException {
        JsonNode by = wrapper.get("savedBy");
        if (by == null || by.isNull()) {
            return null;
        }
        try {
            return new Device(by.path("device").asText(), by.path("label").asText());
        } catch (RuntimeException e) {
            throw new IOException(where + ": the device that saved the draft cannot be read: " + e.getMessage(), e);
        }
    }

    /** {@link #json}'s bytes read as a tree (a draft's wrapper), for {@link #withHold}. */
    static ObjectNode tree(byte[] json) throws IOException {
        return (ObjectNode) JSON.readTree(json);
    }

    /**
     * The draft of {@link #json}'s bytes.
     *
     * @param where what holds it, for the session's messages (the file, or the store and the draft's name)
     * @throws IOException      when it is not JSON
     * @throws SessionException when the session in it cannot be read
     * @throws RuntimeException when its time is not an instant
     */
    static Draft read(byte[] json, String where) throws IOException, SessionException {
        JsonNode wrapper = JSON.readTree(json);
        ConsentSession s = SessionJson.read(JSON.writeValueAsBytes(wrapper.get("session")), where);
        return new Draft(s, wrapper.path("patientMode").asBoolean(false),
                Instant.parse(wrapper.path("savedAt").asText()), holdOf(wrapper, where), savedByOf(wrapper, where));
    }

    @Override
    public Draft load(String id) throws StoreException {
        Path file = file(id);
        try {
            return read(Files.readAllBytes(file), file.toString());
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
        return asideName(id, now, this::taken);
    }

    /** Whether a name is taken among the abandoned drafts (a lookup that may fail as {@code E}). */
    interface Taken<E extends Exception> {
        boolean test(String name) throws E;
    }

    /**
     * The name draft {@code id} is kept under among the abandoned drafts when set aside at {@code now}: {@code
     * ID-MILLIS}, or {@code ID-MILLIS-2}, {@code -3} … when {@code taken} says that one is (never replaced).
     */
    static <E extends Exception> String asideName(String id, Instant now, Taken<E> taken) throws E {
        String name = id + "-" + now.toEpochMilli();
        for (int n = 2; taken.test(name); n++) {
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
        return folder.resolve(checkedName(id) + ".json");
    }

    /**
     * A consultation's id as a draft's name ({@link #SAFE_ID}).
     *
     * @throws IllegalArgumentException when it cannot name a draft
     */
    static String checkedName(String id) {
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' cannot name a draft");
        }
        return id;
    }
}
