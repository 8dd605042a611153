package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.SignatureImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A consultation survives a crash or a closed window: the wizard saves as it goes and resumes where it stopped. */
class DraftResumeTest {
    @TempDir
    Path tmp;

    final WizardViewModelTest.StepClock clock = new WizardViewModelTest.StepClock();
    final org.exoconsent.consent.ClinicClock clinic = org.exoconsent.consent.ClinicClock.of(clock,
            java.time.ZoneId.of("Asia/Tokyo"));

    private DraftStore drafts() {
        return new DraftStore(new DataDirectory(tmp));
    }

    private WizardViewModel saving(DraftStore drafts) {
        WizardViewModel w = new WizardViewModel(Examples.template(), clinic, "draft-1", Duration.ZERO, "2468"::equals);
        w.setAutosave((s, locked) -> {
            try {
                drafts.save(s, locked, clock.instant());
            } catch (StoreException e) {
                throw new AssertionError(e);
            }
        });
        WizardViewModelTest.startConfirmed(w, WizardViewModelTest.setup("complete-ja", LocalDate.parse("1954-03-15"), null));
        return w;
    }

    private WizardViewModel resume(DraftStore drafts) throws StoreException {
        DraftStore.Draft d = drafts.load("draft-1");
        return WizardViewModel.resume(d.session(), d.patientMode(), Examples.template(), clinic, Duration.ZERO,
                "2468"::equals);
    }

    @Test
    void aClosedWindowResumesAtTheFirstSectionNotYetUnderstood() throws Exception {
        DraftStore drafts = drafts();
        WizardViewModel w = saving(drafts);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(30));
            w.acknowledge();
            w.next();
        }
        ConsentSession before = w.draft();
        WizardViewModel again = resume(drafts);
        assertEquals(WizardViewModel.Step.EXPLANATION, again.stepProperty().get());
        assertEquals(5, again.sectionIndexProperty().get());
        assertFalse(again.canAdvanceProperty().get());
        assertEquals(before.acknowledgements(), again.draft().acknowledgements(), "the times are kept");
        assertEquals(before.startedAt(), again.draft().startedAt());
    }

    @Test
    void aWrongAnswerIsStillThereAfterResuming() throws Exception {
        DraftStore drafts = drafts();
        WizardViewModel w = saving(drafts);
        while (w.stepProperty().get() == WizardViewModel.Step.EXPLANATION) {
            w.acknowledge();
            w.next();
        }
        var q = w.currentQuestion();
        w.answer(q.options().stream().filter(o -> !o.equals(q.correct())).findFirst().orElseThrow());
        WizardViewModel again = resume(drafts);
        assertEquals(WizardViewModel.Step.EXPLANATION, again.stepProperty().get(),
                "the section of the wrong answer, to be acknowledged again");
        assertEquals(q.section(), again.currentSection().id());
        assertFalse(again.isAcknowledged(q.section()));
        again.acknowledge();
        again.next();
        assertEquals(WizardViewModel.Step.CHECK_QUESTIONS, again.stepProperty().get());
        assertEquals(q.id(), again.currentQuestion().id());
        assertEquals(1, again.attempts(q.id()).size());
        assertFalse(again.attempts(q.id()).get(0).correct());
    }

    @Test
    void aTabletInPatientModeResumesLocked() throws Exception {
        DraftStore drafts = drafts();
        WizardViewModel w = saving(drafts);
        while (w.stepProperty().get() == WizardViewModel.Step.EXPLANATION) {
            w.acknowledge();
            w.next();
        }
        while (w.stepProperty().get() == WizardViewModel.Step.CHECK_QUESTIONS) {
            w.answer(w.currentQuestion().correct());
        }
        w.handOver();
        WizardViewModel again = resume(drafts);
        assertEquals(WizardViewModel.Step.SIGNATURES, again.stepProperty().get());
        assertTrue(again.patientModeProperty().get());
        assertFalse(again.mayLeave());
        assertFalse(again.unlock("0000"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(null, again.sign(ConsentSession.SignatureRole.PATIENT, SignatureImages.signature(8)));
    }

    @Test
    void abandoningADraftIsExplicitAndKeepsIt() throws Exception {
        DraftStore drafts = drafts();
        saving(drafts);
        assertEquals(List.of("draft-1"), drafts.list().stream().map(d -> d.session().id()).toList());
        String name = drafts.abandon("draft-1", "patient left before the explanation ended", clock.instant());
        Path kept = new DataDirectory(tmp).abandonedDrafts().resolve(name + ".json");
        assertTrue(Files.exists(kept));
        assertTrue(Files.readString(kept.resolveSibling(kept.getFileName() + ".reason.txt"))
                .contains("patient left"));
        assertEquals(List.of(), drafts.list());
    }
}
