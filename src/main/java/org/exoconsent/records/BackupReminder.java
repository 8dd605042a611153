package org.exoconsent.records;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Whether the clinic's last backup is older than its setting {@code backup-reminder-days} (issue 13 §5), from the
 * audit trail: the newest {@code backup-created} entry, or, when there never was one, the trail's first entry (the
 * day the data directory began), so that a new clinic is not reminded on its first day.
 *
 * @param lastBackup the time of the last backup, or null when none was ever made
 * @param days       whole days (24 hours) since the last backup, or since the trail began when there was none
 * @param everyDays  the clinic's setting
 */
public record BackupReminder(Instant lastBackup, long days, int everyDays) {

    /**
     * The reminder due at {@code now}, or null when the last backup (or, without one, the trail's beginning) is no
     * older than {@code everyDays} days; null too for an empty trail.
     */
    static BackupReminder due(AuditTrailStore trail, int everyDays, Instant now) throws SQLException {
        Instant last = at(trail.newest(AuditTrailStore.Kind.of("backup-created")));
        Instant since = last != null ? last : at(trail.first());
        if (since == null || !now.isAfter(since.plus(Duration.ofDays(everyDays)))) {
            return null;
        }
        return new BackupReminder(last, Duration.between(since, now).toDays(), everyDays);
    }

    private static Instant at(AuditLog.Entry e) {
        if (e == null) {
            return null;
        }
        try {
            return Instant.parse(e.at());
        } catch (DateTimeParseException x) {
            return null; // records verify reports a damaged trail; the reminder is not the place
        }
    }
}
