package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every screen text exists in both languages, and every key the code uses exists. */
class LocalizationTest {

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = LocalizationTest.class.getResourceAsStream(resource)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void japaneseAndEnglishHaveTheSameKeys() throws IOException {
        for (String bundle : new String[] {"/org/exoconsent/ui/messages", "/org/exoconsent/pdf/labels",
            "/org/exoconsent/consent/words", "/org/exoconsent/pdf/card"}) {
            Set<String> en = new TreeSet<>(load(bundle + ".properties").stringPropertyNames());
            Set<String> ja = new TreeSet<>(load(bundle + "_ja.properties").stringPropertyNames());
            assertEquals(en, ja, bundle + ": keys differ");
            for (String key : ja) {
                assertTrue(!load(bundle + "_ja.properties").getProperty(key).isBlank(), bundle + " " + key);
            }
        }
    }

    /**
     * The records screen's verification counts the records, the withdrawals and the corrections apart, as records
     * verify, an export and a restore do (README trials of issue 17: a store of 3 records and 1 correction said "3
     * records checked", and a withdrawal was counted as a record), in both languages.
     */
    @Test
    void theVerificationSaysTheRecordsWithdrawalsAndCorrectionsItChecked() throws IOException {
        Properties en = load("/org/exoconsent/ui/messages.properties");
        Properties ja = load("/org/exoconsent/ui/messages_ja.properties");
        assertEquals("The 3 records and the audit log are intact.",
                java.text.MessageFormat.format(en.getProperty("records.allIntact"), 3L, 0L, 0L));
        assertEquals("The 3 records, 1 correction and the audit log are intact.",
                java.text.MessageFormat.format(en.getProperty("records.allIntact"), 3L, 1L, 0L));
        assertEquals("The 2 records, 1 withdrawal, 2 corrections and the audit log are intact.",
                java.text.MessageFormat.format(en.getProperty("records.allIntact"), 2L, 2L, 1L));
        assertEquals("3 件の記録、訂正 2 件と監査ログに問題はありません。",
                java.text.MessageFormat.format(ja.getProperty("records.allIntact"), 3L, 2L, 0L));
        assertEquals("2 件の記録、撤回 1 件と監査ログに問題はありません。",
                java.text.MessageFormat.format(ja.getProperty("records.allIntact"), 2L, 0L, 1L));
        assertEquals("The 1 record and the audit log are intact.",
                java.text.MessageFormat.format(en.getProperty("records.allIntact"), 1L, 0L, 0L));
        assertTrue(java.text.MessageFormat.format(en.getProperty("admin.restored"), 1L, "/clinic", 1L, 0L)
                .startsWith("Restored and checked: 1 record, 1 withdrawal in /clinic."));
        assertTrue(java.text.MessageFormat.format(ja.getProperty("admin.restored"), 5L, "/clinic", 1L, 1L)
                .startsWith("確認して戻しました：/clinic に 5 件の記録、撤回 1 件、訂正 1 件があります。"));
        assertTrue(java.text.MessageFormat.format(en.getProperty("records.problems"), 3L, 1L, 0, 2L, 1L)
                .startsWith("3 records, 1 withdrawal, 2 corrections checked: 1 problem (0 not cross-checkable)"));
        assertTrue(java.text.MessageFormat.format(ja.getProperty("records.notCrossCheckable"), 6L, 6, 1L, 0L)
                .startsWith("記録 6 件、訂正 1 件を検証しました：問題はありません。"));
    }

    @Test
    void everyMessageKeyTheWizardReturnsExists() throws IOException {
        Set<String> keys = load("/org/exoconsent/ui/messages.properties").stringPropertyNames();
        Pattern used = Pattern.compile(
                "\"((?:start|sign|explanation|checkQuestions|handover|unlock|review|copy|card)\\.[A-Za-z.]+)\"");
        Set<String> missing = new HashSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/exoconsent/ui"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = used.matcher(Files.readString(f));
                while (m.find()) {
                    if (!keys.contains(m.group(1))) {
                        missing.add(m.group(1) + " (" + f.getFileName() + ")");
                    }
                }
            }
        }
        assertEquals(Set.of(), missing);
    }
}
