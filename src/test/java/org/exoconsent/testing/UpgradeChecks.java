package org.exoconsent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.exoconsent.ui.wizard.WizardViewModel;

/**
 * What every upgrade test checks on a copy of a {@link PreviousRelease} fixture, as the clinic would: the signed
 * PDFs are the same bytes, every account signs in, the staff PIN is kept, and an unfinished consultation resumes
 * as the app resumes it.
 */
public final class UpgradeChecks {
    /** The accounts of every fixture, user → password, in the order they were added. */
    public static final Map<String, String> ACCOUNTS = accounts();
    /** The staff PIN of every fixture. */
    public static final String STAFF_PIN = "2468";

    private UpgradeChecks() {
    }

    /**
     * What an upgrade test knows of one fixture made from release 1.4.0 on, each of which holds the same kinds of
     * thing (src/test/resources/fixtures/datadir-X.Y.Z/README.md): signed documents of one month, a withdrawal and a
     * correction, one lot in two spellings, a draft of 小林 翔太, a registered key, an anchor on a share that is gone,
     * and an encrypted backup. The checks every such fixture gets read it ({@code cli.UpgradeFromRelease}); what is
     * special to one release stays in its own test.
     *
     * @param fixture        the fixture folder ({@link PreviousRelease})
     * @param records        every record (table {@code record}) in the order recorded
     * @param listed         every record the records screen lists, by id: what a line of it says
     *                       ({@link #listed(org.exoconsent.records.RecordRow)})
     * @param documents      the SHA-256 (lower-case hex) of every signed document as that release archived it, by
     *                       document id: the records and the correction, nothing else is in the archive
     * @param month          the archive's folder of those documents, {@code YYYY/MM}
     * @param withdrawn      the consent that was withdrawn ({@code ID-withdrawal} is among {@code records})
     * @param corrected      the consent whose patient.phone was corrected ({@code ID-correction-1})
     * @param lotConsents    the two consents of {@link PreviousRelease#LOT_1_4_0}, in ASCII and typed full-width
     * @param draft          the draft's id
     * @param draftPatient   the draft's patient number
     * @param activeTemplate the template version new consultations use, and the draft's
     * @param fingerprint    the certificate SHA-256 of the registered key, as {@code keys show} gives it
     * @param anchorSetting  the anchor the settings name, on a share that must not exist where tests run
     * @param anchorCopy     the anchor file as the making left it
     * @param backup         the encrypted backup that release wrote of the fixture
     * @param passphrase     its passphrase
     */
    public record Release(Path fixture, List<String> records, Map<String, String> listed,
                          Map<String, String> documents, String month, String withdrawn, String corrected,
                          List<String> lotConsents, String draft, String draftPatient, String activeTemplate,
                          String fingerprint, Path anchorSetting, Path anchorCopy, Path backup, String passphrase) {
        /** The release's number, from the fixture folder's name ({@code datadir-1.5.0} → 1.5.0). */
        public String version() {
            return fixture.getFileName().toString().substring("datadir-".length());
        }

        /** The withdrawal of {@link #withdrawn}. */
        public String withdrawal() {
            return withdrawn + "-withdrawal";
        }

        /** The correction of {@link #corrected}. */
        public String correction() {
            return corrected + "-correction-1";
        }
    }

    /**
     * A line of the records screen as {@link Release#listed} says it: patient number and name, telephone, status,
     * language, lot as typed, the legal representative, and the kind when it is not a consent.
     */
    public static String listed(org.exoconsent.records.RecordRow r) {
        return r.patientNumber() + " " + r.patientName() + " tel " + r.patientPhone() + " " + r.status() + " "
                + r.language() + " " + r.lotNumber() + (r.representative() == null ? "" : " / " + r.representative())
                + ("consent".equals(r.kind()) ? "" : " (" + r.kind() + ")");
    }

