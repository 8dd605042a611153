package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §2 on a clinic's data directory made by the release before it (the newest fixture, datadir-1.2.0; see its
 * README.md), as the clinic meets the upgrade: its Japanese texts are as they were, administrators are told which
 * English texts are missing, an English consultation is refused at its start until they are written, the legal
 * representatives' relationships typed as free text in recorded consents (母, mother) read as the list's, and the
 * unfinished Japanese consultation continues in schema 3.
 */
class UpgradeTextsTest {
    /** The day after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    static final Map<String, String> ADMIN = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD",
            "admin-password-1");
    static final Map<String, String> PHYSICIAN = Map.of("EXOCONSENT_USER", "yamada", "EXOCONSENT_PASSWORD",
            "physician-password-1");
    static final Map<String, String> MANAGER = Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD",
            "manager-password-1");

    @TempDir
    Path tmp;
    DataDirectory dir;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void copyTheFixture() throws Exception {
        dir = new DataDirectory(PreviousRelease.copyTo(PreviousRelease.V1_2_0, tmp.resolve("clinic")));
    }

    private Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.root().toString()));
        int exit = ExoConsentCli.commandLine(env, CLOCK, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** An English consultation of a new patient, prepared as the fixture's English consent was, not yet confirmed. */
    private Path englishSession() throws Exception {
        ObjectNode json = Examples.json("complete-en");
        json.put("id", "5b0e8a52-7c3d-4a1f-9e26-8d4f1c0b7a93");
        json.remove("confirmedBy");
        json.remove("preparedBy");
        json.putArray("acknowledgements");
        json.putArray("quiz");
        json.putArray("signatures");
        ((ObjectNode) json.get("patient")).put("patientNumber", "P-000905");
        Path file = tmp.resolve("english.json");
        Files.write(file, Examples.bytes(json));
        return file;
    }

    @Test
    void theJapaneseTextsSurviveAndTheAdministratorIsToldWhichEnglishTextsAreMissing() throws Exception {
        Run show = cli(ADMIN, "catalog", "show");
        assertEquals(0, show.exit(), show.err());
        // the clinic's own texts, exactly as release 1.2.0 listed them (fixture README)
        for (String line : List.of("Clinic: デモクリニック（練習用・架空）  [DEMO DATA]",
                "  東京都千代田区デモ町1-2-3, 03-0000-0000",
                "  blood donation policy: 当院では、この治療を受けた方には、献血の前に必ず献血会場でこの治療を受けたことを申し出るよう"
                        + "お願いしています。当院から献血の可否をお答えすることはできません。",
                "  山田 太郎 (licence 123456)",
                "  デモ培養上清エクソソーム UC-10 — デモ製薬株式会社（架空）; ヒト臍帯（へその緒）由来の間葉系幹細胞; origin: "
                        + "allogeneic; supplied as: research-reagent; tests: HIV-1/2, HBV, HCV, HTLV-1, パルボウイルスB19, "
                        + "マイコプラズマ, エンドトキシン, 無菌試験; sterilisation: not-sterilised; storage: -20℃以下で冷凍保管")) {
            assertTrue(show.out().lines().anyMatch(line::equals), line + "\nin:\n" + show.out());
        }
        assertTrue(show.out().contains("Missing in English (a consultation in English is refused until they are "
                + "written):\n  clinic: name\n  clinic: address\n  clinic: blood donation policy\n  physician 山田 太郎 "
                + "(licence 123456): name in Latin letters\n  product 'Demo Adipose EV Concentrate': name\n"), show.out());
        assertTrue(show.out().contains("  product 'デモ培養上清エクソソーム UC-10': storage\n"), show.out());

        try (RecordStore store = RecordStore.signIn(dir, CLOCK, "admin", "admin-password-1".toCharArray(), "test")) {
            List<RecordStore.MissingTexts> notices = store.textNotices();
            assertEquals(1, notices.size(), "only English lacks texts: the Japanese ones are the catalog's own");
            assertEquals("en", notices.get(0).language());
            assertEquals(3 + 1 + 4 + 5, notices.get(0).missing().size(), notices.toString());
            RecordStore.CatalogView c = store.catalog();
            ConsentSession.Product uc10 = c.products().stream().filter(p -> p.name().startsWith("デモ培養上清"))
                    .findFirst().orElseThrow().snapshot("ja");
            assertEquals("ヒト臍帯（へその緒）由来の間葉系幹細胞", uc10.sourceCells());
            assertEquals("-20℃以下で冷凍保管", uc10.storage());
            assertEquals("デモクリニック（練習用・架空）", c.clinic().snapshot("ja").name());
            assertNull(c.clinic().snapshot("en"), "no English text was invented");
        }
    }

