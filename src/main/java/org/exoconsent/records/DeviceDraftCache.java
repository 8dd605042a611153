package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.limits.InputLimits;

/**
 * This device's own cache of the drafts its shared store could not take (issue 17 §3; docs/ARCHITECTURE.md "Drafts
 * kept on the device"): while the clinic's PostgreSQL server cannot be reached, the wizard's draft — the session JSON
 * with the signatures captured so far — is kept here, one file per draft, and written to the store as a draft when
 * the server is back ({@link RecordStore#draftRestoredFromDevice}), then deleted here. A SQLite data directory has
 * none: a local store is never unreachable.
 *
 * <p>One folder per device and operating-system account: by default {@value #DEFAULT} in the account's home folder
 * (beside the device's own signing key folder, {@link DeviceSettings#DEFAULT_KEYS}). It belongs to that account alone:
 * made {@code 0700} and each file {@code 0600} on POSIX (an owner-only ACL elsewhere, {@link OwnerOnly}), and a folder
 * that is a symbolic link, belongs to another account, or that another account may read or enter (a group or
 * others' bit on POSIX; an ACL entry allowing another account to read on Windows) is refused with a
 * {@link RefusedException} naming it: nothing is written there nor read from it. Each file is written whole (a
 * temporary file flushed, then moved into place atomically), so a crash leaves the earlier copy or the new one.
 *
 * <p>A cached draft names the store it belongs to by the store's identity — its server and database,
 * {@code postgresql://HOST:PORT/DATABASE} ({@link #storeOf}), never the role, the TLS settings or a password — so that
 * a device moved to its own login role or to a new certificate file still finds its drafts (attack review of issue
 * 17); a file written when the cache was keyed by the whole address ({@link PostgresLocation#url()}) is matched by the
 * same identity. The draft is named by its consultation's id; its file name is a short hash of the store and the id,
 * so that drafts of two stores never meet. Times are instants (UTC).
 *
 * <p>Reading the cache never fails for one bad file: a file larger than {@link #MAX_FILE_BYTES} (checked from the
 * file system before it is read) or one that is not a draft this program wrote is skipped, left in place and named
 * ({@link Contents#notRead}); drafts of another store are counted and named ({@link Contents#otherStores}).
 */
public final class DeviceDraftCache {
    /** The cache's folder in the operating-system account's home folder ({@code user.home}). */
    public static final String DEFAULT = ".exoconsent-device/draft-cache";
    /** What a cached draft's file says it is (its {@code format}). */
    static final String FORMAT = "exoconsent-device-draft-1";
    /**
     * The largest cache file read, in bytes: twice {@link InputLimits#MAX_SESSION_BYTES} (16 MiB), room for a draft's
     * session at the session limit, indented, with the cache's few fields. A larger file is not read (never an
     * {@code OutOfMemoryError}): it is named and left in place; {@link #put} refuses to write one.
     */
    public static final long MAX_FILE_BYTES = 2 * InputLimits.MAX_SESSION_BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path folder;

