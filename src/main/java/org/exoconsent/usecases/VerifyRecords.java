package org.exoconsent.usecases;

import java.nio.file.Path;
import java.time.Clock;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;

/**
 * Verifying the records (issue 15 §1, docs/ARCHITECTURE.md "Use cases"): the whole store ({@code records verify}, the
 * records screen's "verify all"), one record (the records screen's "verify"), and accepting the audit trail's head
 * after its head file was lost ({@code records accept-head}). Each call opens the store as the signed-in person and
 * checks its permission before any work (a refusal is audited {@code access-refused} by the store); the check itself
 * is audited by the store ({@code verified}, {@code audit-head-accepted}). Readers run beside the writer (issue 15
 * §2): a whole-store check never stops another program recording.
 *
 * <p>{@code exoconsent verify FILE} is not here: it checks a PDF outside the records without signing in (the clinic's
 * registered keys and time zone are not confidential).
 */
public final class VerifyRecords {
    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public VerifyRecords(StoreOpening opening) {
        this.opening = opening;
    }

    /**
     * Verification as the person signed in on the app: the store is opened (purpose {@code "app: …"}) for each call
     * and closed after it.
     *
     * @param clock where the time of the audit entries comes from (the clinic's zone comes from the store)
     */
    public static VerifyRecords asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return new VerifyRecords(StoreOpening.asSignedIn(dir, clock, who));
    }

    /** As {@link #asSignedIn(DataDirectory, Clock, Principal)}, on the store this device is set to (issue 17 §1). */
    public static VerifyRecords asSignedIn(StoreOpenings store, Principal who) {
        return new VerifyRecords(store.asSignedIn(who));
    }

    /**
     * Re-hashes every archived PDF, checks every digital signature (by a registered key, within its period), the
     * audit chain, its head and the clinic's anchor, holds every index field against its signed PDF, and the
     * accounts, settings and active template versions against what the audit trail says of them (an account changed
     * with SQL is a problem naming it; a password set before its entries carried a digest, a note)
     * ({@link RecordStore#verify(RecordStore.Progress, Path)}); audited {@code verified}. Needs
     * {@link Permission#VERIFY_RECORDS}.
     *
     * @param progress    records checked so far of the total, from this thread
     * @param otherAnchor an anchor file to check the trail against besides the clinic's own (a copy kept offline), or
     *                    null
     * @return every problem (an {@code otherAnchor} that does not exist is one, named), note, orphan file and record
     *         that could not be cross-checked
     * @throws org.exoconsent.records.AccessDeniedException when the person may not verify the records (audited)
     * @throws StoreException                                when the store cannot be opened or read
     */
    public RecordStore.Verification all(RecordStore.Progress progress, Path otherAnchor) throws StoreException {
        try (RecordStore store = opening.open("records verify")) {
            store.requireRole(Permission.VERIFY_RECORDS, null); // before any work, audited when refused
            return store.verify(progress, otherAnchor);
        }
    }

    /**
     * Checks one record: its archived PDF against the index and its signature, its index entry against the facts its
     * PDF carries, with the withdrawals and corrections that refer to it ({@link RecordStore#verifyOne}); audited
     * {@code verified}. Needs {@link Permission#VIEW_RECORDS} (a physician: their own patients' records).
     *
     * @return null when intact, else the problems joined by "; "
     * @throws RefusedException when {@code id} is blank, or names no record this person may reach (the message names
     *                          it)
     * @throws StoreException   when refused (audited) or the store fails
     */
    public String one(String id) throws StoreException {
        if (id == null || id.isBlank()) {
            throw new RefusedException("record: give the document id of the record to verify");
        }
        try (RecordStore store = opening.open("verify a record")) {
            store.requireRole(Permission.VIEW_RECORDS, null); // before any work, audited when refused
            return store.verifyOne(id);
        }
    }

    /**
     * Accepts the audit trail as it is as its new head, after its head file was lost or replaced by accident and the
     * trail was checked ({@link RecordStore#acceptHead}); audited {@code audit-head-accepted} with the reason and
     * what the head file held. Needs {@link Permission#MANAGE_SETTINGS} (administrators).
     *
     * @param reason why, in one line
     * @throws RefusedException when no reason is given, or it spans lines ({@code --reason}), or the head agrees with
     *                          the trail; nothing was changed
     * @throws StoreException   when refused (audited) or the store fails
     */
    public void acceptHead(String reason) throws StoreException {
        if (reason == null || reason.isBlank() || reason.contains("\n")) {
            throw new RefusedException("accept-head: give the reason on one line (--reason); nothing was changed");
        }
        try (RecordStore store = opening.open("records accept-head")) {
            store.requireRole(Permission.MANAGE_SETTINGS, null); // before any work, audited when refused
            store.acceptHead(reason);
        }
    }
}