    @Test
    void anEnglishConsultationIsRefusedAtItsStartUntilTheAdministratorWritesTheTexts() throws Exception {
        Path session = englishSession();
        Run refused = cli(PHYSICIAN, "confirm", "--session", session.toString());
        assertEquals(3, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("in English refused; nothing was changed:\n  - the clinic has not written "
                + "its English texts for this consultation: clinic: name; clinic: address; clinic: blood donation "
                + "policy; physician 山田 太郎 (licence 123456): name in Latin letters; product 'Demo Adipose EV "
                + "Concentrate': name; product 'Demo Adipose EV Concentrate': manufacturer;"), refused.err());
        assertTrue(refused.err().contains("An administrator adds them in Administration > Clinic, Administration > "
                + "Physicians, Administration > Products"), refused.err());
        assertTrue(SessionJson.read(session).confirmedBy() == null, "the session file is unchanged");

        Run clinic = cli(ADMIN, "catalog", "set-clinic", "--name-en", "Demo Clinic (practice data, fictitious)",
                "--address-en", "1-2-3 Demo-cho, Chiyoda-ku, Tokyo", "--blood-donation-policy-en", "We ask every "
                        + "patient who received this treatment to tell the blood donation centre about it before "
                        + "donating. The clinic cannot say whether you may donate.");
        assertEquals(0, clinic.exit(), clinic.err());
        Run kanji = cli(ADMIN, "catalog", "set-physician", "--licence", "123456", "--name-en", "山田 太郎");
        assertEquals(3, kanji.exit());
        assertTrue(kanji.err().contains("physician 山田 太郎 (licence 123456): English name: '山田 太郎' contains "
                + "U+5C71 '山'; write it in English"), kanji.err());
        assertEquals(0, cli(ADMIN, "catalog", "set-physician", "--licence", "123456", "--name-en", "Taro Yamada")
                .exit());
        Run oneTestShort = cli(ADMIN, "catalog", "set-product", "--name", "Demo Adipose EV Concentrate", "--name-en",
                "Demo Adipose EV Concentrate", "--manufacturer-en", "Demo Biologics Ltd. (fictitious)",
                "--source-cells-en", "human adipose-derived stem cells", "--virus-test-en", "HIV-1/2",
                "--virus-test-en", "HBV");
        assertEquals(3, oneTestShort.exit());
        assertTrue(oneTestShort.err().contains("English virus tests: 2 given, but the product lists 5"),
                oneTestShort.err());
        Run product = cli(ADMIN, "catalog", "set-product", "--name", "Demo Adipose EV Concentrate", "--name-en",
                "Demo Adipose EV Concentrate", "--manufacturer-en", "Demo Biologics Ltd. (fictitious)",
                "--source-cells-en", "human adipose-derived stem cells", "--virus-test-en", "HIV-1/2",
                "--virus-test-en", "HBV", "--virus-test-en", "HCV", "--virus-test-en", "HTLV-1", "--virus-test-en",
                "Parvovirus B19");
        assertEquals(0, product.exit(), product.err());

        Run confirmed = cli(PHYSICIAN, "confirm", "--session", session.toString());
        assertEquals(0, confirmed.exit(), confirmed.err());
        assertEquals("Taro Yamada", SessionJson.read(session).confirmedBy().name());
        Run show = cli(ADMIN, "catalog", "show");
        assertTrue(show.out().contains("  [en] Demo Clinic (practice data, fictitious)"), show.out());
        assertTrue(show.out().contains("Missing in English") && show.out().contains("デモ培養上清エクソソーム UC-10'"),
                "the other product still lacks its texts: " + show.out());
    }

