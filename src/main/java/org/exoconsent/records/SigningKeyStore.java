package org.exoconsent.records;

import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The signing-keys area of the store (issue 13 §2, issue 15 §1): the registry of the keys that may sign the clinic's
 * consents and withdrawals, one {@link KeyRegistry.RegisteredKey} per certificate fingerprint (SHA-256, upper-case
 * hex with colons, {@link KeyRegistry#normalise}) with its certificate and the period it signs. A registered key is
 * never deleted and never changed, except that it is retired once; the rules (who may sign when, what {@code records
 * verify} reports) are {@link KeyRegistry}'s. Times are instants (UTC) to the second. Runs in the caller's
 * transaction ({@link Transactions}).
 */
public interface SigningKeyStore {
    /**
     * Whether this store holds a registry at all: false only for a store of a release before the registry that is
     * read without being brought up to date ({@link KeyRegistry#lookup}); a store opened for work always holds one.
     */
    boolean held() throws SQLException;

    /** The registered key with this fingerprint (as {@link KeyRegistry#normalise} writes it), or null. */
    KeyRegistry.RegisteredKey find(String fingerprint) throws SQLException;

    /** Every registered key, in the order they were registered (their period's start, then fingerprint). */
    List<KeyRegistry.RegisteredKey> list() throws SQLException;

    /**
     * Whether the registry has begun here: a key is registered, or the audit trail has a {@code key-registered}
     * entry or the {@value KeyRegistry#REGISTRY_STARTED} entry of an upgrade.
     */
    boolean anyEverRegistered() throws SQLException;

    /**
     * The role this opening's connection signs in as when it may not register a key, or null when it may: on a
     * PostgreSQL store only the database's owner may insert into the registry (attack review of issue 17, F2: the
     * devices' role has no INSERT right on it); a data directory's registry is its own.
     */
    String registrationRefused() throws SQLException;

    /**
     * The role that owns the shared store's database (the one login that registers keys), as the server names it,
     * or null for a data directory: named in the refusal of {@link #registrationRefused} so that the command it gives
     * runs as copied (attack review of 2026-12-01). Every role may read it from the server's catalog.
     */
    default String databaseOwner() throws SQLException {
        return null;
    }

    /** Whether the records index holds any record (a data directory that has signed something). */
    boolean holdsRecords() throws SQLException;

    /**
     * Registers a key, current (not retired), with its certificate.
     *
     * @param key         as {@link KeyRegistry#insert} makes it from {@code certificate} (times to the second)
     * @param certificate the key's certificate, kept whole
     * @throws SQLException when a key of that fingerprint is registered already, or the certificate cannot be
     *                      encoded: nothing is added
     */
    void insert(KeyRegistry.RegisteredKey key, X509Certificate certificate) throws SQLException;

    /**
     * Retires a current key: it signs nothing after {@code at}.
     *
     * @param at the end of its period, to the second ({@link KeyRegistry#seconds}), not before its start
     * @throws SQLException when no current key has this fingerprint (none, or retired already): nothing is changed
     */
    void retire(String fingerprint, Instant at) throws SQLException;

    /**
     * The audit trail's entries about the registry ({@code key-registered} and {@code key-retired}), oldest first,
     * for {@link KeyRegistry#againstTrail}.
     */
    List<TrailEntry> trail() throws SQLException;

    /**
     * An audit entry about a key.
     *
     * @param action      {@code key-registered} or {@code key-retired}
     * @param fingerprint the entry's subject: the key's fingerprint
     * @param details     the entry's details (JSON: {@code from} for a registration, {@code at} for a retirement)
     */
    record TrailEntry(String action, String fingerprint, String details) {
    }

    /**
     * When the registry of a data directory of an earlier release began (the time of its first {@value
     * KeyRegistry#REGISTRY_STARTED} audit entry), or null when it began with the data directory.
     */
    Instant registryStartOnUpgrade() throws SQLException;
}
