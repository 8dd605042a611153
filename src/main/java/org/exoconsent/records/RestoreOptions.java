package org.exoconsent.records;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a restore compares a backup with, kept outside it (issue 13 §5).
 *
 * @param passphrase           the administrator's backup passphrase (null for an unencrypted backup of an earlier
 *                             release)
 * @param expectedFingerprints the SHA-256 fingerprints (of the DER certificate, 64 hex digits; colons and case
 *                             ignored) of the signing keys the administrator confirms as the clinic's; empty: not
 *                             compared, and the restore says so
 * @param expectedAuditHead    the newest audit head an anchor outside the data directory recorded (the SHA-256 of
 *                             that entry, hex), which the restored trail must hold; null: not compared, and the
 *                             restore says so. The seam for the anchor of issue 13 §3.
 */
public record RestoreOptions(char[] passphrase, Set<String> expectedFingerprints, String expectedAuditHead,
                             java.nio.file.Path anchor, boolean acceptLoss) {
    /** No passphrase, nothing to compare with. */
    public static final RestoreOptions NONE = new RestoreOptions(null, Set.of(), null);

    /** Without an anchor file of the administrator's (the backup's own anchor setting is used, if any). */
    public RestoreOptions(char[] passphrase, Set<String> expectedFingerprints, String expectedAuditHead) {
        this(passphrase, expectedFingerprints, expectedAuditHead, null, false);
    }

    /**
     * These options, compared with an anchor file (issue 13 §3).
     *
     * @param anchor     the clinic's anchor file to hold the backup's trail against; null: the anchor the backup's
     *                   settings name, if it can be reached
     * @param acceptLoss restore even though the anchor recorded entries after the backup's newest (they, and the
     *                   records they stand for, are lost with the restore; audited)
     */
    public RestoreOptions withAnchor(java.nio.file.Path anchor, boolean acceptLoss) {
        return new RestoreOptions(passphrase, expectedFingerprints, expectedAuditHead, anchor, acceptLoss);
    }

    /**
     * @throws IllegalArgumentException naming a fingerprint that is not 64 hexadecimal digits
     */
    public RestoreOptions {
        Set<String> normalized = new LinkedHashSet<>();
        for (String f : expectedFingerprints == null ? Set.<String>of() : expectedFingerprints) {
            normalized.add(RestoreChecks.normalizeFingerprint(f));
        }
        expectedFingerprints = Set.copyOf(normalized);
    }

    /** With a passphrase and the fingerprints given as typed (checked; see the record's description). */
    public static RestoreOptions of(char[] passphrase, List<String> fingerprints) {
        return new RestoreOptions(passphrase, new LinkedHashSet<>(fingerprints == null ? List.of() : fingerprints),
                null);
    }
}
