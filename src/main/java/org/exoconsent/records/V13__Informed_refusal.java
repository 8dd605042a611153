package org.exoconsent.records;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema migration 13 (issue 16 §5): the record table rebuilt so that its {@code kind} may be {@code refusal}, an
 * informed refusal; every row, index and trigger kept (the statements, with why, are in
 * {@code org/exoconsent/records/V13__informed_refusal.sql}). Run as a Java migration, as V12 is, rather than from
 * {@code db/migration/sqlite}: upgrading a data directory of release 1.3 or 1.4 then loads no SQL parser of Flyway,
 * which, measured on this machine under load, kept the migration's exclusive lock about a second longer — long enough
 * for programs opening an old data directory together to run past the busy timeout (ReadersBesideWriterTest).
 * Registered with Flyway in {@link Schema} (Flyway takes its version, 13, from the class name).
 */
final class V13__Informed_refusal extends BaseJavaMigration {
    /** The script, beside this class. */
    static final String SCRIPT = "V13__informed_refusal.sql";

    @Override
    public void migrate(Context context) throws SQLException {
        migrate(context.getConnection());
    }

    /**
     * The script's statements in order: comment lines left out; a statement ends with a line ending in ';', except
     * inside {@code CREATE TRIGGER … END;}.
     */
    static List<String> statements() {
        String text;
        try (InputStream in = V13__Informed_refusal.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("the program was built without " + SCRIPT);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(SCRIPT + " cannot be read: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean trigger = false;
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            if (current.length() == 0 && t.startsWith("CREATE TRIGGER")) {
                trigger = true;
            }
            current.append(line).append('\n');
            if (trigger ? t.equals("END;") : t.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
                trigger = false;
            }
        }
        if (current.length() > 0) {
            throw new IllegalStateException(SCRIPT + ": the last statement does not end with ';'");
        }
        return out;
    }

    /** The statements run on {@code c}, in order. */
    static void migrate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements()) {
                st.execute(sql);
            }
        }
    }
}
