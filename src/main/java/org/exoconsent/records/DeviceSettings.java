package org.exoconsent.records;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * This device's settings file for the store (issue 17 §1), kept by the device's administrator, not by its users:
 * {@code /etc/exoconsent/store.properties} (Linux, macOS), {@code %ProgramData%\ExoConsent\store.properties}
 * (Windows). A Java properties file (UTF-8) with three keys, all optional:
 * <ul>
 *   <li>{@code store = postgresql://HOST[:PORT]/DATABASE?user=NAME…}: the device's store when neither an option nor
 *   an environment variable names one ({@link StoreLocation#resolve});</li>
 *   <li>{@code allow-without-verify-full = HOST[, HOST…]}: the servers off this computer this device may reach with
 *   less than {@code sslmode=verify-full} (a clinic's own network without certificates). No command-line option
 *   allows this: a user could add one. On Linux and macOS the allowance counts only in a file owned by root and
 *   writable by nobody else; otherwise it is refused.</li>
 *   <li>{@code keys = FOLDER}: the folder of this device's own signing key on a shared store (issue 17 §2; default
 *   {@code ~/.exoconsent-device/keys} of the person signing, see {@link #keyFolder}); owner-only, as a data
 *   directory's keys are.</li>
 * </ul>
 * A missing file is no settings. Anything else in the file is refused (a mistyped key would otherwise be ignored).
 */
public final class DeviceSettings {
    /** The key of the device's store address. */
    public static final String STORE = "store";
    /** The key of the hosts allowed less than {@code sslmode=verify-full}. */
    public static final String ALLOW_WITHOUT_VERIFY_FULL = "allow-without-verify-full";
    /** The key of the folder of this device's own signing key (issue 17 §2). */
    public static final String KEYS = "keys";
    /** The default folder of a device's own signing key, in the home folder of the person signing. */
    public static final String DEFAULT_KEYS = ".exoconsent-device/keys";
    /** The largest settings file read, in bytes (a few lines are expected). */
    public static final int MAX_BYTES = 16 * 1024;

    private final Path file;
    private final String store;
    private final Set<String> allowedHosts;
    private final Path keys;

    private DeviceSettings(Path file, String store, Set<String> allowedHosts, Path keys) {
        this.file = file;
        this.store = store;
        this.allowedHosts = allowedHosts;
        this.keys = keys;
    }

    /**
     * This device's settings file: {@code %ProgramData%\ExoConsent\store.properties} on Windows (ProgramData from
     * {@code env}, else {@code C:\ProgramData}), {@code /etc/exoconsent/store.properties} elsewhere.
     */
    public static Path defaultFile(Map<String, String> env) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            String programData = env.getOrDefault("ProgramData", "C:\\ProgramData");
            return Path.of(programData, "ExoConsent", "store.properties");
        }
        return Path.of("/etc", "exoconsent", "store.properties");
    }

    /**
     * Reads the settings file at {@code file}; a missing file gives no store and no allowance.
     *
     * @throws StoreLocationException (exit 3) for a file that cannot be read, is larger than {@link #MAX_BYTES},
     *                                holds a key other than {@link #STORE} and {@link #ALLOW_WITHOUT_VERIFY_FULL}, or
     *                                allows less than verify-full from a file others than root may change; the message
     *                                names the file
     */
    public static DeviceSettings read(Path file) {
        Properties p = new Properties();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new StoreLocationException(file + ": this device's settings file is larger than " + MAX_BYTES
                        + " bytes; it holds a few lines (" + STORE + ", " + ALLOW_WITHOUT_VERIFY_FULL + ")");
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (NoSuchFileException e) {
            return new DeviceSettings(file, null, Set.of(), null);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreLocationException(file + ": this device's settings file cannot be read (" + e.getMessage()
                    + ")");
        }
        for (String key : p.stringPropertyNames()) {
            if (!key.equals(STORE) && !key.equals(ALLOW_WITHOUT_VERIFY_FULL) && !key.equals(KEYS)) {
                throw new StoreLocationException(file + ": unknown setting \"" + key + "\" (this file holds only "
                        + STORE + ", " + ALLOW_WITHOUT_VERIFY_FULL + " and " + KEYS + ")");
            }
        }
        String store = p.getProperty(STORE, "").strip();
        String allow = p.getProperty(ALLOW_WITHOUT_VERIFY_FULL, "").strip();
        Set<String> hosts = allow.isEmpty() ? Set.of() : Set.copyOf(Arrays.stream(allow.split(","))
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList());
        if (!hosts.isEmpty()) {
            requireAdministratorOnly(file);
        }
        String keys = p.getProperty(KEYS, "").strip();
        Path keyFolder = null;
        if (!keys.isEmpty()) {
            try {
                keyFolder = Path.of(keys);
            } catch (java.nio.file.InvalidPathException e) {
                throw new StoreLocationException(file + ": " + KEYS + " = " + keys + ": not a folder's path ("
                        + e.getReason() + ")");
            }
            if (!keyFolder.isAbsolute()) {
                throw new StoreLocationException(file + ": " + KEYS + " = " + keys + ": give the folder's whole path "
                        + "(it is read from wherever a command runs)");
            }
        }
        return new DeviceSettings(file, store.isEmpty() ? null : store, hosts, keyFolder);
    }

    /** No settings (no file): no store named, nothing allowed; {@code file} is where they would be. */
    public static DeviceSettings none(Path file) {
        return new DeviceSettings(file, null, Set.of(), null);
    }

    /**
     * The folder of this device's own signing key on a shared store (issue 17 §2): {@value #KEYS} of this file, else
     * {@value #DEFAULT_KEYS} in the home folder of the person signing ({@code user.home}).
     */
    public Path keyFolder() {
        return keys != null ? keys : Path.of(System.getProperty("user.home")).resolve(DEFAULT_KEYS);
    }

    /** Where the settings are read from (named in messages). */
    public Path file() {
        return file;
    }

    /** The store the file names, if any: an address still to be parsed ({@link PostgresLocation#parse}). */
    public Optional<String> store() {
        return Optional.ofNullable(store);
    }

    /** Whether the administrator allowed less than {@code sslmode=verify-full} to {@code host} (case ignored). */
    public boolean allowsWithoutVerifyFull(String host) {
        return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /**
     * On POSIX systems, refuses an allowance in a file that someone other than root owns, or that its group or
     * others may write (or in a folder they may write): such a file is not the administrator's word.
     */
    private static void requireAdministratorOnly(Path file) {
        for (Path p : new Path[] {file, file.toAbsolutePath().getParent()}) {
            if (p == null) {
                continue;
            }
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException e) {
                return; // Windows: the folder's ACL is the administrator's (docs: README, PostgreSQL section)
            } catch (IOException e) {
                throw new StoreLocationException(file + ": cannot check who may change this device's settings ("
                        + e.getMessage() + ")");
            }
            boolean othersWrite = a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
            if (!a.owner().getName().equals("root") || othersWrite || a.isSymbolicLink()) {
                throw new StoreLocationException(file + ": " + ALLOW_WITHOUT_VERIFY_FULL + " counts only in a "
                        + "settings file that only the administrator can change (owned by root, not writable by its "
                        + "group or others, nor its folder); " + p + " is owned by " + a.owner().getName()
                        + " with permissions " + java.nio.file.attribute.PosixFilePermissions.toString(a.permissions())
                        + (a.isSymbolicLink() ? " and is a link" : ""));
            }
        }
    }
}
