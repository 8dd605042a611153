package org.exoconsent.records;

import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.pdf.SignatureReport;
import org.exoconsent.pdf.SigningKeys;

/**
 * The clinic's registered signing keys (issue 13 §2; table {@code signing_key}, migration V10): which certificates
 * may sign the clinic's consents and withdrawals, and the period each signs, from its registration to its retirement.
 * Only a registered, current key whose certificate is valid signs; {@code records verify} holds every archived
 * document's signer and signing time against this table, and the table against the audit trail
 * ({@code key-registered}, {@code key-retired}), so a row inserted or changed with {@code sqlite3} is named too.
 * Times are instants (UTC), kept to the second, because a PDF's signing time is written to the second.
 */
public final class KeyRegistry {
    /** {@code keys show} flags a certificate that expires within this many days. */
    public static final int EXPIRY_WARNING_DAYS = 60;
    /** The migration that added the registry. */
    static final int SCHEMA_VERSION = 10;
    /** The audit action that marks when a data directory of an earlier release began its registry (on upgrade). */
    static final String REGISTRY_STARTED = "key-registry-started";

    private KeyRegistry() {
    }

    /**
     * One registered key.
     *
     * @param fingerprint    SHA-256 of the certificate, upper-case hex with colons ({@code AB:CD:…})
     * @param label          what the clinic calls it ("clinic key", the device)
     * @param subject        the certificate's subject (RFC 2253)
     * @param notBefore      the certificate's validity, from …
     * @param notAfter       … to
     * @param registeredFrom the start of the period it signs
     * @param retiredAt      the end of that period, or null while it is current
     * @param registeredBy   who registered it (an account's audit name), or {@code upgrade}
     */
    public record RegisteredKey(String fingerprint, String label, String subject, Instant notBefore, Instant notAfter,
                                Instant registeredFrom, Instant retiredAt, String registeredBy) {
        /** Whether it has not been retired. */
        public boolean current() {
            return retiredAt == null;
        }

        /** Whether its certificate expires within {@link #EXPIRY_WARNING_DAYS} days of {@code now} (or has). */
        public boolean expiresSoon(Instant now) {
            return notAfter.isBefore(now.plus(Duration.ofDays(EXPIRY_WARNING_DAYS)));
        }

        /** The period it signs, in the clinic's time ("2026-11-30 09:43 (+09:00) – current"). */
        public String period(ClinicClock clock) {
            return clock.format(registeredFrom) + " – " + (retiredAt == null ? "current" : "retired "
                    + clock.format(retiredAt));
        }
    }

    /**
     * A certificate's SHA-256 fingerprint as the registry writes it, from hex in any case with or without colons or
     * spaces.
     *
     * @throws IllegalArgumentException when it is not 32 bytes of hex
     */
    public static String normalise(String hex) {
        String h = hex == null ? "" : hex.replaceAll("[:\\s]", "").toUpperCase(Locale.ROOT);
        if (!h.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("'" + hex + "' is not a SHA-256 fingerprint (64 hex digits, colons "
                    + "allowed)");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 64; i += 2) {
            b.append(i == 0 ? "" : ":").append(h, i, i + 2);
        }
        return b.toString();
    }

    static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Registers {@code cert} from {@code from} (kept to the second) as registered by {@code by}, inside the caller's
     * transaction; returns the key as stored.
     *
     * @throws SQLException when it is registered already or cannot be stored: nothing is added
     */
    static RegisteredKey insert(SigningKeyStore keys, X509Certificate cert, String label, Instant from, String by)
            throws SQLException {
        RegisteredKey k = new RegisteredKey(SigningKeys.fingerprint(cert), label,
                cert.getSubjectX500Principal().getName(), cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(), seconds(from), null, by);
        keys.insert(k, cert);
        return k;
    }

    /** The audit details of a registration. */
    static String registeredDetails(RegisteredKey k, boolean upgrade) {
        return Json.of("label", k.label(), "subject", k.subject(), "notBefore", k.notBefore().toString(),
                "notAfter", k.notAfter().toString(), "from", k.registeredFrom().toString(), "upgrade", upgrade);
    }

