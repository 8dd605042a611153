package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
        assertEquals("1.2.0", services.opening(null).template().version());

        Path v2 = Examples.templateCopy(tmp.resolve("incoming"), "2.0");
        Examples.edit(v2.resolve("ja.yaml"), t -> t.replace("1. この治療について", "1. この治療について（第2版）"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.importTemplate(v2);
            store.activateTemplate("exosome-therapy", "2.0");
        }
        assertEquals("2.0", services.opening(null).template().version());

        var draft = Examples.session("complete-ja"); // begun under 1.2.0
        ConsultationServices.Opening resumed = services.opening(draft);
        assertEquals("1.2.0", resumed.template().version());
        assertEquals(Examples.template().sha256(), resumed.template().sha256());
        assertTrue(resumed.template().language("ja").orElseThrow().sections().get(0).title()
                .equals("1. この治療について"), "the draft shows the text it began with");

        // the physician confirmed it on this tablet before the explanation, as the wizard's confirmation page does
        services.confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), draft);
        RecordStore.Recorded r = services.signAndSave(draft);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            var row = store.list(org.exoconsent.records.RecordFilter.ALL, 0, 10).get(0);
            assertEquals(r.id(), row.id());
            assertEquals("1.2.0", row.templateVersion(), "the record names the version the patient was shown");
        }
    }
}
