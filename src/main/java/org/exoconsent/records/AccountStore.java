package org.exoconsent.records;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The accounts area of the store (issue 15 §1): who may sign in, with which roles and physician licence, whether the
 * account is active, its password's hash, and the state of its sign-ins (wrong passwords in a row, locked until).
 * Names are checked ({@link Accounts#checkName}), passwords hashed ({@link Passwords#hash}) and the lockout decided
 * ({@link Accounts#attempt}) before anything reaches it; {@link RecordStore} audits every change. An account is
 * never deleted (the audit trail names it). Names compare without regard to the case of the letters A–Z ("Admin"
 * and "admin" are one account). Each account may have a staff language (migration V14; none for an account made
 * before). Times are instants (UTC). Runs in the caller's transaction ({@link Transactions}).
 */
public interface AccountStore {
    /** How many accounts there are (0 before the first administrator is made). */
    long count() throws SQLException;

    /**
     * The account of this name with its password hash, for sign-in and for the checks of a name; null when there is
     * none.
     */
    Accounts.Row find(String name) throws SQLException;

    /** Every account, by name (never a hash). */
    List<Accounts.Account> list() throws SQLException;

    /**
     * Adds an active account with no failed sign-ins.
     *
     * @param licence      the physician's licence number in the catalog, or null
     * @param passwordHash the password's Argon2id hash in PHC form ({@code $argon2id$…}; anything else is refused)
     * @param createdAt    when it was made
     * @throws SQLException when an account of that name exists already (whatever the case of its letters), or the
     *                      hash is not an Argon2id one: nothing is added
     */
    void insert(String name, Set<Role> roles, String licence, String passwordHash, Instant createdAt)
            throws SQLException;

    /**
     * Replaces an account's roles and physician licence (null: none).
     *
     * @return false when there is no such account (nothing was changed)
     */
    boolean updateRoles(String name, Set<Role> roles, String licence) throws SQLException;

    /**
     * Sets an account's staff language (issue 16 §6), checked before ({@link Accounts#checkLanguage}).
     *
     * @param language "ja" or "en"; null takes it away (the computer's language is used again)
     * @return false when there is no such account (nothing was changed)
     * @throws SQLException when the language is not one of {@link Accounts#LANGUAGES}: nothing is changed
     */
    boolean updateLanguage(String name, String language) throws SQLException;

    /**
     * Enables or disables an account.
     *
     * @return false when there is no such account (nothing was changed)
     */
    boolean updateActive(String name, boolean active) throws SQLException;

    /**
     * Replaces an account's password hash (Argon2id, PHC form); its failed sign-ins stay as they are (see {@link
     * #clearSignInFailures}).
     *
     * @return false when there is no such account (nothing was changed)
     * @throws SQLException when the hash is not an Argon2id one: nothing is changed
     */
    boolean updatePassword(String name, String passwordHash) throws SQLException;

    /**
     * Writes the state of an account's sign-ins: the wrong passwords in a row, and until when it is locked (null:
     * not locked).
     *
     * @throws SQLException when it is not written (no such account, a full disk): the caller refuses the sign-in
     */
    void writeSignInFailures(String name, int failuresInARow, Instant lockedUntil) throws SQLException;

    /** Clears an account's wrong passwords in a row and any lock (after a right password, or a new one). */
    void clearSignInFailures(String name) throws SQLException;

    /**
     * Every account exactly as stored, by name, for {@code records verify} to hold against the audit trail
     * ({@link AccountsAgainstTrail}): nothing is parsed, so a row changed outside the product (a role the product does
     * not know, an active flag of 2) is read and named rather than failing the check.
     */
    List<Stored> stored() throws SQLException;

    /**
     * One account row as stored.
     *
     * @param roles        the comma-separated role labels as stored
     * @param licence      the physician licence, or null
     * @param active       1 for an active account, 0 for a disabled one (anything else was written outside the product)
     * @param language     "ja", "en" or null
     * @param passwordDigest the SHA-256 of the stored password hash as lower-case hex ({@link
     *                       AccountsAgainstTrail#digest}; the audit trail records it), or null when there is none;
     *                       on PostgreSQL computed by the server, which never lets a device read the hash (V19)
     */
    record Stored(String name, String roles, String licence, int active, String language, String passwordDigest) {
    }
}
