package org.exoconsent.records;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.exoconsent.limits.InputLimits;

/**
 * The rules of the accounts (who may sign in, with which roles, and the lockout after repeated wrong passwords):
 * names, roles as text, and the counting of sign-in attempts; the accounts themselves are kept by the store's
 * {@link AccountStore}. Used only by {@link RecordStore}, which audits every change and every failed sign-in.
 */
public final class Accounts {
    /** Wrong passwords in a row that lock an account ... */
    public static final int MAX_FAILURES = 5;
    /** ... for this long. */
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile(
            "[\\p{L}\\p{N}][\\p{L}\\p{N}._@-]{0," + (InputLimits.MAX_ACCOUNT_NAME_CHARACTERS - 1) + "}");

    private Accounts() {
    }

    /**
     * The lock of an account whose {@code locked_until} cannot be read: locked with no end (the safer reading of a
     * lock that was tampered with), lifted by an administrator's {@code users set-password}.
     */
    public static final Instant DAMAGED_LOCK = Instant.MAX;

    /** The staff languages an account may have (issue 16 §6): the languages the screens are written in. */
    public static final java.util.List<String> LANGUAGES = java.util.List.of("ja", "en");

    /**
     * One account as an administrator sees it (never the hash).
     *
     * @param language the person's staff language ("ja" or "en"), the language of the screens they use; null for an
     *                 account that has none (made before issue 16: the computer's language is used)
     * @param damage   null, or what of the account's row could not be read as the product writes it (changed outside
     *                 the product), naming the table, the row, the column and the value, and the repair: a {@code
     *                 locked_until} that is not an instant locks the account ({@link #DAMAGED_LOCK}) until an
     *                 administrator sets its password again; a role label that is not one is dropped (fewer rights)
     */
    public record Account(String name, Set<Role> roles, String physicianLicence, boolean active, int failedSignIns,
                          Instant lockedUntil, String language, String damage) {
        /** An account read intact. */
        public Account(String name, Set<Role> roles, String physicianLicence, boolean active, int failedSignIns,
                       Instant lockedUntil, String language) {
            this(name, roles, physicianLicence, active, failedSignIns, lockedUntil, language, null);
        }

        /** An account without a staff language. */
        public Account(String name, Set<Role> roles, String physicianLicence, boolean active, int failedSignIns,
                       Instant lockedUntil) {
            this(name, roles, physicianLicence, active, failedSignIns, lockedUntil, null);
        }
    }

    /**
     * Refuses a staff language other than those of {@link #LANGUAGES}.
     *
     * @param what names the field in the refusal ("--language", "language of yamada")
     * @return the language, stripped and in lower case
     * @throws IllegalArgumentException naming {@code what} and the value, and listing the languages
     */
    public static String checkLanguage(String what, String language) {
        String l = language == null ? "" : language.strip().toLowerCase(java.util.Locale.ROOT);
        if (!LANGUAGES.contains(l)) {
            throw new IllegalArgumentException(what + ": '" + RecordStore.shownName(language) + "' is not a staff "
                    + "language; give ja or en");
        }
        return l;
    }

    /**
     * One account with its stored password hash (Argon2id, PHC form), as sign-in checks it; the hash is never shown.
     */
    public record Row(Account account, String hash) {
    }

