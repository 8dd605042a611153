package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code records verify}: which version of each consent template new consultations use ({@code template_active})
 * against the audit trail (attack review of issue 17, F8). The version a {@code template-added} entry says it made
 * active ({@code "active": true}: a bundled version, for a template that had none) or a {@code template-activated}
 * entry chose, whichever is last, must be the active one; a template the trail never activated must have none. The
 * row's {@code activated_by} must be that entry's actor, and its {@code activated_at} within {@link #SAME_CHANGE} of
 * the entry's time (both are written in the entry's transaction: attack review of 2026-12-01, finding 9, a device's
 * role rewrote {@code activated_by} unseen).
 */
final class ActiveTemplatesAgainstTrail {
    /**
     * How far apart an activation's stored time and its entry's time may be: both are read from the store's clock in
     * one transaction, milliseconds apart (the releases' data directories: under 13 ms); a minute leaves room for a
     * slow machine and none for a changed day or hour.
     */
    static final java.time.Duration SAME_CHANGE = java.time.Duration.ofMinutes(1);

    private ActiveTemplatesAgainstTrail() {
    }

    /**
     * Holds every template's active version against the trail.
     *
     * @param problems where each disagreement is added, naming the template, both versions and the entry (damage)
     */
    static void check(TemplateVersionStore versions, AuditTrailStore trail, List<String> problems)
            throws SQLException {
        List<AuditLog.Entry> entries = new ArrayList<>();
        trail.newestFirst(List.of(AuditTrailStore.Kind.of("template-added"), AuditTrailStore.Kind.of(
                "template-activated")), entries::add);
        Map<String, String> chosen = new LinkedHashMap<>(); // template id → version the trail last made active
        Map<String, AuditLog.Entry> chosenBy = new LinkedHashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) { // oldest first
            AuditLog.Entry e = entries.get(i);
            String subject = e.subject() == null ? "" : e.subject();
            int space = subject.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            JsonNode d = Json.read(e.details());
            if (e.action().equals("template-activated") || d.path("active").asBoolean(false)) {
                chosen.put(subject.substring(0, space), subject.substring(space + 1));
                chosenBy.put(subject.substring(0, space), e);
            }
        }
        TreeSet<String> ids = new TreeSet<>(chosen.keySet());
        Map<String, String> active = new java.util.HashMap<>();
        Map<String, String[]> rows = new java.util.HashMap<>();
        for (String[] v : versions.held()) { // a time that cannot be read is named by its own check, not here
            ids.add(v[0]);
            if (v[3] != null) {
                active.put(v[0], v[1]);
                rows.put(v[0], v);
            }
        }
        for (String id : ids) {
            String now = active.get(id);
            String set = chosen.get(id);
            // every value from the store shown as plain text: a row put in with SQL may hold escape sequences or
            // line breaks that would forge a line of the report (review of 2026-12-02)
            String template = "template " + DamagedStoreException.plain(id);
            if (!Objects.equals(now, set)) {
                problems.add(template + ": new consultations use " + (now == null ? "no version"
                        : "version " + DamagedStoreException.plain(now)) + ", but the audit trail " + (set == null
                        ? "never made a version of it active" : "last made version " + DamagedStoreException.plain(set)
                        + " active (entry " + chosenBy.get(id).seq() + ")")
                        + ": the active version was changed outside the product");
            } else if (now != null) {
                AuditLog.Entry entry = chosenBy.get(id);
                String[] row = rows.get(id);
                String version = template + ": the active version " + DamagedStoreException.plain(now);
                if (!Objects.equals(row[4], entry.actor())) {
                    problems.add(version + " is stored as made active by " + DamagedStoreException.shown(row[4])
                            + ", but the audit trail's entry " + entry.seq() + " says "
                            + DamagedStoreException.shown(entry.actor()) + " did: who made it active was changed "
                            + "outside the product (repair: an administrator of the database sets "
                            + "template_active.activated_by back to the entry's actor with SQL)");
                }
                Instant at = instant(row[5]);
                Instant said = instant(entry.at());
                if (at != null && said != null && Duration.between(said, at).abs().compareTo(SAME_CHANGE) > 0) {
                    problems.add(version + " is stored as made active at " + DamagedStoreException.shown(row[5])
                            + ", but the audit trail's entry " + entry.seq() + " was written at "
                            + DamagedStoreException.shown(entry.at()) + ": the time was changed outside the product "
                            + "(repair: an administrator of the database sets template_active.activated_at back to "
                            + "the entry's time with SQL)");
                }
            }
        }
    }

    /**
     * The instant stored as {@code text}, or null when it is none or outside the years 1800 to 9999 (that damage is
     * named by its own check, {@code activationTimeProblems}, not twice).
     */
    private static Instant instant(String text) {
        try {
            Instant at = text == null ? null : Instant.parse(text);
            return at == null || !DamagedRow.plausibleYear(at.atZone(java.time.ZoneOffset.UTC).getYear()) ? null : at;
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
