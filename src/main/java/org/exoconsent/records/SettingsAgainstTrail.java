package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code records verify}: the clinic's settings against the audit trail (attack review of issue 17, F8), where its
 * entries carry the value. Each number ({@link Settings.Key}) and the time zone must be stored exactly as the last
 * {@code settings:changed} entry of its name set it ({@code to}), or not stored at all (the default) when the trail
 * never changed it; the staff PIN must be set exactly when the trail set it ({@code settings:changed} of {@value
 * Settings#STAFF_PIN} to {@code set}, or {@code settings-moved} with {@code staffPin} {@code moved} or {@code kept}).
 * The staff PIN's entries carry the SHA-256 of the salted hash they set ({@value #PIN_DIGEST}, since 2026-12-03, as an
 * account's password entries do): the stored hash must be the one the last such entry set (a PIN replaced with SQL,
 * to unlock patient mode with a PIN of one's own, is named); an entry of an earlier release carries none, and then
 * only whether a PIN is set is compared. The anchor is held against the trail by the anchor check itself; the store id
 * is made without an entry and is not compared.
 */
final class SettingsAgainstTrail {
    /** The detail of a staff PIN's entry holding the SHA-256 (hex) of the salted hash it set. */
    static final String PIN_DIGEST = "pinHashSha256";

    private SettingsAgainstTrail() {
    }

    /**
     * Holds the stored settings against the trail.
     *
     * @param problems where each disagreement is added, naming the setting, both values and the entry (damage)
     */
    static void check(SettingsStore settings, AuditTrailStore trail, List<String> problems) throws SQLException {
        List<AuditLog.Entry> entries = new ArrayList<>();
        trail.newestFirst(List.of(AuditTrailStore.Kind.of("settings:changed"), AuditTrailStore.Kind.of(
                "settings-moved")), entries::add);
        Map<String, String> given = new LinkedHashMap<>(); // setting → value the trail last set (null: default)
        Map<String, Long> givenBy = new LinkedHashMap<>();
        String pinDigest = null; // the digest of the PIN's hash the trail last set; null: an entry without one
        for (int i = entries.size() - 1; i >= 0; i--) { // oldest first
            AuditLog.Entry e = entries.get(i);
            JsonNode d = Json.read(e.details());
            if (e.action().equals("settings-moved")) {
                String pin = d.path("staffPin").asText("");
                if (pin.equals("moved") || pin.equals("kept")) {
                    given.put(Settings.STAFF_PIN, "set");
                    givenBy.put(Settings.STAFF_PIN, e.seq());
                    pinDigest = d.hasNonNull(PIN_DIGEST) ? d.get(PIN_DIGEST).asText() : null;
                }
                continue;
            }
            JsonNode to = d.get("to");
            given.put(e.subject(), to == null || to.isNull() ? null : to.asText());
            givenBy.put(e.subject(), e.seq());
            if (e.subject().equals(Settings.STAFF_PIN)) {
                pinDigest = d.hasNonNull(PIN_DIGEST) ? d.get(PIN_DIGEST).asText() : null;
            }
        }
        Map<String, String> stored = settings.stored();
        List<String> compared = new ArrayList<>();
        for (Settings.Key k : Settings.Key.values()) {
            compared.add(k.settingName());
        }
        compared.add(Settings.TIME_ZONE);
        for (String name : compared) {
            String now = stored.get(name);
            String set = given.get(name);
            if (!Objects.equals(now, set)) {
                problems.add("setting " + name + ": is " + (now == null ? "not set (the default)" : DamagedStoreException.shown(now))
                        + ", but the audit trail " + (givenBy.containsKey(name) ? "last set it to " + (set == null
                        ? "the default" : "'" + set + "'") + " (entry " + givenBy.get(name) + ")" : "never set it")
                        + ": it was changed outside the product");
            }
        }
        for (Settings.Key k : Settings.Key.values()) { // a value the product cannot use, named with its repair
            String damage = stored.containsKey(k.settingName()) ? Settings.damage(k, stored.get(k.settingName()))
                    : null;
            if (damage != null) {
                problems.add(damage);
            }
        }
        boolean pinStored = stored.get(Settings.STAFF_PIN) != null;
        boolean pinSet = "set".equals(given.get(Settings.STAFF_PIN));
        if (pinStored && pinSet && pinDigest != null
                && !pinDigest.equals(AccountsAgainstTrail.digest(stored.get(Settings.STAFF_PIN)))) {
            problems.add("setting " + Settings.STAFF_PIN + ": the stored staff PIN is not the one the audit trail set "
                    + "(entry " + givenBy.get(Settings.STAFF_PIN) + "): it was changed outside the product; an "
                    + "administrator sets the PIN again");
        }
        if (pinStored != pinSet) {
            problems.add("setting " + Settings.STAFF_PIN + ": a staff PIN is " + (pinStored ? "set" : "not set")
                    + ", but the audit trail " + (givenBy.containsKey(Settings.STAFF_PIN) ? "last " + (pinSet
                    ? "set one (entry " : "left it unset (entry ") + givenBy.get(Settings.STAFF_PIN) + ")"
                    : "never set one") + ": it was changed outside the product; an administrator sets the PIN again");
        }
    }
}