    /**
     * Refuses a new account's name that is not 1 to {@link InputLimits#MAX_ACCOUNT_NAME_CHARACTERS} letters, digits or
     * {@code . _ @ -}, or that holds full-width or other compatibility characters ({@code ａｄｍｉｎ}, half-width
     * katakana): such a name looks like another on screen and in the audit trail (attack review of 2026-12-01,
     * finding 9). The name is to be written in its Unicode NFKC form, which the refusal gives.
     *
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name: '" + RecordStore.shownName(name) + "' must be 1 to "
                    + InputLimits.MAX_ACCOUNT_NAME_CHARACTERS + " letters, digits or . _ @ -"
                    + ", starting with a letter or digit");
        }
        String plain = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC);
        if (!plain.equals(name)) {
            throw new IllegalArgumentException("user name: '" + RecordStore.shownName(name) + "' holds full-width "
                    + "or other compatibility characters, which look like other names; write it as '"
                    + RecordStore.shownName(plain) + "'");
        }
    }

    /**
     * What two account names are compared by when an account is added: their NFKC form in lower case (any script's
     * case, not only A-Z), so that {@code Émile} and {@code émile}, or a full-width name an earlier release
     * accepted and its plain form, are one name.
     */
    static String lookAlike(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The existing account whose name looks like {@code name} ({@link #lookAlike}), or null.
     *
     * @param accounts the store's accounts, read in the adding transaction
     */
    static String lookingAlike(AccountStore accounts, String name) throws SQLException {
        String folded = lookAlike(name);
        for (Account a : accounts.list()) {
            if (lookAlike(a.name()).equals(folded)) {
                return a.name();
            }
        }
        return null;
    }

    static String rolesText(Set<Role> roles) {
        return roles.stream().map(Role::label).collect(Collectors.joining(","));
    }

    static Set<Role> roles(String text) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(Role::of).forEach(out::add);
        return out;
    }

    /** The labels of {@code text} that are not roles (changed outside the product), in their order; none: empty. */
    static java.util.List<String> unknownRoles(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String s : (text == null ? "" : text).split(",")) {
            if (!s.isBlank() && Arrays.stream(Role.values()).noneMatch(r -> r.label().equals(
                    s.strip().toLowerCase(java.util.Locale.ROOT)))) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * An account's row read defensively (attack review of issue 17): a value that cannot be read is not thrown but
     * named in {@link Account#damage}. A {@code locked_until} that is not an ISO instant locks the account ({@link
     * #DAMAGED_LOCK}); role labels that are not roles are dropped.
     *
     * A {@code password_hash} no password can be checked against ({@link Passwords#unusable}: parameters beyond the
     * ceiling, which would be a denial of service, or a text that is not such a hash) locks the account too, and no
     * password is checked against it: a wrong password is never counted for it.
     *
     * @param lockedUntil  the {@code locked_until} column as stored (null: not locked)
     * @param rolesText    the {@code roles} column as stored
     * @param passwordHash the {@code password_hash} column as stored (read for its parameters only)
     */
    static Account read(String name, String rolesText, String licence, boolean active, int failures,
                        String lockedUntil, String language, String passwordHash) {
        java.util.List<String> damage = new java.util.ArrayList<>();
        Instant until = null;
        if (lockedUntil != null) {
            try {
                until = Instant.parse(lockedUntil);
                if (!DamagedRow.plausibleYear(until.atZone(java.time.ZoneOffset.UTC).getYear())) {
                    throw new java.time.DateTimeException("out of the years 1800 to 9999");
                }
            } catch (java.time.DateTimeException e) {
                until = DAMAGED_LOCK;
                damage.add("the column locked_until holds " + DamagedStoreException.shown(lockedUntil)
                        + ", not an instant (the account is locked)");
            }
        }
        String unusable = Passwords.unusable(passwordHash);
        if (unusable != null) {
            until = DAMAGED_LOCK;
            damage.add("the column password_hash holds a hash whose " + unusable.substring("its ".length())
                    + " (the account is locked; no password is checked against it)");
        }
        java.util.List<String> unknown = unknownRoles(rolesText);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String s : (rolesText == null ? "" : rolesText).split(",")) {
            if (!s.isBlank() && !unknown.contains(s)) {
                roles.add(Role.of(s));
            }
        }
        if (!unknown.isEmpty()) {
            damage.add("the column roles holds " + DamagedStoreException.shown(rolesText) + ", whose "
                    + unknown.stream().map(DamagedStoreException::shown).collect(Collectors.joining(", "))
                    + " is not a role (left out)");
        }
        String d = damage.isEmpty() ? null : "account " + RecordStore.shownName(name) + ": the database's account row '"
                + RecordStore.shownName(name) + "' was changed outside the product: " + String.join("; ", damage)
                + "; an administrator repairs it: exoconsent users set-password --name " + RecordStore.shownName(name)
                + (unknown.isEmpty() ? "" : ", exoconsent users set-roles --name " + RecordStore.shownName(name)
                + " --role ROLE");
        return new Account(name, roles, licence, active, failures, until, language, d);
    }

    /**
     * A sign-in attempt, counted before its password is checked (so an attempt whose count cannot be written is
     * refused, whatever the password): the failures in a row go up by one, and the {@value #MAX_FAILURES}th locks
     * the account for {@link #LOCKOUT} from {@code now} (UTC). A right password then clears both
     * ({@link AccountStore#clearSignInFailures}).
     *
     * @return whether this attempt locks the account should its password be wrong
     * @throws SQLException when the count cannot be written (a full disk): the caller refuses the sign-in
     */
    static boolean attempt(AccountStore accounts, Row row, Instant now) throws SQLException {
        int failures = row.account().failedSignIns() + 1;
        boolean lock = failures >= MAX_FAILURES;
        accounts.writeSignInFailures(row.account().name(), lock ? 0 : failures, lock ? now.plus(LOCKOUT) : null);
        return lock;
    }
}
