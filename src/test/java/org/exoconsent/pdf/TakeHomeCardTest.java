package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.TakeHomeCard;
import org.exoconsent.records.BloodDonationPolicy;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

/**
 * The take-home card on its own: one A6 page whatever the clinic's texts (smaller type for long ones, a clear
 * refusal when even that cannot fit), no language without its wording, and a blood-donation sentence that says
 * only what the consent itself says (FACTS.md, "Blood donation": refusal is a possibility, never a period).
 */
class TakeHomeCardTest {
    /** The day the cards are issued: today in the clinic's calendar of {@link Examples#CLINIC_CLOCK}. */
    private static final LocalDate ISSUED = LocalDate.parse("2026-11-21");

    private static TakeHomeCard card(String example, ConsentSession.Clinic clinic) {
        return TakeHomeCard.of(Examples.session(example), clinic, null, Examples.CLINIC_CLOCK);
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages(), "always one page");
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
    }

    private static ResourceBundle wording(String language) {
        return ResourceBundle.getBundle("org.exoconsent.pdf.card", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    @Test
    void theCardsLanguagesAreThePatientsThenJapanese() {
        assertEquals(List.of("en", "ja"), card("complete-en", null).languages());
        assertEquals(List.of("ja"), card("complete-ja", null).languages(), "a Japanese patient: Japanese only");
        TakeHomeCard c = card("complete-en", null);
        assertEquals(LocalDate.parse("2026-12-03"), c.treatmentDate(), "the planned start, as recorded");
        assertEquals(LocalDate.parse("2026-11-20"), c.consentDate(), "the day it was signed, in the clinic's "
                + "calendar");
        // with a reflection time, the consent is signed on a later day than the consultation; in Tokyo's calendar
        ConsentSession later = Examples.session("complete-en");
        later = later.withSignatures(later.signatures().stream().map(x -> new ConsentSession.Signature(x.role(),
                x.name(), java.time.OffsetDateTime.parse("2026-11-21T16:30:00Z"), x.png())).toList());
        assertEquals(LocalDate.parse("2026-11-22"), TakeHomeCard.of(later, null, null, Examples.CLINIC_CLOCK).consentDate(),
                "16:30 UTC on the 21st is the 22nd in the clinic");
        assertEquals("Demo Clinic (practice data, fictitious)", c.texts().get("en").clinicName(),
                "without a catalog profile, the profile recorded with the consent");
    }

    @Test
    void longClinicTextsGetSmallerTypeButTheCardStaysOnePage() throws Exception {
        String address = "東京都千代田区丸の内一丁目二番三号 丸の内デモビルディング 別館 第二診療棟 十四階 受付は一階正面玄関を入って右手"
                + "エレベーターホール奥の総合案内 1-2-3 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan";
        ConsentSession.Clinic wordy = new ConsentSession.Clinic("医療法人社団デモ会 デモ再生医療クリニック丸の内 本院 "
                + "(Demo Regenerative Medicine Clinic Marunouchi, main clinic)", address, "03-1234-5678", "");
        byte[] pdf = new TakeHomeCardRenderer("test").render(card("complete-en", wordy));
        String text = text(pdf);
        assertTrue(text.contains("03-1234-5678") && text.contains("エレベーターホール奥の総合案内"), text);

        ConsentSession.Clinic endless = new ConsentSession.Clinic("デモ", address.repeat(40), "03-1234-5678", "");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TakeHomeCardRenderer("test").render(card("complete-en", endless)));
        assertTrue(e.getMessage().contains("does not fit on one A6 page even in small type: the clinic's name has 2 "
                + "characters, its address " + address.repeat(40).length()), e.getMessage());
    }

    @Test
    void aLanguageWithoutWordingIsRefused() {
        TakeHomeCard c = card("complete-en", null);
        TakeHomeCard french = new TakeHomeCard(c.documentId(), List.of("fr", "ja"), c.patientName(),
                c.treatmentDate(), c.consentDate(), c.lotNumber(), c.clinicPhone(), java.util.Map.of("fr",
                c.texts().get("en"), "ja", c.texts().get("ja")), null, ISSUED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TakeHomeCardRenderer("test").render(french));
        assertEquals("the take-home card has no wording in 'fr'", e.getMessage());
    }

    @Test
    void theBloodDonationSentenceStatesNoPeriodAndRepeatsTheConsentsOwnWords() throws Exception {
        for (String language : new String[] {"en", "ja"}) {
            String sentence = wording(language).getString("bloodDonation");
            assertEquals(List.of(), BloodDonationPolicy.periods(sentence), language + ": no deferral period");
            // its first sentence is the consent template's own (section 8, blood donation), word for word
            String first = sentence.substring(0, sentence.indexOf(language.equals("ja") ? "。" : ".") + 1);
            String template = Files.readString(Path.of("consent-templates/exosome-therapy/" + language + ".yaml"),
                    StandardCharsets.UTF_8);
            assertTrue(template.contains("- \"" + first + "\""), language + ": '" + first + "' is in the template");
            // and it asks to show the card and to tell the staff at the donation site, as the template advises
            assertTrue(language.equals("ja") ? sentence.contains("献血会場の職員") && sentence.contains("このカードを")
                    : sentence.contains("staff at the donation site") && sentence.contains("show this card"),
                    sentence);
        }
    }

    @Test
    void aWithdrawnConsentsCardSaysSoInEachLanguage() throws Exception {
        TakeHomeCard c = TakeHomeCard.of(Examples.session("complete-en"), null, LocalDate.parse("2026-12-01"),
                Examples.CLINIC_CLOCK);
        String text = text(new TakeHomeCardRenderer("test").render(c));
        assertTrue(text.contains("Consentwithdrawnon1December2026") && text.contains("2026年12月1日に同意を撤回"),
                text);
    }

    @Test
    void aNameOnlyAFallbackFontHasIsPrintedWholeOnTheCard() throws Exception {
        var json = FontCoverageTest.withPatient("complete-en", "\uD842\uDFB7田 Nguyễn Hương");
        TakeHomeCard c = TakeHomeCard.of(Examples.session(json), null, null, Examples.CLINIC_CLOCK);
        String text = text(new TakeHomeCardRenderer("test").render(c));
        assertTrue(text.contains("\uD842\uDFB7田NguyễnHương"), text);
    }
}