    private static Map<String, String> accounts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("admin", "admin-password-1");
        m.put("yamada", "physician-password-1");
        m.put("sato", "staff-password-1");
        m.put("suzuki", "manager-password-1");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** SHA-256 (lower-case hex) of every file under {@code root/archive}, by its path relative to {@code root}. */
    public static Map<Path, String> archiveHashes(Path root) throws IOException {
        Map<Path, String> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(root.resolve("archive"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f), HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    /**
     * What records verify says it checked in a fixture's data directory at {@code root} whose index holds
     * {@code rows} rows (consents, informed refusals and withdrawals): "7 records checked", or, with the withdrawals
     * among them and the corrections its archive holds beside them (named {@code ID-withdrawal.pdf} and
     * {@code ID-correction-N.pdf}), "5 records, 2 withdrawals and 1 correction checked", as a restore and an export
     * count them.
     */
    public static String checked(int rows, Path root) throws IOException {
        return counted(rows, root) + " checked";
    }

    /** As {@link #checked}, without " checked": what a restore says it restored. */
    public static String counted(int rows, Path root) throws IOException {
        List<String> names = archiveHashes(root).keySet().stream().map(p -> p.getFileName().toString()).toList();
        long withdrawals = names.stream().filter(n -> n.matches(".*-withdrawal(-\\d+)?\\.pdf")).count();
        long corrections = names.stream().filter(n -> n.matches(".*-correction-\\d+\\.pdf")).count();
        assertEquals(rows + corrections, names.size(), "every other archived PDF is one of the index's rows");
        return documents(rows - withdrawals, withdrawals, corrections);
    }

    /** "5 records", "5 records and 1 correction", "5 records, 2 withdrawals and 1 correction". */
    public static String documents(long records, long withdrawals, long corrections) {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(records + " record" + (records == 1 ? "" : "s"));
        if (withdrawals > 0) {
            parts.add(withdrawals + " withdrawal" + (withdrawals == 1 ? "" : "s"));
        }
        if (corrections > 0) {
            parts.add(corrections + " correction" + (corrections == 1 ? "" : "s"));
        }
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts that each of {@link #ACCOUNTS} signs in with its password at {@code clock}, and that the staff PIN is
     * {@link #STAFF_PIN} (and 1234 is refused), kept in the database: the earlier release's settings file is gone
     * (issue 15 §1).
     */
    public static void everyAccountSignsInAndThePinIsKept(DataDirectory dir, Clock clock) throws Exception {
        for (Map.Entry<String, String> user : ACCOUNTS.entrySet()) {
            try (RecordStore store = RecordStore.signIn(dir, clock, user.getKey(), user.getValue().toCharArray(),
                    "upgrade test")) {
                assertEquals(user.getKey(), store.principal().name());
            }
        }
        try (RecordStore store = RecordStore.signIn(dir, clock, "sato", ACCOUNTS.get("sato").toCharArray(),
                "upgrade test: staff PIN")) {
            assertTrue(store.staffPinMatches(STAFF_PIN));
            assertFalse(store.staffPinMatches("1234"));
        }
        assertFalse(Files.exists(dir.settingsFile()), "the staff PIN moved into the database");
    }

    /** A draft as the app resumes it: the stored draft, the opening the wizard got for it, and the wizard. */
    public record Resumed(DraftStore.Draft draft, ConsultationServices.Opening opening, WizardViewModel wizard) {
    }

    /**
     * Resumes draft {@code draftId} as the app does on sato's tablet at {@code clock}: sato signs in, the draft is
     * loaded, the consultation opened for it ({@link ConsultationServices#opening}) and the wizard resumed with the
     * settings' reflection time and the stored staff PIN.
     */
    public static Resumed resume(DataDirectory dir, Clock clock, String draftId) throws Exception {
        Principal staff;
        try (RecordStore store = RecordStore.signIn(dir, clock, "sato", ACCOUNTS.get("sato").toCharArray(),
                "upgrade test")) {
            staff = store.principal();
        }
        ConsultationServices services = new ConsultationServices(dir, clock, staff);
        DraftStore.Draft draft = services.drafts().load(draftId);
        ConsultationServices.Opening opening = services.opening(draft.session());
        WizardViewModel vm = WizardViewModel.resume(draft.session(), draft.patientMode(), opening.template(),
                opening.clock(), Duration.ofMinutes(opening.settings().get(Settings.Key.REFLECTION_MINUTES)),
                services::staffPinMatches);
        return new Resumed(draft, opening, vm);
    }

    /**
     * Asserts what the drafts of the fixtures since 1.2.0 hold and where they stopped: patient {@code patientNumber}
     * 小林 翔太, session schema {@code schemaVersion}, template 1.2.0, prepared by sato and confirmed by yamada,
     * sections treatment, evidence and quality acknowledged, not in patient mode; the opening does not restart it,
     * and the wizard continues in the explanation at section 4 of 14, {@code infection}, with the physician's note.
     */
    public static void continuesAtTheFourthSection(Resumed resumed, int schemaVersion, String patientNumber) {
        continuesAtTheFourthSection(resumed, schemaVersion, patientNumber, "1.2.0");
    }

    /**
     * As {@link #continuesAtTheFourthSection(Resumed, int, String)}, for a draft begun on template version
     * {@code templateVersion} (1.3.0 from release 1.6.0 on, the one version a new data directory of that release had).
     */
    public static void continuesAtTheFourthSection(Resumed resumed, int schemaVersion, String patientNumber,
                                                   String templateVersion) {
        DraftStore.Draft draft = resumed.draft();
        org.exoconsent.consent.ConsentSession s = draft.session();
        assertFalse(draft.patientMode());
        assertEquals(schemaVersion, s.schemaVersion());
        assertEquals(templateVersion, s.template().version());
        assertEquals(patientNumber, s.patient().patientNumber());
        assertEquals("小林 翔太", s.patient().name());
        assertEquals("sato", s.preparedBy().account());
        assertEquals("yamada", s.confirmedBy().account());
        assertEquals(java.util.List.of("treatment", "evidence", "quality"), s.acknowledgements().stream()
                .map(org.exoconsent.consent.ConsentSession.Acknowledgement::section).toList());

        assertNull(resumed.opening().restartedFrom(), "a confirmed draft on " + templateVersion
                + " continues; it does not restart");
        assertEquals(templateVersion, resumed.opening().template().version());
        WizardViewModel vm = resumed.wizard();
        assertEquals(WizardViewModel.Step.EXPLANATION, vm.stepProperty().get());
        assertEquals(3, vm.sectionIndexProperty().get(), "section 4 of 14");
        assertEquals(14, vm.sections().size());
        assertEquals("infection", vm.currentSection().id());
        assertEquals("yamada", vm.confirmedBy().account());
        assertEquals("膝の痛みの経過を次回の来院時に確認してから説明を続ける。", vm.draft().notes().physician());
    }

    /**
     * Asserts the settings of the fixtures since 1.2.0 (idle-lock-minutes 15, reflection-minutes 0) and that new
     * consultations use template 1.2.0, as the administrator sees them.
     */
    public static void settingsAsTheyWere(DataDirectory dir, Clock clock) throws Exception {
        settingsAsTheyWere(dir, clock, "1.2.0");
    }

    /**
     * As {@link #settingsAsTheyWere(DataDirectory, Clock)}, new consultations using template version
     * {@code activeTemplate} (the version the fixture's administrator chose).
     */
    public static void settingsAsTheyWere(DataDirectory dir, Clock clock, String activeTemplate) throws Exception {
        try (RecordStore admin = RecordStore.signIn(dir, clock, "admin", ACCOUNTS.get("admin").toCharArray(),
                "upgrade test")) {
            Settings settings = admin.settings();
            assertEquals(15, settings.get(Settings.Key.IDLE_LOCK_MINUTES));
            assertEquals(0, settings.get(Settings.Key.REFLECTION_MINUTES));
            assertEquals(activeTemplate, admin.templateForNewConsultation(
                    org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY).version());
        }
    }
}
