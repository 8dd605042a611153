package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.exoconsent.usecases.UseCaseTesting.fixed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.AlreadyRecordedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendering a signed consent outside the records through the use case alone (no process): the permission checked
 * before any work, the PDF handed to the caller and audited, a recorded document id refused, a failed write not
 * audited.
 */
class RenderDocumentTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;
    private Path session;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
        session = tmp.resolve("session.json");
        Files.write(session, Examples.bytes(Examples.json("complete-ja")));
    }

    @Test
    void aPersonWhoMayNotConsultIsRefusedBeforeAnythingIsSignedOrWritten() throws Exception {
        RenderDocument office = new RenderDocument(UseCaseTesting.signedIn(dir, MANAGER, MANAGER_PASSWORD), fixed(Examples.key(), "the test key"), Examples.CLOCK,
                "ExoConsent test");
        List<byte[]> written = new java.util.ArrayList<>();

        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> office.render(session,
                TemplateSource.library(), true, pdf -> {
                    written.add(pdf);
                    return tmp.resolve("out.pdf");
                }));

        assertTrue(e.getMessage().startsWith("office (manager) may not run exoconsent render"), e.getMessage());
        assertEquals(List.of(), written, "nothing was signed or handed out");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> refusals = TestAudit.entries(store, "access-refused");
            assertEquals(1, refusals.size(), refusals.toString());
            assertTrue(refusals.get(0).contains("\"asked\":\"render\""), refusals.get(0));
            assertEquals(List.of(), TestAudit.entries(store, "rendered"));
        }
    }

    @Test
    void theSignedPdfIsHandedToTheCallerAndAuditedButNotRecorded() throws Exception {
        Path out = tmp.resolve("out.pdf");
        RenderDocument.Rendered r = everyone(Examples.key()).render(session, TemplateSource.library(), true, pdf -> {
            Files.write(out, pdf);
            return out;
        });

        byte[] pdf = Files.readAllBytes(out);
        assertEquals(pdf.length, r.bytes());
        assertEquals(RecordStore.sha256(pdf), r.sha256());
        assertEquals("佐藤 花子", r.session().patient().name());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(0L, store.count(), "a rendered PDF is not a record");
            List<String> rendered = TestAudit.entries(store, "rendered");
            assertEquals(1, rendered.size());
            assertTrue(rendered.get(0).contains(r.sha256()) && rendered.get(0).contains(out.toString()),
                    rendered.get(0));
        }
    }

    @Test
    void aRecordedDocumentIdIsNeverSignedAgain() throws Exception {
        ConsentSession s = SessionJson.read(session);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "record it")) {
            TestAccounts.record(store, s, store.signingTemplate(s.template().id(), s.template().version()),
                    Examples.key(), "test");
        }
        List<byte[]> written = new java.util.ArrayList<>();

        AlreadyRecordedException e = assertThrows(AlreadyRecordedException.class, () -> everyone(Examples.key())
                .render(session, TemplateSource.library(), true, pdf -> {
                    written.add(pdf);
                    return tmp.resolve("out.pdf");
                }));

        assertTrue(e.getMessage().contains(session + ": document " + s.id() + " is already recorded"), e.getMessage());
        assertEquals(List.of(), written);
    }

    @Test
    void aRenderKeptWaitingByAnotherWriterWritesNoPdf() throws Exception {
        // issue 15 §2: another program (a backup, a SQLite tool) takes the write lock once this one has signed in;
        // the rendered PDF must not be handed out without its audit entry
        String property = "exoconsent.busyTimeoutMillis"; // Schema.BUSY_TIMEOUT_PROPERTY
        String before = System.getProperty(property);
        System.setProperty(property, "300");
        Path out = tmp.resolve("out.pdf");
        java.sql.Connection[] other = new java.sql.Connection[1];
        try {
            RenderDocument busy = new RenderDocument(purpose -> {
                RecordStore store = TestAccounts.open(dir, Examples.CLOCK, purpose);
                try {
                    other[0] = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
                    other[0].createStatement().execute("BEGIN IMMEDIATE");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                return store;
            }, fixed(Examples.key(), "the test key"), Examples.CLOCK, "ExoConsent test");
            org.exoconsent.records.BusyException e = assertThrows(org.exoconsent.records.BusyException.class,
                    () -> busy.render(session, TemplateSource.library(), true, pdf -> {
                        Files.write(out, pdf);
                        return out;
                    }));
            assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        } finally {
            if (other[0] != null) {
                other[0].close();
            }
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
        assertFalse(Files.exists(out), "no rendered PDF without its audit entry");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of(), TestAudit.entries(store, "rendered"));
        }
    }

    @Test
    void aPdfThatCouldNotBeWrittenIsNotAudited() throws Exception {
        IOException full = new IOException("No space left on device");
        RenderDocument.NotWritten e = assertThrows(RenderDocument.NotWritten.class, () -> everyone(Examples.key())
                .render(session, TemplateSource.library(), false, pdf -> {
                    throw full;
                }));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("No space left on device", e.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of(), TestAudit.entries(store, "rendered"));
        }
    }

    private RenderDocument everyone(SigningKey key) {
        return new RenderDocument(purpose -> TestAccounts.open(dir, Examples.CLOCK, purpose),
                fixed(key, "the test key"), Examples.CLOCK, "ExoConsent test");
    }

}
