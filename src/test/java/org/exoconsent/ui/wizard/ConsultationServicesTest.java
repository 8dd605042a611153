package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new consultation uses the clinic's active template version; a draft begun before a new version was activated
 * is resumed, and signed, with the version it began with.
 */
class ConsultationServicesTest {
    @TempDir
    Path tmp;

    @Test
    void newConsultationsUseTheActiveVersionAndADraftKeepsItsOwn() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        ConsultationServices services = new ConsultationServices(dir, Examples.CLOCK,
                TestAccounts.everyone(dir, Examples.CLOCK));
        assertEquals("1.3.0", services.opening(null).template().version());

        Path v2 = Examples.templateCopy(tmp.resolve("incoming"), "2.0");
        Examples.edit(v2.resolve("ja.yaml"), t -> t.replace("1. この治療について", "1. この治療について（第2版）"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.importTemplate(v2);
            store.activateTemplate("exosome-therapy", "2.0");
        }
        assertEquals("2.0", services.opening(null).template().version());

        var draft = Examples.session("complete-ja"); // begun under 1.3.0
        ConsultationServices.Opening resumed = services.opening(draft);
        assertEquals("1.3.0", resumed.template().version());
        assertEquals(Examples.template().sha256(), resumed.template().sha256());
        assertTrue(resumed.template().language("ja").orElseThrow().sections().get(0).title()
                .equals("1. この治療について"), "the draft shows the text it began with");

        // the physician confirmed it on this tablet before the explanation, as the wizard's confirmation page does
        services.confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), draft);
        RecordStore.Recorded r = services.signAndSave(draft);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            var row = store.list(org.exoconsent.records.RecordFilter.ALL, 0, 10).get(0);
            assertEquals(r.id(), row.id());
            assertEquals("1.3.0", row.templateVersion(), "the record names the version the patient was shown");
        }
    }

    /**
     * An English draft begun before the clinic's English texts existed (release 1.2.0 signed them in Japanese) is never
     * signed so: it restarts from its first section with the clinic's English texts (issue 12 §2), and says why.
     */
    @Test
    void anEnglishDraftShowingTheClinicsJapaneseTextsRestartsWithTheEnglishOnes() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        ConsultationServices services = new ConsultationServices(dir, Examples.CLOCK,
                TestAccounts.everyone(dir, Examples.CLOCK));
        com.fasterxml.jackson.databind.node.ObjectNode json = Examples.json("complete-en");
        json.put("schemaVersion", 2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("clinic")).put("name", "デモクリニック（練習用・架空）")
                .put("address", "東京都千代田区デモ町1-2-3");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("physician")).put("name", "山田 太郎");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("confirmedBy")).put("name", "山田 太郎");
        json.putArray("quiz");
        json.putArray("signatures");
        var draft = Examples.session(json);
        ConsultationServices.Opening opening = services.opening(draft);
        assertEquals(ConsultationServices.Restart.NOT_IN_LANGUAGE, opening.restartReason());
        assertEquals("1.3.0", opening.restartedFrom(), "on its own version");
        var from = opening.restartFrom();
        assertEquals("Demo Clinic (practice data, fictitious)", from.clinic().name());
        assertEquals("Taro Yamada", from.physician().name());
        assertEquals(java.util.List.of(), org.exoconsent.consent.CompletenessCheck.languageProblems(from.withConfirmedBy(
                null)), "every text of the clinic now in English");
        WizardViewModel vm = WizardViewModel.restart(from, opening.template(), opening.clock(),
                java.time.Duration.ZERO, pin -> false, "tester");
        assertEquals(WizardViewModel.Step.CONFIRMATION, vm.stepProperty().get(), "the physician confirms again");
        assertTrue(vm.draft().acknowledgements().isEmpty(), "the patient reads every section again");
        assertEquals(ConsentSession.SCHEMA_VERSION, vm.draft().schemaVersion());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertTrue(org.exoconsent.records.TestAudit.entries(store, "draft-restarted").get(0)
                    .contains("texts-not-in-language"), "audited with why");
        }
    }
}
