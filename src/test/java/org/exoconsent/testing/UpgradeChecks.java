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
        DraftStore.Draft draft = resumed.draft();
        org.exoconsent.consent.ConsentSession s = draft.session();
        assertFalse(draft.patientMode());
        assertEquals(schemaVersion, s.schemaVersion());
        assertEquals("1.2.0", s.template().version());
        assertEquals(patientNumber, s.patient().patientNumber());
        assertEquals("小林 翔太", s.patient().name());
        assertEquals("sato", s.preparedBy().account());
        assertEquals("yamada", s.confirmedBy().account());
        assertEquals(java.util.List.of("treatment", "evidence", "quality"), s.acknowledgements().stream()
                .map(org.exoconsent.consent.ConsentSession.Acknowledgement::section).toList());

        assertNull(resumed.opening().restartedFrom(), "a confirmed draft on 1.2.0 continues; it does not restart");
        assertEquals("1.2.0", resumed.opening().template().version());
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
        try (RecordStore admin = RecordStore.signIn(dir, clock, "admin", ACCOUNTS.get("admin").toCharArray(),
                "upgrade test")) {
            Settings settings = admin.settings();
            assertEquals(15, settings.get(Settings.Key.IDLE_LOCK_MINUTES));
            assertEquals(0, settings.get(Settings.Key.REFLECTION_MINUTES));
            assertEquals("1.2.0", admin.templateForNewConsultation(
                    org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY).version());
        }
    }
}
