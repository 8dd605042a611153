package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
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
 * entry chose, whichever is last, must be the active one; a template the trail never activated must have none.
 */
final class ActiveTemplatesAgainstTrail {
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
        Map<String, Long> chosenBy = new LinkedHashMap<>();
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
                chosenBy.put(subject.substring(0, space), e.seq());
            }
        }
        TreeSet<String> ids = new TreeSet<>(chosen.keySet());
        Map<String, String> active = new java.util.HashMap<>();
        for (String[] v : versions.held()) { // no row's time read: a damaged one is named by its own check
            ids.add(v[0]);
            if (v[3] != null) {
                active.put(v[0], v[1]);
            }
        }
        for (String id : ids) {
            String now = active.get(id);
            String set = chosen.get(id);
            if (!Objects.equals(now, set)) {
                problems.add("template " + id + ": new consultations use " + (now == null ? "no version"
                        : "version " + now) + ", but the audit trail " + (set == null ? "never made a version of it "
                        + "active" : "last made version " + set + " active (entry " + chosenBy.get(id) + ")")
                        + ": the active version was changed outside the product");
            }
        }
    }
}