    /**
     * Why {@code cert} may not sign at {@code at}, or null when it may: it must be a registered key ({@code k}
     * non-null), not retired, its certificate valid at that time, and the time not before its registration (a clock
     * set back must not produce a document signed before its key's start).
     *
     * @param what      how to name the key in the message (its file, or "the data directory's key")
     * @param file      the keystore file, for the command that registers it, or null
     * @param sharedStore the shared store as messages name it when the key is a device's own key there, else null
     *                    (issue 17 §2: each device's key is registered by an administrator on that device with the
     *                    database owner's login, attack review F2; docs/SIGNING.md)
     * @param owner       the role that owns the shared store's database as the server names it, put into the command
     *                    the refusal gives so that it runs as copied; null when unknown ({@code OWNER} is shown)
     */
    static String signingRefusal(RegisteredKey k, X509Certificate cert, Instant at, ClinicClock clock, String what,
                                 java.nio.file.Path file, String sharedStore, String owner) {
        boolean deviceKey = sharedStore != null;
        String fp = SigningKeys.fingerprint(cert);
        String newKey = "Make or import a new key and register it (exoconsent keys import --p12 FILE registers the "
                + "key it imports; exoconsent keys register --keystore FILE --label LABEL registers another), then "
                + "sign with it.";
        if (k == null && deviceKey) {
            return what + ": is not registered in the clinic's shared store (certificate SHA-256 " + fp + ", subject "
                    + cert.getSubjectX500Principal().getName() + "), so this device signs nothing yet; nothing was "
                    + "signed. Each device signs with its own key, which an administrator registers once with the "
                    + "database owner's login (no device keeps it): on this device, signed in as an ExoConsent "
                    + "administrator, exoconsent --store " + ShellWords.quote(RecordStore.ownerAddress(sharedStore, owner))
                    + " keys register --label \"LABEL\" (LABEL: what the clinic calls this device, such as "
                    + "\"Tablet 2\"; the owner's password in PGPASSWORD for this one command, never kept in the "
                    + "device's password file). "
                    + "See docs/SIGNING.md, \"Keys on a shared store\".";
        }
        if (k == null) {
            return what + ": is not one of the clinic's registered signing keys (certificate SHA-256 " + fp
                    + ", subject " + cert.getSubjectX500Principal().getName() + "); nothing was signed. If it is the "
                    + "clinic's key, an administrator registers it with: exoconsent keys register --keystore "
                    + (file == null ? "FILE" : file) + " --label LABEL";
        }
        Instant from = cert.getNotBefore().toInstant();
        Instant to = cert.getNotAfter().toInstant();
        String validity = "its certificate (SHA-256 " + fp + ") is valid from " + clock.format(from) + " to "
                + clock.format(to);
        if (k.retiredAt() != null) {
            return what + ": the key '" + k.label() + "' was retired on " + clock.format(k.retiredAt())
                    + " and signs nothing more (certificate SHA-256 " + fp + "); nothing was signed. " + newKey;
        }
        if (at.isAfter(to)) {
            return what + ": " + validity + ": it expired before now (" + clock.format(at) + "), and an expired "
                    + "certificate signs nothing; nothing was signed. " + newKey;
        }
        if (at.isBefore(from) || seconds(at).isBefore(k.registeredFrom())) {
            boolean beforeCert = at.isBefore(from);
            return what + ": the clinic's clock says " + clock.format(at) + ", before "
                    + (beforeCert ? "the start of its certificate (" + validity + ")"
                    : "the key was registered (" + clock.format(k.registeredFrom()) + ")")
                    + "; a document is never signed before its key's start, and nothing was signed. Check the "
                    + "computer's date and time (it may have been set back); if the certificate is not valid yet, "
                    + "sign with a key that is, or wait until it is.";
        }
        return null;
    }

