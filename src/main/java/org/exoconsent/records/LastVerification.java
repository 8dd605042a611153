package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import org.exoconsent.consent.ClinicClock;

/**
 * The newest whole-store {@code records verify} in the audit trail (its {@code verified} entry on {@code records}),
 * which a CSV, Excel or JSON export states (issue 14 §3, review: only the ZIP export verifies, since a full check of a
 * large archive takes minutes). Read from the audit trail, not run again.
 *
 * @param at       when it ran (UTC instant), or null when the records have never been verified or its time cannot
 *                 be read
 * @param problems how many problems it found (0: intact); -1 when never verified or its entry cannot be read
 * @param damaged  null, or the newest {@code verified} entry named with what of it cannot be read (its time is no
 *                 instant, its details no count of problems: changed outside the product), e.g. "audit entry 42
 *                 (verified records): its time 'yesterday' is not an instant"; then nothing shows what it found
 */
public record LastVerification(Instant at, int problems, String damaged) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A verification whose entry could be read (or none, {@code at} null). */
    public LastVerification(Instant at, int problems) {
        this(at, problems, null);
    }

    /** Reads the newest {@code verified records} entry of the audit trail; never verified when there is none. */
    static LastVerification read(AuditTrailStore trail) throws SQLException {
        AuditLog.Entry newest = trail.newest(new AuditTrailStore.Kind("verified", "records"));
        if (newest == null) {
            return new LastVerification(null, -1);
        }
        String entry = "audit entry " + newest.seq() + " (verified records)";
        Instant at;
        try {
            at = Instant.parse(newest.at());
            // a time that parses but that the clinic's calendar cannot show (+1000000000-01-01T00:00:00Z) is named
            // like text that is no time: formatting it later ended exports in a raw exception (review of 17)
            if (!DamagedRow.plausibleYear(at.atZone(java.time.ZoneOffset.UTC).getYear())) {
                throw new java.time.DateTimeException("out of the years 1800 to 9999");
            }
        } catch (java.time.DateTimeException | NullPointerException e) {
            // named, never taken for "never verified" (attack review of issue 17)
            return new LastVerification(null, -1, entry + ": its time " + DamagedStoreException.shown(newest.at())
                    + " is not an instant of the years 1800 to 9999");
        }
        JsonNode count;
        try {
            count = JSON.readTree(newest.details() == null ? "" : newest.details()).path("problems");
        } catch (IOException e) {
            count = null;
        }
        if (count == null || !count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 0) {
            return new LastVerification(at, -1, entry + ": its details " + DamagedStoreException.shown(
                    newest.details()) + " hold no count of problems");
        }
        return new LastVerification(at, count.asInt()); // orphaned files are counted among the problems
    }

    /** Whether this calls for a warning: the last check found problems, or there was none. */
    public boolean warns() {
        return damaged != null || at == null || problems != 0;
    }

    /**
     * One line for a person, in English (the CLI's stderr) or Japanese ({@code ja}), times in the clinic's zone with
     * their offset: e.g. {@code Last records verify: 2026-11-20 10:00 (+09:00), 0 problems}; a warning in capitals
     * when it found problems or there is none.
     */
    public String line(ClinicClock clock, String language) {
        boolean ja = "ja".equals(language);
        if (damaged != null) {
            return ja ? "警告：最後の記録の検証（records verify）の監査記録を読めません（" + damaged + "）。"
                    + "この出力の記録が改ざんされていないことは確かめられていません。"
                    : "WARNING: the newest records verify of the audit trail CANNOT BE READ (" + damaged + "): "
                    + "nothing shows that the exported records are intact.";
        }
        if (at == null) {
            return ja ? "警告：記録の検証（records verify）はまだ一度も行われていません。"
                    + "この出力の記録が改ざんされていないことは確かめられていません。"
                    : "WARNING: the records have NEVER BEEN VERIFIED (records verify): nothing shows that the exported "
                    + "records are intact.";
        }
        String when = clock.format(at);
        if (problems == 0) {
            return ja ? "最後の記録の検証（records verify）：" + when + "、問題 0 件"
                    : "Last records verify: " + when + ", 0 problems";
        }
        return ja ? "警告：最後の記録の検証（records verify、" + when + "）で問題が " + problems
                + " 件見つかりました。この出力の記録は改ざんされているおそれがあります。"
                : "WARNING: the last records verify (" + when + ") FOUND " + problems + " PROBLEM"
                + (problems == 1 ? "" : "S") + ": the exported records may not be intact.";
    }
}
