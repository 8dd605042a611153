package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The few places where the SQL of the store's areas ({@link SqlAccounts}, {@link SqlRecordsIndex}, {@link
 * SqlSigningKeys}, {@link SqlTemplateVersions}, {@link SqlBackups}; the others need none) differs between the
 * embedded SQLite store and the PostgreSQL store of issue 17 §2: every other statement of those classes is the same
 * text on both (PostgreSQL's schema keeps SQLite's types: text times, 0/1 integer flags, and gives SQLite's {@code
 * instr} and the patient filter's {@code exoconsent_text_key} as functions of its own). Each method returns a fragment
 * of SQL (never a value a user typed: those stay parameters).
 */
enum SqlDialect {
    /** SQLite 3 as sqlite-jdbc bundles it ({@link SqliteStores}). */
    SQLITE,
    /** PostgreSQL 15 or later (the PostgreSQL store of issue 17). */
    POSTGRESQL;

    /** PostgreSQL's SQLite NOCASE: the schema's function folding A–Z only (db/migration/postgresql V14). */
    private static final String NOCASE = "exoconsent_nocase";

    /**
     * A comparison of {@code column} with the next parameter that ignores the case of A–Z only, as SQLite's {@code
     * COLLATE NOCASE} does (account names, record ids); PostgreSQL compares both sides folded by the schema's
     * {@code exoconsent_nocase} (A–Z only, the expression of the unique index of account names).
     */
    String equalsIgnoringCase(String column) {
        return this == SQLITE ? column + " = ? COLLATE NOCASE" : NOCASE + "(" + column + ") = " + NOCASE + "(?)";
    }

    /** An ORDER BY term that sorts {@code column} regardless of the case of A–Z, ties by the text itself. */
    String orderIgnoringCase(String column) {
        return this == SQLITE ? column + " COLLATE NOCASE, " + column : NOCASE + "(" + column + "), " + column;
    }

    /** The planner hint that makes SQLite walk {@code index} (PostgreSQL's planner takes no hints: nothing). */
    String indexedBy(String index) {
        return this == SQLITE ? " INDEXED BY " + index : "";
    }

    /** The texts of {@code expr} in a group, joined by commas. */
    String joinedByCommas(String expr) {
        return this == SQLITE ? "group_concat(" + expr + ")" : "string_agg(" + expr + ", ',')";
    }

    /**
     * LIKE that ignores the case of A–Z (SQLite's LIKE does; PostgreSQL's ILIKE), with {@code \} as its escape
     * character.
     */
    String likeIgnoringCase() {
        return this == SQLITE ? "LIKE" : "ILIKE";
    }

    /**
     * The overview's first-time-right query (issue 16: per quiz question of the consents' signed sessions, how many
     * were asked and how many were answered right the first time): columns question, asked, right; its one parameter
     * is the physician's licence when {@code mine} (else it has none). A snapshot that is not JSON is left out.
     */
    String firstTimeRight(boolean mine) {
        String own = mine ? " AND physician_licence = ?" : "";
        if (this == SQLITE) {
            return "SELECT json_extract(q.value, '$.question'), count(*), "
                    + "sum(CASE WHEN json_extract(q.value, '$.answers[0].correct') THEN 1 ELSE 0 END) "
                    + "FROM record, json_each(record.snapshot, '$.quiz') AS q WHERE kind = 'consent'" + own
                    + " AND json_valid(record.snapshot) GROUP BY 1 ORDER BY 1";
        }
        // PostgreSQL 15 has no IS JSON: a snapshot is cast only when it starts as a JSON object does
        return "SELECT q.value ->> 'question', count(*), "
                + "sum(CASE WHEN (q.value -> 'answers' -> 0 ->> 'correct') = 'true' THEN 1 ELSE 0 END) "
                + "FROM (SELECT snapshot::jsonb AS s FROM record WHERE kind = 'consent'" + own
                + " AND snapshot ~ '^\\s*\\{') r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.s -> 'quiz') = 'array' "
                + "THEN r.s -> 'quiz' ELSE '[]'::jsonb END) AS q(value) GROUP BY 1 ORDER BY 1";
    }

    /** Whether the database holds a table named {@code name} (in PostgreSQL: on the search path). */
    boolean hasTable(Connection db, String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(this == SQLITE
                ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
                : "SELECT 1 WHERE to_regclass(?) IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
