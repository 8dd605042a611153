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
 * <p>A cached draft names the store it belongs to by its address ({@link PostgresLocation#url()}: never a password)
 * and the draft by its consultation's id; its file name is a short hash of the store and the id, so that drafts of
 * two stores never meet. Times are instants (UTC).
 */
public final class DeviceDraftCache {
    /** The cache's folder in the operating-system account's home folder ({@code user.home}). */
    public static final String DEFAULT = ".exoconsent-device/draft-cache";
    /** What a cached draft's file says it is (its {@code format}). */
    static final String FORMAT = "exoconsent-device-draft-1";
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
            Durable.replace(file, json(draft));
        } catch (IOException e) {
            throw new StoreException(file + ": the draft could not be kept on this device: " + e.getMessage(), e);
        }
    }

    /**
     * The drafts kept here for {@code store}, oldest kept first; none when the folder does not exist.
     *
     * @throws RefusedException when the folder is one other accounts may read, naming it
     * @throws StoreException   naming a file that cannot be read
     */
    public List<Cached> of(String store) throws StoreException {
        List<Cached> found = new ArrayList<>();
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        requirePrivate();
        String prefix = storeKey(store) + "-";
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                Cached c = read(f);
                if (c.store().equals(store)) {
                    found.add(c);
                }
            }
        } catch (IOException e) {
            throw new StoreException(folder + ": the device's draft cache cannot be listed: " + e.getMessage(), e);
        }
        found.sort((a, b) -> a.cachedAt().compareTo(b.cachedAt()));
        return found;
    }

    /** The copy of draft {@code id} of {@code store} kept here, if any (checked as {@link #of}). */
    public Optional<Cached> find(String store, String id) throws StoreException {
        Path file = file(store, id);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        requirePrivate();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Cached c = read(file);
        return c.store().equals(store) ? Optional.of(c) : Optional.empty();
    }

    /**
     * Deletes the copy of draft {@code id} of {@code store} (once the store has it: call only after the store's
     * write was committed); none there is no error.
     */
    public void remove(String store, String id) throws StoreException {
        Path file = file(store, id);
        try {
            if (Files.deleteIfExists(file)) {
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

    /** The file of draft {@code id} of {@code store}: {@code STOREKEY-ID.json}. */
    private Path file(String store, String id) {
        return folder.resolve(storeKey(store) + "-" + DraftStore.checkedName(id) + ".json");
    }

    /** The first 16 hexadecimal digits of the SHA-256 of the store's address. */
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
            JsonNode o = JSON.readTree(Files.readAllBytes(file));
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
        } catch (IOException | SessionException | RuntimeException e) {
            throw new StoreException(file + ": the draft kept on this device cannot be read: " + e.getMessage(), e);
        }
    }
}
