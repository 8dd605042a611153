package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code records verify}: the accounts against what the audit trail says about them (attack review of issue 17, F1).
 * The trail's account entries are replayed oldest first — {@code user-added} (roles, licence, language, and since
 * this release {@value #PASSWORD_DIGEST}), {@code user-roles-changed} ({@code to}, {@code licence}),
 * {@code user-enabled}, {@code user-disabled}, {@code user-language-set} ({@code to}) and {@code user-password-set}
 * ({@value #PASSWORD_DIGEST}) — and every account row must be what they leave: an account the trail never added, one
 * it added that is gone, roles, licence, active state or language other than the trail's, a password hash whose
 * SHA-256 is not the one the trail recorded, and one password hash held by two accounts (each hash the product makes
 * has its own random salt) are problems. A password last set before this release (its entry has no digest) is said
 * in a note: it cannot be checked. What sign-in itself changes without an entry (wrong passwords in a row, locked
 * until) is not compared. Names compare as the account table compares them (A–Z without regard to case).
 *
 * <p>This finds a row changed with {@code sqlite3} or the shared store's application role; it does not find a change
 * made together with forged, correctly chained audit entries (the chain has no secret: docs/RECORDS.md, F2).
 */
final class AccountsAgainstTrail {
    /** The detail of {@code user-added} and {@code user-password-set} holding the new hash's SHA-256 (hex). */
    static final String PASSWORD_DIGEST = "passwordHashSha256";

    private static final List<AuditTrailStore.Kind> KINDS = List.of(AuditTrailStore.Kind.of("user-added"),
            AuditTrailStore.Kind.of("user-roles-changed"), AuditTrailStore.Kind.of("user-enabled"),
            AuditTrailStore.Kind.of("user-disabled"), AuditTrailStore.Kind.of("user-language-set"),
            AuditTrailStore.Kind.of("user-password-set"));

    private AccountsAgainstTrail() {
    }

    /** The SHA-256 (lower-case hex) of a stored password hash's UTF-8 text, as the audit entries carry it. */
    static String digest(String passwordHash) {
        return RecordStore.sha256(passwordHash.getBytes(StandardCharsets.UTF_8));
    }

    /** An account as the trail leaves it; {@code digest} null when its password's entry carries none. */
    private static final class Replayed {
        final String name;
        final long added;
        String roles;
        long rolesSeq;
        String licence;
        String language;
        boolean active = true;
        long activeSeq;
        String digest;
        long passwordSeq;

        Replayed(String name, long added) {
            this.name = name;
            this.added = added;
        }
    }

    /**
     * Holds every stored account against the trail.
     *
     * @param problems where each disagreement is added, naming the account and the entry (damage: verify exits 1)
     * @param notes    where the accounts whose password cannot be checked are named (not damage)
     */
    static void check(AccountStore accounts, AuditTrailStore trail, List<String> problems, List<String> notes)
            throws SQLException {
        List<AuditLog.Entry> entries = new ArrayList<>();
        trail.newestFirst(KINDS, entries::add);
        Map<String, Replayed> byName = new LinkedHashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) { // oldest first
            AuditLog.Entry e = entries.get(i);
            if (e.subject() == null) {
                continue;
            }
            String key = fold(e.subject());
            JsonNode d = Json.read(e.details());
            if (e.action().equals("user-added")) {
                Replayed r = new Replayed(e.subject(), e.seq());
                r.roles = text(d, "roles");
                r.rolesSeq = e.seq();
                r.licence = text(d, "licence");
                r.language = text(d, "language");
                r.activeSeq = e.seq();
                r.digest = text(d, PASSWORD_DIGEST);
                r.passwordSeq = e.seq();
                byName.put(key, r);
                continue;
            }
            Replayed r = byName.get(key);
            if (r == null) {
                continue; // a change of an account the trail never added: the account itself is named below
            }
            switch (e.action()) {
                case "user-roles-changed" -> {
                    r.roles = text(d, "to");
                    r.rolesSeq = e.seq();
                    if (d.has("licence")) {
                        r.licence = text(d, "licence");
                    }
                }
                case "user-enabled", "user-disabled" -> {
                    r.active = e.action().equals("user-enabled");
                    r.activeSeq = e.seq();
                }
                case "user-language-set" -> r.language = text(d, "to");
                case "user-password-set" -> {
                    r.digest = text(d, PASSWORD_DIGEST);
                    r.passwordSeq = e.seq();
                }
                default -> { }
            }
        }
        Map<String, String> holderOfHash = new LinkedHashMap<>();
        Set<String> uncheckable = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (AccountStore.Stored a : accounts.stored()) {
            String name = a.name();
            String shown = "account " + RecordStore.shownName(name);
            if (a.passwordDigest() != null) {
                String other = holderOfHash.putIfAbsent(a.passwordDigest().toLowerCase(java.util.Locale.ROOT), name);
                if (other != null) {
                    problems.add(shown + ": holds the same password hash as account " + RecordStore.shownName(other)
                            + ": it was copied from one to the other outside the product (every password the "
                            + "product sets has a hash of its own); an administrator sets a new password for both "
                            + "(users set-password)");
                }
            }
            Replayed r = byName.remove(fold(name));
            if (r == null) {
                problems.add(shown + " (" + a.roles() + "): the audit trail never added it (no 'user-added' "
                        + "entry): it was put into the database outside the product");
                continue;
            }
            if (!roleSet(a.roles()).equals(roleSet(r.roles))) {
                problems.add(shown + ": holds the roles " + a.roles() + ", but the audit trail gave it " + r.roles
                        + " (entry " + r.rolesSeq + "): its roles were changed outside the product");
            }
            if (!Objects.equals(blankAsNull(a.licence()), blankAsNull(r.licence))) {
                problems.add(shown + ": holds the physician licence " + orNone(a.licence()) + ", but the audit "
                        + "trail gave it " + orNone(r.licence) + ": its licence was changed outside the product");
            }
            if (a.active() != (r.active ? 1 : 0)) {
                problems.add(shown + ": is " + (a.active() == 1 ? "active" : a.active() == 0 ? "disabled"
                        : "marked active = " + a.active()) + ", but the audit trail " + (r.active
                        ? (r.activeSeq == r.added ? "added it active" : "enabled it") : "disabled it") + " (entry "
                        + r.activeSeq + "): it was " + (r.active ? "disabled" : "enabled") + " outside the product");
            }
            if (!Objects.equals(a.language(), r.language)) {
                problems.add(shown + ": has the staff language " + orNone(a.language()) + ", but the audit trail "
                        + "gave it " + orNone(r.language) + ": it was changed outside the product");
            }
            if (r.digest == null) {
                uncheckable.add(name);
            } else if (a.passwordDigest() == null || !r.digest.equalsIgnoreCase(a.passwordDigest())) {
                problems.add(shown + ": its password hash is not the one the audit trail recorded (entry "
                        + r.passwordSeq + "): it was replaced outside the product, and whoever did it may sign in "
                        + "as " + RecordStore.shownName(name) + "; an administrator sets a new password (users "
                        + "set-password)");
            }
        }
        for (Replayed r : byName.values()) {
            problems.add("account " + RecordStore.shownName(r.name) + ": the audit trail added it (entry " + r.added
                    + "), but the database has no such account: it was deleted outside the product (accounts are "
                    + "disabled, never deleted)");
        }
        if (!uncheckable.isEmpty()) {
            notes.add("the password" + (uncheckable.size() == 1 ? " of account " : "s of accounts ")
                    + String.join(", ", uncheckable) + (uncheckable.size() == 1 ? " was" : " were") + " last set "
                    + "before this release, whose audit entries carry no digest of the password hash: whether "
                    + (uncheckable.size() == 1 ? "it is" : "they are") + " the one set through the product cannot "
                    + "be checked (it can once an administrator sets a new password: users set-password)");
        }
    }

    /** A name as the account table compares it: A–Z folded, nothing else. */
    static String fold(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String blankAsNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String orNone(String s) {
        return blankAsNull(s) == null ? "none" : s;
    }

    private static Set<String> roleSet(String roles) {
        Set<String> s = new TreeSet<>();
        if (roles != null) {
            for (String r : roles.split(",")) {
                if (!r.isBlank()) {
                    s.add(r.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return s;
    }
}
