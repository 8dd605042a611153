package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Consultation;
import org.exoconsent.consent.InformedRefusal;
import org.exoconsent.consent.Stroke;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

/** The informed refusal's page rules, without a toolkit (issue 16 §5). */
class RefusalViewModelTest {
    private static List<Stroke> hand() {
        List<Stroke.Point> points = new ArrayList<>();
        for (int i = 0; i <= 45; i++) {
            points.add(new Stroke.Point(80 + i * 12, 120 + 40 * Math.sin(i / 2.0), i * 15L, null));
        }
        return List.of(new Stroke(points));
    }

    private static WizardViewModel atSection(int acknowledged) {
        ConsentSession s = Examples.session("complete-ja").withSignatures(List.of());
        ConsentSession stopped = new ConsentSession(s.schemaVersion(), s.id(), s.template(), s.clinic(),
                s.physician(), s.patient(), s.representative(), s.treatment(), null, null, s.startedAt(),
                s.preparedBy(), s.confirmedBy(), s.acknowledgements().subList(0, acknowledged), List.of(), s.notes(),
                null, List.of());
        return WizardViewModel.resume(stopped, false, Examples.template(), Examples.CLINIC_CLOCK, Duration.ZERO,
                "2468"::equals);
    }

    @Test
    void theRefusalListsTheSectionsAcknowledgedAndTheOneOnScreen() {
        RefusalViewModel vm = atSection(2).declineAfterExplanation();
        assertEquals(List.of("treatment", "evidence", "quality"), vm.refusal().explained());
        assertEquals(RefusalViewModel.Page.PATIENT, vm.pageProperty().get());
        assertEquals(ConsentSession.SignatureRole.PATIENT, vm.patientSideRole());
    }

    @Test
    void beforeTheExplanationThereIsNothingToRefuseInformedly() {
        WizardViewModel w = new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "w-0", Duration.ZERO,
                "2468"::equals);
        Consultation.Refused r = assertThrows(Consultation.Refused.class, w::declineAfterExplanation);
        assertEquals(Consultation.Refusal.WRONG_STEP, r.refusal());
    }

    @Test
    void thePatientSignsThenThePhysicianThenItIsRecordedAndTheConsultationEndsDeclined() {
        WizardViewModel w = atSection(5);
        RefusalViewModel vm = w.declineAfterExplanation();
        assertTrue(w.patientModeProperty().get(), "the patient's page is in patient mode");
        assertEquals("refusal.wrongPage", vm.signPhysician(hand(), 720, 240), "the patient's side first");
        assertEquals("sign.tooShort", vm.signPatient(List.of(), 720, 240));
        assertNull(vm.signPatient(hand(), 720, 240));
        assertEquals(RefusalViewModel.Page.STAFF_UNLOCK, vm.pageProperty().get(), "staff unlock first");
        assertEquals("refusal.wrongPage", vm.signPhysician(hand(), 720, 240), "not before the staff PIN");
        assertFalse(w.unlock("1111"), "a wrong PIN");
        assertEquals(RefusalViewModel.Page.STAFF_UNLOCK, vm.pageProperty().get());
        assertTrue(w.unlock("2468"));
        assertFalse(w.patientModeProperty().get());
        assertEquals(RefusalViewModel.Page.PHYSICIAN, vm.pageProperty().get());
        vm.backToPatient();
        assertTrue(w.patientModeProperty().get(), "back to the patient: patient mode again");
        assertNull(vm.signPatient(hand(), 720, 240));
        assertTrue(w.unlock("2468"));
        assertNull(vm.signPhysician(hand(), 720, 240));
        assertEquals(RefusalViewModel.Page.REVIEW, vm.pageProperty().get());
        assertEquals(List.of(), vm.problems());
        List<InformedRefusal> saved = new ArrayList<>();
        vm.setSave(r -> {
            saved.add(r);
            return new org.exoconsent.records.RecordStore.Recorded(r.id(), java.nio.file.Path.of("x.pdf"), "x.pdf", "00",
                    1);
        });
        List<Object> done = new ArrayList<>();
        vm.record(Runnable::run, Runnable::run, (r, failure) -> done.add(failure == null ? r.id() : failure));
        assertEquals(List.of("6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10-refusal"), done);
        assertEquals(2, saved.get(0).signatures().size());
        assertEquals(RefusalViewModel.Page.RECORDED, vm.pageProperty().get());
        assertEquals(Consultation.Ending.Kind.DECLINED, w.ending().orElseThrow().kind());
        assertThrows(Consultation.Refused.class, w::declineAfterExplanation, "an ended consultation");
    }

    @Test
    void anEmptyNoteIsRefusedBeforeAnyPasswordIsCheckedAndAWrongPasswordKeepsThePage() {
        WizardViewModel w = atSection(5);
        RefusalViewModel vm = w.declineAfterExplanation();
        List<String> keys = new ArrayList<>();
        char[] password = "secret".toCharArray();
        vm.setNoteRecorder((a, p, d, n) -> {
            throw new IllegalStateException("not asked");
        });
        vm.recordWouldNotSign("  ", password, Runnable::run, Runnable::run, keys::add, e -> keys.add("failed"));
        assertEquals(List.of("refusal.noteMissing"), keys);
        assertEquals('\0', password[0], "the password is wiped");
        List<Throwable> failures = new ArrayList<>();
        vm.setNoteRecorder((a, p, d, n) -> {
            throw new SecurityException("wrong password");
        });
        vm.recordWouldNotSign("拒否されました", "x".toCharArray(), Runnable::run, Runnable::run, keys::add,
                failures::add);
        assertEquals(1, failures.size());
        assertEquals(RefusalViewModel.Page.PATIENT, vm.pageProperty().get());
        vm.setNoteRecorder((a, p, d, n) -> new InformedRefusal.WouldNotSign(n, a, Examples.CLINIC_CLOCK.now()));
        vm.recordWouldNotSign("署名を望みませんでした。", "y".toCharArray(), Runnable::run, Runnable::run, keys::add,
                failures::add);
        assertEquals(RefusalViewModel.Page.STAFF_UNLOCK, vm.pageProperty().get(), "the patient still holds it");
        assertTrue(w.unlock("2468"));
        assertEquals(RefusalViewModel.Page.PHYSICIAN, vm.pageProperty().get());
        assertEquals("yamada", vm.refusal().patientWouldNotSign().account());
        assertTrue(vm.refusal().patientSide().isEmpty());
    }
}
