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
    void periodsAreFoundInJapaneseAndEnglishWhateverTheirForm() {
        for (String[] c : new String[][] {
            {"治療後6か月は献血できません。", "6か月"}, {"治療後６か月は献血できません。", "6か月"},
            {"治療後半年は献血をお控えください。", "半年"}, {"三か月間は献血できません。", "三か月"},
            {"六ヶ月は控えてください。", "六ヶ月"}, {"数か月は控えてください。", "数か月"}, {"数週間は控えてください。", "数週間"},
            {"ひと月は控えてください。", "ひと月"}, {"1年半は控えてください。", "1年半"}, {"当分の間、献血はできません。", "当分の間"},
            {"四半期ごとに確認します。", "四半期"}, {"Do not give blood for 1 year.", "1 year"},
            {"Wait six months.", "six months"}, {"a six-month period", "six-month"},
            {"Wait a couple of months.", "a couple of months"}, {"Please wait a fortnight.", "a fortnight"},
            {"You must never donate: permanently deferred.", "permanently"}}) {
            assertEquals(List.of(c[1]), BloodDonationPolicy.periods(c[0]), c[0]);
        }
    }

    @Test
    void numbersThatAreNotPeriodsAreNotFlagged() {
        for (String harmless : new String[] {"詳しくは03-1234-5678までお問い合わせください。",
            "当院（東京都港区1-2-3）の受付でお尋ねください。", "COVID-19の流行時は、献血会場の案内に従ってください。",
            "Call us on 03-0000-0000 before you give blood."}) {
            assertEquals(List.of(), BloodDonationPolicy.periods(harmless), harmless);
        }
    }

    @Test
    void aPolicyThatStatesNoPeriodIsNotFlagged() {
        String demo = "当院では、この治療を受けた方には、献血の前に必ず献血会場でこの治療を受けたことを申し出るよう"
                + "お願いしています。当院から献血の可否をお答えすることはできません。";
        assertEquals(List.of(), BloodDonationPolicy.periods(demo));
        assertEquals(List.of(), BloodDonationPolicy.periods("Tell the blood centre about this "
                + "treatment before you give blood; they may refuse a donation."));
        assertEquals(List.of(), BloodDonationPolicy.periods(null));
    }

    @Test
    void aPolicyWithAPeriodIsRefusedUnlessSavedDespiteTheWarningWhichIsAudited() throws Exception {
        Catalog.Clinic withPeriod = new Catalog.Clinic("さくら皮膚科", "大阪府", "06-0000-0000",
                "治療後6か月は献血できません。", false);
        try (RecordStore store = TestAccounts.open(new DataDirectory(tmp), Examples.CLOCK, "test")) {
            Catalog.Clinic before = store.catalog().clinic();
            PolicyWarningException e = assertThrows(PolicyWarningException.class, () -> store.setClinic(withPeriod));
            assertEquals(List.of("6か月"), e.found());
            assertTrue(e.getMessage().contains("states a period (6か月)")
                    && e.getMessage().contains("Nothing was changed"), e.getMessage());
            assertEquals(before, store.catalog().clinic(), "nothing was changed");

            store.setClinic(withPeriod, true);
            assertEquals("治療後6か月は献血できません。", store.catalog().clinic().bloodDonationPolicy());
            try (Statement st = store.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT details FROM audit WHERE action = 'catalog:clinic-updated'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("saved despite the warning: the policy states 6か月"),
                        rs.getString(1));
            }
        }
    }
}
