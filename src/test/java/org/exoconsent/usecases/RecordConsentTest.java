package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.exoconsent.usecases.UseCaseTesting.fixed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.KeyRefusedException;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording a consent through the use case alone (no display, no process): the permission is checked before any
 * work, one session is recorded as the wizard's "sign and save" does, and a batch of session files is recorded as
 * {@code exoconsent record} does — a bad file reported and passed, a refused key stopping the batch.
 */
class RecordConsentTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    @Test
    void aPersonWhoMayNotConsultIsRefusedBeforeAnyWorkAndTheRefusalIsAudited() throws Exception {
        Principal office;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, MANAGER, MANAGER_PASSWORD.toCharArray(), "t")) {
            office = s.principal();
        }
        ConsentSession session = confirmed(Examples.session("complete-ja"));
        DraftStore drafts = new DraftStore(dir);
        drafts.save(session, false, Examples.CLOCK.instant());

        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> RecordConsent.asSignedIn(dir, Examples.CLOCK, office).recordSession(session, drafts));
        assertEquals("office (manager) may not run consultations or record consents: this needs the role "
                + "physician or staff; someone with that role does this, or an administrator gives the role "
                + "(exoconsent users set-roles, or the administration screen)", e.getMessage());

        RecordConsent batch = new RecordConsent(purpose -> RecordStore.open(dir, Examples.CLOCK, office, purpose),
                KeySource.clinicKey());
        RecordConsent.Stopped stopped = assertThrows(RecordConsent.Stopped.class, () -> batch.recordBatch(
                List.of(write("one", Examples.json("complete-ja"))), TemplateSource.library(),
                new Heard()));
        assertInstanceOf(AccessDeniedException.class, stopped.getCause());
        assertEquals(0, stopped.recorded());

        assertEquals(List.of(), archived(), "nothing was archived");
        assertFalse(Files.exists(dir.keyFiles().selfSigned()),
                "not even the clinic's key was made for someone refused");
        assertTrue(drafts.list().stream().anyMatch(d -> d.session().id().equals(session.id())), "the draft is kept");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(0L, store.count());
            List<String> refusals = TestAudit.entries(store, "access-refused");
            assertEquals(2, refusals.size(), refusals.toString());
            assertTrue(refusals.get(0).startsWith("access-refused consult "), refusals.get(0));
            assertTrue(refusals.get(1).contains("\"asked\":\"record\""), refusals.get(1));
        }
    }

    @Test
    void signAndSaveRecordsTheSessionWithTheVersionThePatientWasShownAndRemovesTheDraft() throws Exception {
        ConsentSession session = confirmed(Examples.session("complete-ja"));
        DraftStore drafts = new DraftStore(dir);
        drafts.save(session, false, Examples.CLOCK.instant());
        Principal everyone = TestAccounts.everyone(dir, Examples.CLOCK);

        RecordStore.Recorded r = RecordConsent.asSignedIn(dir, Examples.CLOCK, everyone)
                .recordSession(session, drafts);

        assertEquals(session.id(), r.id());
        assertEquals(sha256(Files.readAllBytes(r.pdf())), r.sha256(), "the archived PDF is the one reported");
        assertFalse(drafts.list().stream().anyMatch(d -> d.session().id().equals(session.id())),
                "the draft has served");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            var row = store.list(RecordFilter.ALL, 0, 10).get(0);
            assertEquals(session.id(), row.id());
            assertEquals("1.3.0", row.templateVersion());
            assertEquals(1, TestAudit.entries(store, "created").size());
        }
    }

    @Test
    void aBadFileInTheMiddleOfABatchIsReportedWithItsMessageAndTheOthersAreRecorded() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            ObjectNode json = Examples.json("complete-ja");
            json.put("id", "batch-" + i);
            if (i == 3) {
                ((ObjectNode) json.get("template")).put("version", "9.9"); // a version the clinic does not have
            }
            files.add(write("batch-" + i, json));
        }
        TestAccounts.confirmFiles(dir, Examples.CLOCK, files);
        Heard heard = new Heard();

        RecordConsent.Tally tally = testKeyRecording().recordBatch(files, TemplateSource.library(),
                heard);

        assertEquals(new RecordConsent.Tally(5, 1), tally);
        assertEquals(List.of("batch-1", "batch-2", "batch-4", "batch-5", "batch-6"), heard.recordedIds);
        assertEquals(List.of(files.get(0), files.get(1), files.get(3), files.get(4), files.get(5)),
                heard.recordedFiles, "reported in the order given");
        assertEquals(1, heard.refusals.size());
        String refusal = heard.refusals.get(0);
        assertTrue(refusal.contains(files.get(2).toString()) && refusal.contains("template.version")
                && refusal.contains("9.9"), refusal);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(5L, store.count());
            assertFalse(store.list(RecordFilter.ALL, 0, 10).stream().anyMatch(r -> r.id().equals("batch-3")));
        }
        assertEquals(5, archived().size());
    }

    @Test
    void aRefusedKeyStopsTheBatchAndNothingAfterItIsRecorded() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ObjectNode json = Examples.json("complete-ja");
            json.put("id", "stopped-" + i);
            files.add(write("stopped-" + i, json));
        }
        TestAccounts.confirmFiles(dir, Examples.CLOCK, files);
        SigningKey unregistered = TestKeys.make("CN=Not registered", Examples.CLOCK.instant().minusSeconds(86400),
                Examples.CLOCK.instant().plusSeconds(86400 * 365));
        RecordConsent recording = new RecordConsent(purpose -> TestAccounts.open(dir, Examples.CLOCK, purpose),
                fixed(unregistered, "--keystore other.p12"));
        Heard heard = new Heard();

        RecordConsent.Stopped stopped = assertThrows(RecordConsent.Stopped.class,
                () -> recording.recordBatch(files, TemplateSource.library(), heard));

        assertInstanceOf(KeyRefusedException.class, stopped.getCause());
        assertTrue(stopped.getMessage().contains("--keystore other.p12"), stopped.getMessage());
        assertEquals(0, stopped.recorded(), "the key is checked before the first file is rendered");
        assertEquals(List.of(), heard.recordedIds);
        assertEquals(List.of(), archived(), "nothing after the refusal was recorded");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(0L, store.count());
        }
    }

    /** Recording as the person with every role, signed with the tests' registered key. */
    private RecordConsent testKeyRecording() {
        return new RecordConsent(purpose -> TestAccounts.open(dir, Examples.CLOCK, purpose),
                fixed(Examples.key(), "the test key"));
    }

    /** The session with its treatment confirmed by the physician, as the wizard's confirmation page does. */
    private ConsentSession confirmed(ConsentSession s) throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "confirm")) {
            TestAccounts.confirm(store, s);
        }
        return s;
    }

    private Path write(String name, ObjectNode json) throws Exception {
        Path f = tmp.resolve(name + ".json");
        Files.write(f, Examples.bytes(json));
        return f;
    }

    private List<Path> archived() throws Exception {
        if (!Files.isDirectory(dir.archive())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir.archive())) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** What the batch reported, in order. */
    private static final class Heard implements RecordConsent.Outcomes {
        final List<String> recordedIds = new ArrayList<>();
        final List<Path> recordedFiles = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();

        @Override
        public void recorded(Path file, RecordStore.Recorded r) {
            recordedFiles.add(file);
            recordedIds.add(r.id());
        }

        @Override
        public void refused(Path file, String message) {
            refusals.add(message);
        }
    }
}
