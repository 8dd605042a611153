package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SignatureReport;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;

/**
 * What a restore checks in an unpacked backup besides {@code records verify} (issue 13 §5): the things a backup
 * cannot vouch for itself, because whoever made it could have made its signatures and its audit trail too. Each
 * check compares the backup with something the administrator keeps outside it, or says that it could not. The
 * staged database's facts come through its store ({@link Backups}), its documents through its archive.
 */
final class RestoreChecks {
    private RestoreChecks() {
    }

    /**
     * A certificate fingerprint as an administrator may type it ({@code AB:CD:…}, {@code abcd…}, with spaces):
     * 64 hex digits, upper case, no separators.
     *
     * @throws IllegalArgumentException naming the value when it is not a SHA-256 fingerprint
     */
    static String normalizeFingerprint(String given) {
        String hex = given == null ? "" : given.replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("--expect-fingerprint: '" + given + "' is not a SHA-256 fingerprint "
                    + "(64 hexadecimal digits, as `keys show` or `verify FILE.pdf` print it)");
        }
        return hex;
    }

    private static String plain(String fingerprint) {
        return fingerprint.replace(":", "").toUpperCase(Locale.ROOT);
    }

    /**
     * The backup's signing keys and every archived document against the fingerprints the administrator confirmed:
     * the key the backup would sign with (its imported key, else its self-signed one) and the certificate that
     * signed each archived PDF must each be one of {@code expected} (SHA-256 of the DER certificate, hex).
     *
     * @param notChecked where to say what could not be compared (a backup that holds no signing key)
     * @return one problem per key or document signed by another certificate, naming it and its fingerprint
     */
    static List<String> fingerprints(DataDirectory dir, Stores staged, Set<String> expected,
                                     List<String> notChecked) throws SQLException, IOException {
        List<String> problems = new ArrayList<>();
        SigningKey key;
        try {
            key = SigningKeys.existingImported(dir.keyFiles());
            if (key == null) {
                key = SigningKeys.existingSelfSigned(dir.keyFiles());
            }
        } catch (KeyException e) {
            problems.add("keys/: the backup's signing key cannot be opened: " + e.getMessage());
            key = null;
        }
        if (key == null) {
            notChecked.add(RecordStore.Restored.NO_SIGNING_KEY);
        } else {
            String fp = plain(SigningKeys.fingerprint(key.certificate()));
            if (!expected.contains(fp)) {
                problems.add("keys/: the backup's signing key (" + key.certificate().getSubjectX500Principal()
                        .getName() + ", SHA-256 " + fp + ") is not one you confirmed; this backup was not made "
                        + "with the clinic's key");
            }
        }
        Map<String, String> others = new LinkedHashMap<>();
        for (Backups.Document d : staged.backups().documents()) {
            byte[] pdf;
            try {
                pdf = staged.documents().read(d.name());
            } catch (NoSuchFileException | DocumentArchive.NotTheDocument | DocumentArchive.NotADocumentName e) {
                continue; // records verify names a missing file, one that is not the document, or a row naming none
            }
            SignatureReport r = SignatureVerifier.verify(pdf);
            String fp = r.fingerprint() == null ? null : plain(r.fingerprint());
            if (fp != null && !expected.contains(fp)) {
                others.put(d.id(), r.signer() + ", SHA-256 " + fp);
            }
        }
        others.forEach((id, who) -> problems.add(id + ": signed by a key you did not confirm (" + who + ")"));
        return problems;
    }

    /**
     * Every account against the audit trail: each must have been added ({@code user-added}) and hold the roles the
     * trail last gave it ({@code user-added}, then {@code user-roles-changed}). An account inserted or promoted
     * with {@code sqlite3} — an attacker's administrator with a password hash they know — is named. (The trail
     * itself is inside the backup: this finds an account added without rewriting it; the anchor finds the rest.)
     */
    static List<String> accountsAgainstTrail(Backups staged) throws SQLException {
        Map<String, String> roles = staged.rolesGivenByTheTrail(); // lower-case name → roles the trail last gave
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> account : staged.accountRoles().entrySet()) {
            String name = account.getKey();
            String inTrail = roles.get(name.toLowerCase(Locale.ROOT));
            if (inTrail == null) {
                problems.add("account " + name + " (" + account.getValue() + "): the audit trail never added it "
                        + "(no 'user-added' entry); it was put into the database by other means");
            } else if (!sameRoles(inTrail, account.getValue())) {
                problems.add("account " + name + ": holds the roles " + account.getValue() + " but the audit "
                        + "trail gave it " + inTrail);
            }
        }
        return problems;
    }

    private static boolean sameRoles(String a, String b) {
        return roleSet(a).equals(roleSet(b));
    }

    private static Set<String> roleSet(String roles) {
        Set<String> s = new TreeSet<>();
        for (String r : roles.split(",")) {
            if (!r.isBlank()) {
                s.add(r.strip().toLowerCase(Locale.ROOT));
            }
        }
        return s;
    }

    /**
     * The template folders of the restored library ({@code templates/<version>/<id>/}) that no version of the
     * database names: never used (an interrupted import leaves one; so would files slipped into a backup beside the
     * library, which no check would ever read). The restore leaves them out and says so.
     */
    static List<Path> unusedTemplateFolders(DataDirectory dir, Stores staged) throws SQLException, IOException {
        Set<String> known = new java.util.TreeSet<>();
        for (String[] v : staged.templateVersions().held()) { // a time of the row that cannot be read is not read
            known.add(v[1] + "/" + v[0]); // its folder in the library
        }
        List<Path> unused = new ArrayList<>();
        Path root = dir.templates();
        if (!Files.isDirectory(root)) {
            return unused;
        }
        try (java.util.stream.Stream<Path> versions = Files.list(root)) {
            for (Path v : versions.sorted().toList()) {
                try (java.util.stream.Stream<Path> ids = Files.list(v)) {
                    for (Path id : ids.sorted().toList()) {
                        if (!known.contains(v.getFileName() + "/" + id.getFileName())) {
                            unused.add(id);
                        }
                    }
                }
            }
        }
        return unused;
    }

    /**
     * The seam for the anchor (issue 13 §3): the restored audit trail must hold the newest head the administrator's
     * anchor recorded ({@code expectedHead}, the SHA-256 of that entry, hex), so that a backup older than the
     * anchor (a roll-back) or with a rewritten trail is refused. Null: not compared.
     *
     * @return the problem, or null when the trail holds that head
     */
    static String anchoredHead(Backups staged, String expectedHead) throws SQLException {
        if (expectedHead == null) {
            return null;
        }
        if (staged.trailHolds(expectedHead)) {
            return null;
        }
        return "audit trail: does not hold the anchored head " + expectedHead + "; the backup is older than the "
                + "anchor or its trail was rewritten";
    }
}
