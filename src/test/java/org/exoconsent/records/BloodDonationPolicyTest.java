package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinic's blood-donation policy must not state a waiting period no rule supports (FACTS.md, "Blood donation";
 * issue 11, section 5): the administrator is warned and may save it anyway, which the audit trail keeps.
 */
class BloodDonationPolicyTest {
    @TempDir
    Path tmp;

    @Test
    void numbersAndPeriodsAreFoundInJapaneseAndEnglishWhateverTheirWidth() {
        assertEquals(List.of("6か月"), BloodDonationPolicy.numbersAndPeriods("治療後6か月は献血できません。"));
        assertEquals(List.of("6か月"), BloodDonationPolicy.numbersAndPeriods("治療後６か月は献血できません。"));
        assertEquals(List.of("半年"), BloodDonationPolicy.numbersAndPeriods("治療後半年は献血をお控えください。"));
        assertEquals(List.of("三か月"), BloodDonationPolicy.numbersAndPeriods("三か月間は献血できません。"));
        assertEquals(List.of("1 year"), BloodDonationPolicy.numbersAndPeriods("Do not give blood for 1 year."));
        assertEquals(List.of("six months"), BloodDonationPolicy.numbersAndPeriods("Wait six months."));
        assertEquals(List.of("4"), BloodDonationPolicy.numbersAndPeriods("See item 4."), "any number is flagged");
    }

    @Test
    void aPolicyThatStatesNoNumberIsNotFlagged() {
        String demo = "当院では、この治療を受けた方には、献血の前に必ず献血会場でこの治療を受けたことを申し出るよう"
                + "お願いしています。当院から献血の可否をお答えすることはできません。";
        assertEquals(List.of(), BloodDonationPolicy.numbersAndPeriods(demo));
        assertEquals(List.of(), BloodDonationPolicy.numbersAndPeriods("Tell the blood centre about this "
                + "treatment before you give blood; they may refuse a donation."));
        assertEquals(List.of(), BloodDonationPolicy.numbersAndPeriods(null));
    }

    @Test
    void aPolicyWithAPeriodIsRefusedUnlessSavedDespiteTheWarningWhichIsAudited() throws Exception {
        Catalog.Clinic withPeriod = new Catalog.Clinic("さくら皮膚科", "大阪府", "06-0000-0000",
                "治療後6か月は献血できません。", false);
        try (RecordStore store = TestAccounts.open(new DataDirectory(tmp), Examples.CLOCK, "test")) {
            Catalog.Clinic before = store.catalog().clinic();
            PolicyWarningException e = assertThrows(PolicyWarningException.class, () -> store.setClinic(withPeriod));
            assertEquals(List.of("6か月"), e.found());
            assertTrue(e.getMessage().contains("states a number or a period (6か月)")
                    && e.getMessage().contains("Nothing was changed"), e.getMessage());
            assertEquals(before, store.catalog().clinic(), "nothing was changed");

            store.setClinic(withPeriod, true);
            assertEquals("治療後6か月は献血できません。", store.catalog().clinic().bloodDonationPolicy());
            try (Statement st = store.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT details FROM audit WHERE action = 'catalog:clinic-updated'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("saved despite the warning: the policy states 6か月"),
                        rs.getString(1));
            }
        }
    }
}