    /**
     * Whether an archived document's signer is one of the clinic's keys and it was signed within that key's
     * period and its certificate's validity (for {@code records verify}); null when it was, else the problem.
     *
     * @param report the document's signature as {@link org.exoconsent.pdf.SignatureVerifier} read it (intact)
     */
    static String signerProblem(SigningKeyStore keys, SignatureReport report, ClinicClock clock)
            throws SQLException {
        if (report.fingerprint() == null) {
            return null; // reported as a signature problem
        }
        RegisteredKey k = keys.find(report.fingerprint());
        if (k == null) {
            return "signed by a key that is not one of the clinic's registered signing keys (certificate SHA-256 "
                    + report.fingerprint() + ", subject " + report.signer() + ")";
        }
        return outsidePeriod(k, report, clock);
    }

    /**
     * Why a document signed by the registered key {@code k} was signed outside its certificate's validity or the
     * key's registered period, or null when it was within both.
     */
    public static String outsidePeriod(RegisteredKey k, SignatureReport report, ClinicClock clock) {
        Instant at = report.signedAt();
        if (at == null) {
            return "its signature carries no signing time, so it cannot be held against the period of its key "
                    + k.fingerprint();
        }
        Instant s = seconds(at);
        if (s.isBefore(seconds(k.notBefore())) || s.isAfter(k.notAfter())) {
            return "signed at " + clock.format(at) + ", outside the validity of its certificate (SHA-256 "
                    + k.fingerprint() + ", " + clock.format(k.notBefore()) + " to " + clock.format(k.notAfter()) + ")";
        }
        if (s.isBefore(k.registeredFrom()) || k.retiredAt() != null && s.isAfter(k.retiredAt())) {
            return "signed at " + clock.format(at) + ", outside the registered period of its key '" + k.label()
                    + "' (SHA-256 " + k.fingerprint() + ", " + k.period(clock) + ")";
        }
        return null;
    }

    /**
     * The registry against the audit trail: every key has its {@code key-registered} entry with the same period
     * start, and a retired key its {@code key-retired} entry with the same time; every such entry has its key.
     *
     * @return one problem per disagreement, naming the key
     */
    static List<String> againstTrail(SigningKeyStore keys) throws SQLException {
        Map<String, String> registered = new HashMap<>();
        Map<String, String> retired = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (SigningKeyStore.TrailEntry e : keys.trail()) {
            com.fasterxml.jackson.databind.JsonNode d = Json.read(e.details());
            boolean registration = e.action().equals("key-registered");
            (registration ? registered : retired).put(e.fingerprint(), d.path(registration ? "from" : "at")
                    .asText(""));
        }
        for (RegisteredKey k : keys.list()) {
            String from = registered.remove(k.fingerprint());
            if (from == null) {
                problems.add("signing key " + k.fingerprint() + " ('" + k.label() + "'): registered in the database, "
                        + "but the audit trail never recorded its registration (no 'key-registered' entry)");
            } else if (!from.equals(k.registeredFrom().toString())) {
                problems.add("signing key " + k.fingerprint() + ": the database says it signs from "
                        + k.registeredFrom() + ", the audit trail from " + from);
            }
            String at = retired.remove(k.fingerprint());
            String stored = k.retiredAt() == null ? null : k.retiredAt().toString();
            if (at == null ? stored != null : !at.equals(stored)) {
                problems.add("signing key " + k.fingerprint() + ": the database says " + (stored == null ? "current"
                        : "retired " + stored) + ", the audit trail " + (at == null ? "never retired it"
                        : "retired it " + at));
            }
        }
        for (String fp : new java.util.TreeSet<>(registered.keySet())) {
            problems.add("signing key " + fp + ": the audit trail recorded its registration, but the database has no "
                    + "such key");
        }
        for (String fp : new java.util.TreeSet<>(retired.keySet())) {
            problems.add("signing key " + fp + ": the audit trail recorded its retirement, but the database has no "
                    + "such key");
        }
        return problems;
    }