    /** The cache in {@code folder} (nothing is made or read until it is used). */
    public DeviceDraftCache(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** The cache of this operating-system account: {@value #DEFAULT} in its home folder. */
    public static DeviceDraftCache forThisAccount() {
        return new DeviceDraftCache(Path.of(System.getProperty("user.home")).resolve(DEFAULT));
    }

    /** The cache's folder. */
    public Path folder() {
        return folder;
    }

    /**
     * The identity of {@code location} as the cache keys drafts: {@code postgresql://HOST:PORT/DATABASE}, without
     * the role, the TLS settings or any password (a device given its own login role keeps its drafts).
     */
    public static String storeOf(PostgresLocation location) {
        return identity(location.url());
    }

    /** A store's address ({@link PostgresLocation#url()} or {@link #storeOf}) without its parameters. */
    static String identity(String store) {
        int q = store.indexOf('?');
        return q < 0 ? store : store.substring(0, q);
    }

    /**
     * A file of the cache that was not read: larger than {@link #MAX_FILE_BYTES}, or not a draft this program wrote
     * (broken JSON, another format). It is left in place.
     *
     * @param file the file
     * @param why  what is wrong with it, in words
     */
    public record NotRead(Path file, String why) {
    }

    /**
     * Drafts of another store kept in this cache (a device once set to another server or database).
     *
     * @param store  that store's identity ({@code postgresql://HOST:PORT/DATABASE})
     * @param drafts how many
     */
    public record OtherStore(String store, int drafts) {
    }

    /**
     * What the cache holds for a store.
     *
     * @param drafts      the store's drafts, oldest kept first
     * @param notRead     the files that could not be read (left in place), by name
     * @param otherStores the drafts of other stores, counted per store, by identity
     */
    public record Contents(List<Cached> drafts, List<NotRead> notRead, List<OtherStore> otherStores) {
        public Contents {
            drafts = List.copyOf(drafts);
            notRead = List.copyOf(notRead);
            otherStores = List.copyOf(otherStores);
        }
    }

    /**
     * A draft kept on this device.
     *
     * @param store         the store it belongs to ({@link PostgresLocation#url()}, never with a password)
     * @param session       the consultation so far, signatures included; its id names the draft
     * @param patientMode   whether the tablet was in (locked) patient mode
     * @param cachedAt      when it was kept here (this device's clock)
     * @param savedInStore  when this device last saved the draft in the store (the draft's {@code savedAt} there), or
     *                      null when it never reached the store: what {@link RecordStore#draftRestoredFromDevice}
     *                      compares with the store's draft, so that a draft changed there meanwhile is never
     *                      overwritten
     * @param device        the device that kept it
     */
    public record Cached(String store, ConsentSession session, boolean patientMode, Instant cachedAt,
                         Instant savedInStore, Device device) {
        public Cached {
            if (store == null || store.isBlank()) {
                throw new IllegalArgumentException("a cached draft names its store");
            }
            java.util.Objects.requireNonNull(session, "session");
            DraftStore.checkedName(session.id());
            java.util.Objects.requireNonNull(cachedAt, "cachedAt");
            java.util.Objects.requireNonNull(device, "device");
        }

        /** The draft's name: its consultation's id. */
        public String draftId() {
            return session.id();
        }
    }

    /**
     * Keeps {@code draft} here, replacing an earlier copy of the same draft of the same store whole; makes the folder
     * (owner-only) when it is not there.
     *
     * @throws RefusedException when the folder is one other accounts may read (see the class), naming it
     * @throws StoreException   naming the file when it cannot be written (nothing half written is left)
     */
    public void put(Cached draft) throws StoreException {
        Path file = file(draft.store(), draft.draftId());
        try {
            OwnerOnly.createDirectories(folder);
        } catch (IOException e) {
            throw new StoreException(folder + ": the device's draft cache cannot be made: " + e.getMessage(), e);
        }
        requirePrivate();
        try {
            byte[] bytes = json(draft);
            if (bytes.length > MAX_FILE_BYTES) {
                throw InputLimits.tooLarge(file.toString(), bytes.length, MAX_FILE_BYTES, "a draft kept on this device");
            }
            Durable.replace(file, bytes);
        } catch (IOException e) {
            throw new StoreException(file + ": the draft could not be kept on this device: " + e.getMessage(), e);
        }
    }

    /**
     * The drafts kept here for {@code store} (matched by its identity, {@link #storeOf}), oldest kept first; none when
     * the folder does not exist. A file that cannot be read is skipped ({@link #contents} names it).
     *
     * @throws RefusedException when the folder is one other accounts may read, naming it
     * @throws StoreException   when the folder cannot be listed
     */
    public List<Cached> of(String store) throws StoreException {
        return contents(store).drafts();
    }

    /**
     * Everything in the cache as it concerns {@code store}: its drafts (matched by identity, {@link #storeOf}),
     * oldest kept first; the files that could not be read (over {@link #MAX_FILE_BYTES}, broken, not a draft), each
     * left in place; and the drafts of other stores, counted. Empty when the folder does not exist.
     *
     * @throws RefusedException when the folder is one other accounts may read, naming it
     * @throws StoreException   when the folder cannot be listed
     */
    public Contents contents(String store) throws StoreException {
        List<Cached> found = new ArrayList<>();
        List<NotRead> notRead = new ArrayList<>();
        java.util.Map<String, Integer> others = new java.util.TreeMap<>();
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return new Contents(found, notRead, List.of());
        }
        requirePrivate();
        String mine = identity(store);
        for (Path f : files()) {
            Cached c;
            try {
                c = read(f);
            } catch (StoreException e) {
                notRead.add(new NotRead(f, e.getMessage()));
                continue;
            }
            String theirs = identity(c.store());
            if (theirs.equals(mine)) {
                found.add(c);
            } else {
                others.merge(theirs, 1, Integer::sum);
            }
        }
        found.sort((a, b) -> a.cachedAt().compareTo(b.cachedAt()));
        List<OtherStore> otherStores = new ArrayList<>();
        others.forEach((k, v) -> otherStores.add(new OtherStore(k, v)));
        return new Contents(found, notRead, otherStores);
    }

    /** The cache's draft files ({@code *.json}, not the temporary files of a write), by name. */
    private List<Path> files() throws StoreException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new StoreException(folder + ": the device's draft cache cannot be listed: " + e.getMessage(), e);
        }
    }

    /**
     * The copy of draft {@code id} of {@code store} kept here, if any (checked as {@link #of}; a copy written when the
     * cache was keyed by the store's whole address is found too).
     *
     * @throws StoreException naming the draft's file when it cannot be read
     */
    public Optional<Cached> find(String store, String id) throws StoreException {
        Path file = file(store, id);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        requirePrivate();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Cached c = read(file);
            return identity(c.store()).equals(identity(store)) ? Optional.of(c) : Optional.empty();
        }
        List<Path> older = olderFiles(store, id);
        return older.isEmpty() ? Optional.empty() : Optional.of(read(older.get(0)));
    }

    /** The readable files of draft {@code id} of {@code store} under another name than {@link #file} (older keys). */
    private List<Path> olderFiles(String store, String id) throws StoreException {
        List<Path> older = new ArrayList<>();
        Path file = file(store, id);
        String suffix = "-" + DraftStore.checkedName(id) + ".json";
        for (Path f : files()) {
            if (!f.equals(file) && f.getFileName().toString().endsWith(suffix)) {
                try {
                    if (identity(read(f).store()).equals(identity(store))) {
                        older.add(f);
                    }
                } catch (StoreException e) {
                    // not read: left in place, and named by contents()
                }
            }
        }
        return older;
    }

    /**
     * Deletes the copy of draft {@code id} of {@code store} (once the store has it: call only after the store's
     * write was committed); none there is no error.
     */
    public void remove(String store, String id) throws StoreException {
        Path file = file(store, id);
        try {
            boolean deleted = Files.deleteIfExists(file);
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                for (Path older : olderFiles(store, id)) {
                    deleted |= Files.deleteIfExists(older);
                }
            }
            if (deleted) {
                Durable.syncDirectory(folder);
            }
        } catch (IOException e) {
            throw new StoreException(file + ": the draft kept on this device cannot be deleted: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Refuses a folder other accounts could read or change: a symbolic link, a folder of another account, or one
     * with a group or others' permission (POSIX) or an ACL entry that lets another account read or add to it.
     *
     * @throws RefusedException naming the folder, what was found and what to do
     */
    public void requirePrivate() throws StoreException {
        String problem;
        try {
            problem = problem(folder);
        } catch (IOException e) {
            throw new StoreException(folder + ": the device's draft cache cannot be checked: " + e.getMessage(), e);
        }
        if (problem != null) {
            throw new RefusedException(folder + ": the device's draft cache " + problem + "; drafts hold patients' "
                    + "details and signatures, so none is kept there or read from it. Give it to this account alone "
                    + "(chmod 700 " + folder + ", owned by the account that runs ExoConsent), or remove it so that it "
                    + "is made again");
        }
    }

    /** What is wrong with {@code dir} as the cache's folder, or null when only this account can use it. */
    private static String problem(Path dir) throws IOException {
        UserPrincipal me = OwnerOnly.currentOwner();
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                return "is a symbolic link (to " + Files.readSymbolicLink(dir) + ")";
            }
            if (!a.isDirectory()) {
                return "is not a folder";
            }
            if (!a.owner().equals(me)) {
                return "belongs to the account " + a.owner().getName();
            }
            if (a.permissions().stream().anyMatch(OTHERS::contains)) {
                return "may be read or entered by other accounts of this computer ("
                        + PosixFilePermissions.toString(a.permissions()) + ")";
            }
            return null;
        }
        if (Files.isSymbolicLink(dir)) {
            return "is a symbolic link (to " + Files.readSymbolicLink(dir) + ")";
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return "is not a folder";
        }
        AclFileAttributeView acl = Files.getFileAttributeView(dir, AclFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (acl != null) {
            UserPrincipal owner = acl.getOwner();
            for (AclEntry e : acl.getAcl()) {
                if (e.type() == AclEntryType.ALLOW && !e.principal().equals(owner) && !e.principal().equals(me)
                        && (e.permissions().contains(AclEntryPermission.READ_DATA)
                        || e.permissions().contains(AclEntryPermission.WRITE_DATA))) {
                    return "may be read by " + e.principal().getName();
                }
            }
        }
        return null;
    }

    /** The file of draft {@code id} of {@code store}: {@code STOREKEY-ID.json}, keyed by the store's identity. */
    private Path file(String store, String id) {
        return folder.resolve(storeKey(identity(store)) + "-" + DraftStore.checkedName(id) + ".json");
    }

    /** The first 16 hexadecimal digits of the SHA-256 of the store's identity. */
    static String storeKey(String store) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(store.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A cached draft as its file holds it: JSON of {@code format}, {@code store}, {@code draft} (the id),
     * {@code cachedAt}, {@code savedInStore} (or null), {@code device} ({@code id}, {@code label}),
     * {@code patientMode} and the {@code session} as {@link SessionJson} writes it (signatures included), UTF-8.
     */
    static byte[] json(Cached c) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("store", c.store());
        o.put("draft", c.draftId());
        o.put("cachedAt", c.cachedAt().toString());
        o.put("savedInStore", c.savedInStore() == null ? null : c.savedInStore().toString());
        ObjectNode d = o.putObject("device");
        d.put("id", c.device().id());
        d.put("label", c.device().label());
        o.put("patientMode", c.patientMode());
        o.set("session", JSON.readTree(SessionJson.write(c.session())));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    }

    private static Cached read(Path file) throws StoreException {
        try {
            JsonNode o = JSON.readTree(InputLimits.read(file, MAX_FILE_BYTES, "a draft kept on this device", false));
            if (o == null || !o.isObject()) {
                throw new IOException("not a draft kept by ExoConsent (no JSON object)");
            }
            if (!FORMAT.equals(o.path("format").asText())) {
                throw new IOException("not a draft kept by ExoConsent (format '" + o.path("format").asText() + "')");
            }
            ConsentSession s = SessionJson.read(JSON.writeValueAsBytes(o.get("session")), file.toString());
            if (!o.path("draft").asText().equals(s.id())) {
                throw new IOException("its draft '" + o.path("draft").asText() + "' is not its session's id " + s.id());
            }
            String saved = o.path("savedInStore").isNull() || o.path("savedInStore").isMissingNode() ? null
                    : o.path("savedInStore").asText();
            return new Cached(o.path("store").asText(), s, o.path("patientMode").asBoolean(false),
                    Instant.parse(o.path("cachedAt").asText()), saved == null ? null : Instant.parse(saved),
                    new Device(o.path("device").path("id").asText(), o.path("device").path("label").asText()));
        } catch (InputLimits.TooLarge e) {
            throw new StoreException(e.getMessage() + "; the draft kept on this device was not read", e);
        } catch (IOException | SessionException | RuntimeException e) {
            throw new StoreException(file + ": the draft kept on this device cannot be read: " + e.getMessage(), e);
        }
    }
}