    @Test
    void theRelationshipsTypedInRecordedConsentsReadAsTheListAndTheRecordsStayAsSigned() throws Exception {
        Path out = tmp.resolve("records.json");
        Run export = cli(MANAGER, "export", "--format", "json", "--out", out.toString());
        assertEquals(0, export.exit(), export.err());
        Map<String, JsonNode> sessions = new java.util.HashMap<>();
        for (JsonNode r : new ObjectMapper().readTree(out.toFile())) {
            sessions.put(r.get("record").get("id").asText(), r.get("session"));
        }
        // 高橋 真由美 typed 母, Rachel Evans typed mother: both read as the list's mother
        for (Map.Entry<String, String> minor : Map.of(PreviousRelease.MINOR_JA_1_2_0, "母",
                PreviousRelease.MINOR_EN_1_2_0, "mother").entrySet()) {
            JsonNode snapshot = sessions.get(minor.getKey());
            assertEquals(minor.getValue(), snapshot.get("representative").get("relationship").asText(),
                    "the recorded snapshot is exported as it was stored");
            ConsentSession read = SessionJson.read(snapshot.toString().getBytes(StandardCharsets.UTF_8), "snapshot");
            assertEquals(ConsentSession.Relationship.MOTHER, read.representative().relationship(), minor.getValue());
            assertNull(read.representative().relationshipText());
        }
        // the English consent signed by release 1.2.0 carries the clinic's Japanese texts: it stays as signed, and
        // the rule that refuses such a document now names them (it is never signed again)
        ConsentSession adultEn = SessionJson.read(sessions.get(PreviousRelease.ADULT_EN_1_2_0).toString()
                .getBytes(StandardCharsets.UTF_8), "snapshot");
        assertEquals("デモクリニック（練習用・架空）", adultEn.clinic().name());
        assertTrue(org.exoconsent.consent.CompletenessCheck.languageProblems(adultEn).get(0).startsWith(
                "clinic.name: 'デモクリニック（練習用・架空）' is not written in English"));
        try (RecordStore store = RecordStore.signIn(dir, CLOCK, "suzuki", "manager-password-1".toCharArray(), "t")) {
            Map<String, String> representatives = new java.util.HashMap<>();
            for (RecordRow row : store.list(new RecordFilter(null, null, null, null, null, null), 0, 10)) {
                if (row.representative() != null) {
                    representatives.put(row.id(), row.representative());
                }
            }
            assertEquals(Map.of(PreviousRelease.MINOR_JA_1_2_0, "高橋 真由美 (母)", PreviousRelease.MINOR_EN_1_2_0,
                    "Rachel Evans (mother)"), representatives, "the index rows are never changed");
            assertTrue(store.verify((d, t) -> { }).ok(), "every signed record is intact");
        }
    }

    @Test
    void theUnfinishedJapaneseConsultationContinuesInSchemaThree() throws Exception {
        org.exoconsent.records.Principal staff;
        try (RecordStore store = RecordStore.signIn(dir, CLOCK, "sato", "staff-password-1".toCharArray(), "t")) {
            staff = store.principal();
        }
        org.exoconsent.ui.wizard.ConsultationServices services = new org.exoconsent.ui.wizard.ConsultationServices(
                dir, CLOCK, staff);
        ConsentSession draft = services.drafts().load(PreviousRelease.DRAFT_1_2_0).session();
        assertEquals(2, draft.schemaVersion());
        org.exoconsent.ui.wizard.ConsultationServices.Opening opening = services.opening(draft);
        assertNull(opening.restartedFrom(), "a Japanese draft's texts are the catalog's own: it continues");
        org.exoconsent.ui.wizard.WizardViewModel vm = org.exoconsent.ui.wizard.WizardViewModel.resume(draft, false,
                opening.template(), opening.clock(), java.time.Duration.ZERO, pin -> false);
        ConsentSession now = vm.draft();
        assertEquals(ConsentSession.SCHEMA_VERSION, now.schemaVersion(), "saved again in this release's schema");
        assertEquals("Demo Adipose EV Concentrate", now.treatment().product().catalogName(),
                "its product, named as the catalog lists it");
        assertEquals(draft.treatment().product().sourceCells(), now.treatment().product().sourceCells(),
                "the text the patient was shown is kept");
        assertEquals("infection", vm.currentSection().id());
    }
}
