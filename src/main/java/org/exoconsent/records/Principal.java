package org.exoconsent.records;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A signed-in person: their name and roles as read from the accounts table when they signed in. Only this package
 * creates one (after checking a password, or when the first administrator is created), so holding one is proof of
 * a sign-in; the store re-reads the roles each time it is opened, so a change of roles applies at once.
 */
public final class Principal {
    private final String name;
    private final Set<Role> roles;
    private final String physicianLicence;
    private final String language;
    /**
     * The token of the person's session on the shared store's server (PostgreSQL, V19), which the server requires of
     * every audit entry and account change made in their name; null on the embedded store. Never shown.
     */
    private final String session;

    Principal(String name, Set<Role> roles, String physicianLicence) {
        this(name, roles, physicianLicence, null);
    }

    Principal(String name, Set<Role> roles, String physicianLicence, String language) {
        this(name, roles, physicianLicence, language, null);
    }

    private Principal(String name, Set<Role> roles, String physicianLicence, String language, String session) {
        this.name = name;
        this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        this.physicianLicence = physicianLicence;
        this.language = language;
        this.session = session;
    }

    /** The same person holding the server session {@code token} (null: none). */
    Principal withSession(String token) {
        return new Principal(name, roles, physicianLicence, language, token);
    }

    /** The token of the person's server session, or null ({@link #withSession}). */
    String session() {
        return session;
    }

    /** The person as their account is now ({@link Accounts.Account}): name, roles, licence and staff language. */
    static Principal of(Accounts.Account a) {
        return new Principal(a.name(), a.roles(), a.physicianLicence(), a.language());
    }

    public String name() {
        return name;
    }

    public Set<Role> roles() {
        return roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean may(Permission p) {
        return p.grantedTo(roles);
    }

    /**
     * The person's staff language, "ja" or "en" (issue 16 §6: the language of the screens they use), as their account
     * held it when the store was opened; null when the account has none (the computer's language is used).
     */
    public String language() {
        return language;
    }

    /** The licence number of the physician this account is (null when it is not a physician's). */
    public String physicianLicence() {
        return roles.contains(Role.PHYSICIAN) ? physicianLicence : null;
    }

    /**
     * The physician's licence when the person may see only their own patients' records, else null (all). A
     * physician account without a licence sees none ("" matches no record).
     */
    public String ownRecordsOnly() {
        return roles.contains(Role.MANAGER) ? null : physicianLicence == null ? "" : physicianLicence;
    }


    /** How the audit log names this person. */
    public String actor() {
        return name + " [" + roles.stream().map(Role::label).collect(Collectors.joining(",")) + "]";
    }

    @Override
    public String toString() {
        return actor();
    }
}
