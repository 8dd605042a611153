package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * A backup's audit trail held against the clinic's anchor before it is restored (issue 13 §3 and §5): a backup whose
 * trail differs from an anchored head was rewritten and is refused; one older than the anchor's newest head would
 * lose what was recorded after it, and is restored only when the administrator accepts the loss.
 *
 * @param file         the anchor file
 * @param backupEndsAt the backup's newest audit entry
 * @param anchoredUpTo the newest entry the anchor recorded for this store (after any earlier accepted restore)
 * @param anchoredAt   when that entry was anchored (UTC, ISO-8601)
 * @param lostEntries  how many anchored entries the backup does not hold (0 when it is as new as the anchor)
 */
record RestoreAnchor(Path file, long backupEndsAt, long anchoredUpTo, String anchoredAt, long lostEntries) {
    /**
     * Compares a staged backup's trail with the anchor.
     *
     * @param stores     the staged backup's store (its audit trail, and its identity in its settings)
     * @param newest     the backup's newest audit entry as it was unpacked (before the restore added any), or null
     * @param given      whether the administrator named the anchor (a missing file is then a problem, not a note)
     * @param acceptLoss whether the administrator accepted losing what the anchor recorded after the backup
     * @param problems   receives what refuses the restore
     * @param notChecked receives what could not be compared
     * @return the comparison, or null when the anchor could not be read
     */
    static RestoreAnchor check(Stores stores, AuditHead.Head newest, Path file, boolean given, boolean acceptLoss,
                               List<String> problems, List<String> notChecked) throws SQLException {
        List<Anchor.Line> lines;
        try {
            lines = Anchor.read(file);
        } catch (NoSuchFileException e) {
            if (given) {
                problems.add("anchor " + file + ": no such file");
            } else {
                notChecked.add("the anchor " + file + " this backup's settings name cannot be reached, so the backup "
                        + "was not compared with it (a backup older than your newest records is not detected); "
                        + "give the anchor with --anchor FILE");
            }
            return null;
        } catch (IOException e) {
            problems.add(e instanceof Anchor.Malformed ? e.getMessage() : "anchor " + file + ": cannot be read: "
                    + e.getMessage());
            return null;
        }
        String store = stores.settings().storeId();
        long end = newest == null ? 0 : newest.seq();
        for (Anchor.Line l : lines) {
            if (!l.store().equals(store)) {
                problems.add("anchor " + file + ": it holds the heads of another store (" + l.store() + "), not of "
                        + "the one in this backup (" + store + ")");
                return null;
            }
        }
        List<Anchor.Line> held = Anchor.held(lines);
        Anchor.Line furthest = null;
        for (Anchor.Line l : held) {
            if (l.seq() > end) {
                if (furthest == null || l.seq() > furthest.seq()) {
                    furthest = l;
                }
                continue;
            }
            String hash = stores.auditTrail().hash(l.seq());
            if (!l.hash().equals(hash)) {
                problems.add("audit log: entry " + l.seq() + " of this backup is not the one the anchor " + file
                        + " recorded on " + l.at() + ": the backup's trail was rewritten");
                return null;
            }
        }
        if (furthest == null) {
            return new RestoreAnchor(file, end, end, null, 0);
        }
        long lost = furthest.seq() - end;
        if (lost > 1 && !acceptLoss) {
            problems.add("the anchor " + file + " recorded entries up to " + furthest.seq() + " (anchored "
                    + furthest.at() + "), but this backup's audit trail ends at entry " + end + ": restoring it "
                    + "would lose the " + lost + " entries after it, and the consents, withdrawals and changes they "
                    + "record. Restore a newer backup; if this is the newest there is, restore it with --accept-loss "
                    + "(the restore is audited with what was lost, and the anchor keeps the record of it)");
        }
        return new RestoreAnchor(file, end, furthest.seq(), furthest.at(), lost);
    }

    /** What the restore lost, in words for the administrator. */
    String describeLoss() {
        return "the anchor " + file + " recorded entries " + (backupEndsAt + 1) + "–" + anchoredUpTo + " (until "
                + anchoredAt + ") after this backup's newest entry " + backupEndsAt + (lostEntries == 1 ? " (the "
                + "backup's own 'backup-created' entry, unless something was done after the backup was made)"
                : ": they, and what they record, are lost with this restore, as you accepted (audited)");
    }
}
