package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.exoconsent.template.ConsentTemplate;

/**
 * The template versions area, in SQL of either store ({@link SqlDialect}): {@code template_version} and {@code
 * template_active} (SQLite migration V5; a version's languages are a comma-separated list), {@code template_correction}
 * (V6); triggers refuse changing or deleting a version or a mark. {@link #checkCorrections} reads the {@code audit}
 * table's template entries.
 */
final class SqlTemplateVersions implements TemplateVersionStore {
    private static final String FROM = " FROM template_version v LEFT JOIN template_active a ON a.template_id = "
            + "v.template_id AND a.version = v.version";

    private final Connection db;
    /** The columns of a version, in the order {@link #row} reads them. */
    private final String columns;

    SqlTemplateVersions(Connection db, SqlDialect dialect) {
        this.db = db;
        this.columns = "v.template_id, v.version, v.effective_date, v.languages, v.sha256, v.source, v.added_at, "
                + "v.added_by, a.version IS NOT NULL, (SELECT " + dialect.joinedByCommas("c.corrected_by")
                + " FROM template_correction c WHERE c.template_id = v.template_id AND c.version = v.version)";
    }

    @Override
    public List<TemplateLibrary.Version> list() throws SQLException {
        List<TemplateLibrary.Version> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + columns + FROM);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return sorted(out);
    }

    @Override
    public List<TemplateLibrary.Version> listing() throws SQLException {
        List<TemplateLibrary.Version> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + columns + ", a.activated_at" + FROM);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(listed(rs));
            }
        }
        return sorted(out);
    }

    private static List<TemplateLibrary.Version> sorted(List<TemplateLibrary.Version> out) {
        out.sort(Comparator.comparing(TemplateLibrary.Version::id).thenComparing(TemplateLibrary.Version::version,
                TemplateLibrary::newerFirst));
        return out;
    }

    @Override
    public List<String[]> held() throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT v.template_id, v.version, v.sha256, "
                + "a.version IS NOT NULL, a.activated_by, a.activated_at" + FROM); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4) ? "active" : null, rs.getString(5), rs.getString(6)});
            }
        }
        return out;
    }

    @Override
    public TemplateLibrary.Version find(String id, String version) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + columns + FROM
                + " WHERE v.template_id = ? AND v.version = ?")) {
            ps.setString(1, id);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    @Override
    public TemplateLibrary.Version active(String id) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + columns + FROM
                + " WHERE v.template_id = ? AND a.version IS NOT NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /**
     * What repairs a template version's row whose time or date cannot be read: none of the product's commands rewrites
     * one (the trigger refuses); the audit trail's {@code template-added} entry of the version holds its effective date
     * in its details and was written when the row was (the same instant for a bundled version, moments after for an
     * imported one), so only that row is put back (a restore of an older backup would lose what was recorded since).
     */
    static final String VERSION_REPAIR = "no command rewrites a template version's row: the true values are in the "
            + "audit trail's 'template-added' entry of the version (its time is added_at, to within moments; its "
            + "details' effectiveDate is effective_date: exoconsent audit export --action template-added); an "
            + "administrator of the database sets the column back to it with SQL (past the trigger that keeps the row)";

    /** The versions that correct the row's version ({@link #columns}' tenth), newest first. */
    private static List<String> correctedBy(ResultSet rs) throws SQLException {
        String corrections = rs.getString(10);
        return corrections == null ? List.of()
                : Arrays.stream(corrections.split(",")).sorted(TemplateLibrary::newerFirst).toList();
    }

    private static TemplateLibrary.Version row(ResultSet rs) throws SQLException {
        List<String> correctedBy = correctedBy(rs);
        String key = rs.getString(1) + " " + rs.getString(2);
        String what = "template version " + key;
        return new TemplateLibrary.Version(rs.getString(1), rs.getString(2), DamagedRow.date(rs.getString(3), what,
                "template_version", key, "effective_date", VERSION_REPAIR),
                Arrays.asList(rs.getString(4).split(",")), rs.getString(5), rs.getString(6),
                DamagedRow.instant(rs.getString(7), what, "template_version", key, "added_at", VERSION_REPAIR),
                rs.getString(8), rs.getBoolean(9), correctedBy);
    }

    /** A stored value that may be damaged, read. */
    private interface Read<T> {
        T value() throws SQLException;
    }

    /** {@code read}'s value, or null with its damage added to {@code damage} (the row is listed all the same). */
    private static <T> T readable(List<String> damage, Read<T> read) throws SQLException {
        try {
            return read.value();
        } catch (DamagedRow e) {
            damage.add(e.getMessage());
            return null;
        }
    }

    /**
     * The row under the cursor as {@link #listing} shows it ({@link #columns} and then {@code a.activated_at}): each
     * time or date that cannot be read null and named, the activation time read only to name it.
     */
    private static TemplateLibrary.Version listed(ResultSet rs) throws SQLException {
        List<String> correctedBy = correctedBy(rs);
        String key = rs.getString(1) + " " + rs.getString(2);
        String what = "template version " + key;
        List<String> damage = new ArrayList<>(0);
        java.time.LocalDate effective = readable(damage, () -> DamagedRow.date(rs.getString(3), what,
                "template_version", key, "effective_date", VERSION_REPAIR));
        Instant added = readable(damage, () -> DamagedRow.instant(rs.getString(7), what, "template_version", key,
                "added_at", VERSION_REPAIR));
        boolean active = rs.getBoolean(9);
        if (active) { // as activationTimeProblems names it
            readable(damage, () -> DamagedRow.instant(rs.getString(11), TemplateLibrary.ACTIVATION_DAMAGE + key,
                    "template_active",
                    rs.getString(1), "activated_at", ACTIVE_REPAIR));
        }
        return new TemplateLibrary.Version(rs.getString(1), rs.getString(2), effective,
                Arrays.asList(rs.getString(4).split(",")), rs.getString(5), rs.getString(6), added, rs.getString(8),
                active, correctedBy, damage);
    }

    @Override
    public void recordCorrections(ConsentTemplate t, Instant now) throws SQLException {
        for (String corrected : t.manifest().corrects()) {
            if (find(t.id(), corrected) == null) {
                continue;
            }
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO template_correction (template_id, version, "
                    + "corrected_by, recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, t.id());
                ps.setString(2, corrected);
                ps.setString(3, t.version());
                ps.setString(4, now.toString());
                ps.executeUpdate();
            }
        }
    }

    @Override
    public List<String> checkCorrections() throws SQLException {
        List<TemplateLibrary.AuditedTemplate> audited = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT action, subject, details FROM audit WHERE action IN "
                + "('template-added', 'template-activated') ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                audited.add(new TemplateLibrary.AuditedTemplate(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        java.util.Set<String> held = new java.util.HashSet<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT template_id, version FROM template_version");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                held.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        List<TemplateLibrary.Correction> marks = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT template_id, version, corrected_by FROM "
                + "template_correction");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                marks.add(new TemplateLibrary.Correction(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return TemplateLibrary.correctionProblems(audited, held, marks);
    }

    @Override
    public void insert(ConsentTemplate t, String source, Instant now, String by) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO template_version (template_id, version, sha256, "
                + "effective_date, languages, source, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.id());
            ps.setString(2, t.version());
            ps.setString(3, t.sha256());
            ps.setString(4, t.manifest().effectiveDate().toString());
            ps.setString(5, String.join(",", t.languages()));
            ps.setString(6, source);
            ps.setString(7, now.toString());
            ps.setString(8, by);
            ps.executeUpdate();
        }
    }

    /** What repairs a {@code template_active} row whose activation time cannot be read. */
    static final String ACTIVE_REPAIR = "no command rewrites an activation's time: the true value is the time of the "
            + "audit trail's 'template-activated' entry of the version (or its 'template-added' entry for a bundled "
            + "version made active when it was added: exoconsent audit export --action template-activated); an "
            + "administrator of the database sets the column back to it with SQL (an instant, e.g. "
            + "2026-11-20T01:00:00Z)";

    @Override
    public List<String> activationTimeProblems() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT template_id, version, activated_at FROM template_active "
                + "ORDER BY template_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    DamagedRow.instant(rs.getString(3), TemplateLibrary.ACTIVATION_DAMAGE + rs.getString(1) + " "
                            + rs.getString(2), "template_active", rs.getString(1), "activated_at", ACTIVE_REPAIR);
                } catch (DamagedRow e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    @Override
    public void activate(String id, String version, Instant now, String by) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO template_active (template_id, version, "
                + "activated_at, activated_by) VALUES (?, ?, ?, ?) ON CONFLICT (template_id) DO UPDATE SET version "
                + "= excluded.version, activated_at = excluded.activated_at, activated_by = excluded.activated_by")) {
            ps.setString(1, id);
            ps.setString(2, version);
            ps.setString(3, now.toString());
            ps.setString(4, by);
            ps.executeUpdate();
        }
    }
}
