package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two areas that hold what SQLite keeps as files beside its database, on a real PostgreSQL server as the clinic's
 * application role (issue 17 §2, §3): the audit chain's head ({@link PostgresAuditHead}, the {@code audit_head} row,
 * changed with the entries it names or not at all) and the template versions' files ({@link PostgresTemplateFiles},
 * {@code template_file} of schema 15: committed only with their version's index row (and, since schema 23, its
 * entry), read back as the same text, never changed).
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class PostgresHeadAndTemplateFilesTest {
    private ClinicDatabase db;

    @BeforeEach
    void database() throws Exception {
        db = PostgresServer.get().newClinicDatabase();
        PostgresSchema.migrate(db.ownerDataSource(), db.app());
    }

    @Test
    void theHeadRowChangesWithItsTransactionOrNotAtAll() throws Exception {
        // as the owner: the devices' role moves the head only to an entry of the trail (schema 20), and this head
        // names none
        try (Connection app = db.ownerConnection()) {
            PostgresAuditHead head = new PostgresAuditHead("the test store", app);
            assertEquals(new AuditHead.Read(AuditHead.Head.EMPTY, null), head.read(), "a new store's head is empty");
            assertNull(AuditHead.problem(head, null), "an empty trail and an empty head agree");
            AuditHead.Head first = new AuditHead.Head(1, "1".repeat(64));

            app.setAutoCommit(false);
            head.writeNext(AuditHead.Head.EMPTY, first);
            assertEquals(first, head.read().committed(), "the transaction sees its own entry as the head");
            app.rollback();
            assertEquals(AuditHead.Head.EMPTY, head.read().committed(), "rolled back with the entry it named");

            head.writeNext(AuditHead.Head.EMPTY, first);
            app.commit();
            app.setAutoCommit(true);
            assertEquals(first, head.read().committed());
            String cut = AuditHead.problem(head, null);
            assertTrue(cut.startsWith("audit log: entries 1–1 were removed from the end (the head row audit_head of "
                    + "the test store records entry 1"), cut);
        }
    }

    @Test
    void aVersionsFilesAreCommittedOnlyWithItsIndexRowAndReadBackAsTheSameText() throws Exception {
        ConsentTemplate t = Examples.template();
        // a signed-in administrator's program: the server takes a template version from no other (schema 20)
        try (Connection app = PostgresContract.signedInConnection(db, "admin")) {
            PostgresTemplateFiles files = new PostgresTemplateFiles("the test store", app);
            app.setAutoCommit(false);
            files.put(t);
            // no index row: the deferred foreign key refuses the commit, and nothing of the version is kept
            SQLException orphan = assertThrows(SQLException.class, app::commit);
            assertEquals("23503", orphan.getSQLState(), orphan.getMessage()); // foreign_key_violation
            app.rollback();
            assertNull(files.read(t.id(), t.version()), "no files without their version");
            assertNull(files.fingerprint(t.id(), t.version()));

            files.put(t);
            try (Statement st = app.createStatement()) {
                st.executeUpdate("INSERT INTO template_version VALUES ('" + t.id() + "', '" + t.version() + "', '"
                        + t.sha256() + "', '2026-01-01', 'ja', 'bundled', '2026-01-01T00:00:00Z', 'admin')");
                // with its entry, which the server requires in the same transaction since schema 23
                st.executeUpdate(PostgresContract.chainedEntry(app, "admin", "template-added", t.id() + " "
                        + t.version(), "{\"source\":\"imported\"}"));
            }
            app.commit();
            app.setAutoCommit(true);

            ConsentTemplate back = files.read(t.id(), t.version());
            assertEquals(t.sha256(), back.sha256(), "the same text, byte for byte");
            assertEquals(t.languages(), back.languages());
            assertEquals(t.sha256(), files.fingerprint(t.id(), t.version()));
            TemplateLibrary.Version v = new TemplateLibrary.Version(t.id(), t.version(),
                    t.manifest().effectiveDate(), t.languages(), t.sha256(), "bundled", null, "admin", true,
                    java.util.List.of());
            assertNull(TemplateLibrary.check(files, v), "records verify finds the files intact");
            assertEquals(t.sha256(), TemplateLibrary.load(files, v).sha256());

            SQLException changed = assertThrows(SQLException.class, () -> {
                try (Statement st = app.createStatement()) {
                    st.executeUpdate("UPDATE template_file SET content = 'forged'::bytea");
                }
            });
            assertEquals("42501", changed.getSQLState(), "the application role may not change a file");
        }
        try (Connection app = db.ownerConnection(); Statement st = app.createStatement()) {
            // a row made outside the product whose id is a path: nothing is written outside the temporary folder
            // (as the owner: a device's session adds no version without its files and entry since schema 23)
            st.executeUpdate("INSERT INTO template_version VALUES ('../../escaped', '1', 'ab', '2026-01-01', 'ja', "
                    + "'imported', '2026-01-01T00:00:00Z', 'admin')");
            st.executeUpdate("INSERT INTO template_file VALUES ('../../escaped', '1', 'template.yaml', 'x'::bytea)");
            PostgresTemplateFiles files = new PostgresTemplateFiles("the test store", app);
            java.io.IOException path = assertThrows(java.io.IOException.class, () -> files.read("../../escaped", "1"));
            assertTrue(path.getMessage().contains("'../../escaped' is no template's id"), path.getMessage());
            assertTrue(TemplateLibrary.check(files, new TemplateLibrary.Version("../../escaped", "1",
                    java.time.LocalDate.parse("2026-01-01"), java.util.List.of("ja"), "ab", "imported", null, "admin",
                    false, java.util.List.of())).contains("is no template's id"));
        }
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> st.executeUpdate("UPDATE template_file SET content = 'forged'::bytea"));
            assertTrue(e.getMessage().contains("a template version's file cannot be changed"), e.getMessage());
        }
    }
}
