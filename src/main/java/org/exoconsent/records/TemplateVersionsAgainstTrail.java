package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Each template version's row ({@code template_version}) against the audit trail (attack review of issue 17): every
 * version the product adds — bundled on first use, or imported by an administrator — writes a {@code template-added}
 * entry whose subject is "ID VERSION" and whose details carry the version's {@code sha256}, in the same transaction
 * as the row. A row no such entry records (same subject, same SHA-256) was put into the store outside the product (a
 * device's database role on PostgreSQL, {@code sqlite3} in a data directory) and is damage: {@code records verify},
 * {@code backup} and {@code store migrate} name it, {@code templates list} and the administration screen mark it, and
 * it is never used (read, activated, recorded or confirmed with: {@link DamagedStoreException}).
 *
 * <p>Every release wrote that entry with that subject and SHA-256 for each version it added (1.0.0 on; the upgrade
 * fixtures of every release hold it), so every row is held to it; an upgrade writes nothing. This finds a row put in
 * with SQL; it does not find one put in together with a forged, correctly chained entry (the chain has no secret:
 * docs/RECORDS.md, F2).
 */
final class TemplateVersionsAgainstTrail {

    /** What repairs such a row. */
    static final String REPAIR = "it is never used (no consent is recorded, confirmed or printed with it, and it cannot "
            + "be activated); an administrator of the database removes the row with SQL (past the trigger that keeps "
            + "it, with the version's files), and, if the clinic wants that text, imports its folder through the "
            + "product (exoconsent templates import DIR), which audits it";

    private TemplateVersionsAgainstTrail() {
    }

    /**
     * The versions the trail's {@code template-added} entries record, each as {@link #key}: read once per use (the
     * entries are few, one per version the clinic ever added).
     */
    static Set<String> audited(AuditTrailStore trail) throws SQLException {
        return audited(trail, AuditTrailStore.Kind.of("template-added"));
    }

    private static Set<String> audited(AuditTrailStore trail, AuditTrailStore.Kind kind) throws SQLException {
        Set<String> out = new HashSet<>();
        trail.newestFirst(List.of(kind), e -> {
            JsonNode d = Json.read(e.details());
            String sha = d.path("sha256").asText(null);
            if (e.subject() != null && sha != null) {
                out.add(key(e.subject(), sha));
            }
            return true;
        });
        return out;
    }

    private static String key(String subject, String sha256) {
        return subject + "\n" + sha256.toLowerCase(Locale.ROOT);
    }

    /**
     * The damage of one version's row, or null when a {@code template-added} entry of {@code audited} records it
     * (subject "ID VERSION", the same SHA-256).
     */
    static String problem(String id, String version, String sha256, Set<String> audited) {
        if (sha256 != null && audited.contains(key(id + " " + version, sha256))) {
            return null;
        }
        return "template version " + DamagedStoreException.plain(id + " " + version) + ": the database's template_version row "
                + DamagedStoreException.shown(id + " " + version) + TemplateLibrary.ADDED_OUTSIDE + " ("
                + (sha256 != null && sha256.matches("[0-9a-fA-F]{64}") ? sha256 : DamagedStoreException.shown(sha256))
                + "); " + REPAIR;
    }

    /**
     * Every row of {@code versions} no {@code template-added} entry records, one message each (table, row, the
     * SHA-256, the repair), by template id and version; empty when the trail records them all. No time of a row is
     * read: a row whose time cannot be read is named by its own check. For {@code records verify}, the backup and
     * {@code store migrate} ({@link RecordStore#changedOutside}).
     */
    static List<String> problems(TemplateVersionStore versions, AuditTrailStore trail) throws SQLException {
        Set<String> audited = audited(trail);
        List<String[]> held = new ArrayList<>(versions.held());
        held.sort(Comparator.<String[], String>comparing(v -> v[0]).thenComparing(v -> v[1]));
        List<String> out = new ArrayList<>();
        for (String[] v : held) {
            String problem = problem(v[0], v[1], v[2], audited);
            if (problem != null) {
                out.add(problem);
            }
        }
        return out;
    }

    /**
     * Refuses a version no {@code template-added} entry records before anything uses it.
     *
     * @throws DamagedStoreException naming the version, its row and the repair
     */
    static void refuse(TemplateLibrary.Version v, AuditTrailStore trail) throws SQLException, DamagedStoreException {
        // only this version's entries looked up (the trail's index on action and subject): used before every read
        String problem = problem(v.id(), v.version(), v.sha256(), audited(trail, new AuditTrailStore.Kind(
                "template-added", v.id() + " " + v.version())));
        if (problem != null) {
            throw new DamagedStoreException(problem);
        }
    }
}