    /** What {@link #lookup} found in a data directory. */
    public record Lookup(boolean registry, RegisteredKey key) {
    }

    /**
     * The registered key with this fingerprint in a data directory, read without signing in and without a lock
     * (fingerprints and periods are not confidential), for {@code exoconsent verify FILE}.
     *
     * @return {@code registry} false when the directory has no database or no registry yet (made before V10 and
     *         not opened since)
     * @throws StoreException when the database cannot be read
     */
    public static Lookup lookup(DataDirectory dir, String fingerprint) throws StoreException {
        if (!Files.isRegularFile(dir.database())) {
            return new Lookup(false, null);
        }
        try (SqliteStores stores = SqliteStores.openReadOnly(dir)) {
            return lookup(stores, dir.database().toString(), fingerprint);
        } catch (SQLException e) {
            throw new StoreException(dir.database() + ": the registered signing keys cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The registered key with this fingerprint in an opening of any vendor's store (issue 17), read in a read
     * transaction without signing in (fingerprints and periods are not confidential); the opening stays open.
     *
     * @param place the store as the message names it
     * @return {@code registry} false when the store has no registry yet (an SQLite database made before V10)
     * @throws StoreException naming {@code place} when the registry cannot be read
     */
    public static Lookup lookup(Stores stores, String place, String fingerprint) throws StoreException {
        Transactions tx = stores.transactions();
        try {
            tx.beginRead();
            try {
                SigningKeyStore keys = stores.signingKeys();
                if (!keys.held()) {
                    return new Lookup(false, null);
                }
                return new Lookup(true, keys.find(normalise(fingerprint)));
            } finally {
                tx.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException(place + ": the registered signing keys cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A label as the registry keeps it: stripped, 1–100 characters.
     *
     * @throws RefusedException when it is empty or longer
     */
    static String checkLabel(String label) throws RefusedException {
        String l = label == null ? "" : label.strip();
        if (l.isEmpty() || l.length() > 100) {
            throw new RefusedException("label: '" + (label == null ? "" : label) + "' — give the key a name of 1 to "
                    + "100 characters (the device, or \"clinic key\"); nothing was changed");
        }
        return l;
    }

    /** A key file found in the data directory's keys/ folder on upgrade, with the label it is registered under. */
    record Found(X509Certificate certificate, String label) {
    }

    /**
     * The keys of a data directory's keys/ folder that an earlier release signed with: the self-signed key, the
     * imported key, and imported keys it replaced ({@code clinic-imported.p12-replaced-<ms>}). A file that cannot be
     * opened is skipped.
     */
    static List<Found> foundInDataDirectory(org.exoconsent.pdf.KeyFiles keys) {
        java.nio.file.Path dir = keys.folder();
        List<Found> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        add(found, keys.selfSigned(), keys.selfSignedPassword(), "self-signed key of this data directory");
        add(found, keys.imported(), keys.importedPassword(), "imported clinic key");
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(dir)) {
            String prefix = keys.replacedImportedPrefix();
            for (java.nio.file.Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(prefix)) {
                    String stamp = name.substring(prefix.length());
                    if (!stamp.matches("\\d{1,19}")) {
                        continue; // a replaced key's password file, or not a key of ours
                    }
                    add(found, f, keys.replacedImportedPassword(Long.parseLong(stamp)),
                            "imported clinic key (replaced " + stamp + ")");
                }
            }
        } catch (java.io.IOException e) {
            // the keys that could be listed are registered; records verify names documents of any other
        }
        return found;
    }

    private static void add(List<Found> found, java.nio.file.Path p12, java.nio.file.Path password, String label) {
        if (!Files.isRegularFile(p12)) {
            return;
        }
        try {
            char[] pw = SigningKeys.readPassword(password);
            found.add(new Found(SigningKeys.open(p12, pw).certificate(), label));
        } catch (org.exoconsent.pdf.KeyException e) {
            // left unregistered: records verify names the documents it signed
        }
    }
}
