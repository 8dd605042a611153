package org.exoconsent.usecases;

import java.util.List;
import java.util.Set;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.Accounts;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.StoreException;

/**
 * The people who may use ExoConsent and their roles (issue 15 §1; {@code exoconsent users}, the administration
 * screen's people tab): listing, adding, setting roles, disabling and enabling, setting a password.
 * {@link Permission#MANAGE_USERS} (administrators) is checked before any work (a refusal is audited
 * {@code access-refused}; nothing is changed and no new password is asked for); the store then refuses a bad name,
 * role or licence number with a message naming it and audits each change in the transaction that makes it
 * ({@code user:added}, {@code user:roles}…). The first administrator of a data directory is made by {@link SignIn}.
 */
public final class AccountAdministration {
    /** A new password, asked only once the permission is checked (a prompt, or standard input's next line). */
    @FunctionalInterface
    public interface NewPassword {
        /**
         * @throws org.exoconsent.records.RefusedException when none was given (the message names the account)
         */
        char[] get() throws StoreException;
    }

    /**
     * The accounts and the clinic's clock (its zone shows a lockout's end).
     *
     * @param accounts every account, in the store's order, disabled ones included
     * @param clock    the clinic's clock, to say whether and until when an account is locked
     */
    public record AccountList(List<Accounts.Account> accounts, ClinicClock clock) {
    }

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public AccountAdministration(StoreOpening opening) {
        this.opening = opening;
    }

    /** Every account, with the clinic's clock. */
    public AccountList list() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_USERS, "users list")) {
            return new AccountList(store.users(), store.clinicClock());
        }
    }

    /**
     * Adds {@code name} with {@code roles}; the password is asked after the permission check.
     *
     * @param licence for a physician, their licence number in the catalog; null otherwise
     * @throws IllegalArgumentException when the name or roles are refused (the message names them)
     * @return the account's licence when it is not an active physician of the clinic's catalog (the account was
     *         added; it cannot confirm a treatment until the catalog has it), else null
     * @throws StoreException           when refused (permission, an existing name) or failing
     */
    public String add(String name, Set<Role> roles, String licence, NewPassword password) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_USERS, "users add")) {
            char[] p = password.get();
            try {
                store.addUser(name, roles, licence, p);
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
            return store.licenceOutsideCatalog(name);
        }
    }

    /**
     * Adds {@code name} with {@code roles} and a staff language (issue 16 §6); the password is asked after the
     * permission check.
     *
     * @param language "ja" or "en", or null for none (the computer's language is used)
     * @return as {@link #add(String, Set, String, NewPassword)}: the licence the catalog lacks, or null
     * @throws IllegalArgumentException when the name, roles or language are refused (the message names them)
     */
    public String add(String name, Set<Role> roles, String licence, String language, NewPassword password)
            throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_USERS, "users add")) {
            char[] p = password.get();
            try {
                store.addUser(name, roles, licence, p, language);
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
            return store.licenceOutsideCatalog(name);
        }
    }

    /**
     * Sets {@code name}'s staff language, the language of the screens they use (issue 16 §6;
     * {@code users set-language}, the people tab); audited {@code user-language-set}.
     *
     * @param language "ja" or "en"
     * @throws IllegalArgumentException for another language (the message names it)
     * @throws StoreException           when there is no such account, or refused
     */
    public void setLanguage(String name, String language) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_USERS, "users set-language")) {
            store.setLanguage(name, language);
        }
    }

    /**
     * Replaces {@code name}'s roles (and licence, for a physician).
     *
     * @return the account's licence when it is a physician's that the clinic's catalog lacks (the roles were set),
     *         else null
     */
    public String setRoles(String name, Set<Role> roles, String licence) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_USERS, "users set-roles")) {
            store.setRoles(name, roles, licence);
            return store.licenceOutsideCatalog(name);
        }
    }

    /** Disables (kept: the audit trail names them) or enables {@code name} again. */
    public void setActive(String name, boolean active) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_USERS,
                active ? "users enable" : "users disable")) {
            store.setActive(name, active);
        }
    }

    /** Sets a new password for {@code name} (which also lifts a lockout); asked after the permission check. */
    public void setPassword(String name, NewPassword password) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_USERS, "users set-password")) {
            char[] p = password.get();
            try {
                store.setPassword(name, p);
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
        }
    }
}
