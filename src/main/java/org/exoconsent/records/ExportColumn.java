package org.exoconsent.records;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The columns of the records' CSV and Excel exports, in order: each with its key (the CSV's header for other tools,
 * the {@link RecordRow} property), its heading in Japanese and English, what kind of cell it is in the Excel file,
 * and its width there (in characters). The first 26 are {@link RecordRow}'s; {@code priceYen} (the price the patient
 * was told, in yen, from the signed session), {@code kind} (consent or informed refusal, issue 16 §5), and a withdrawn
 * consent's {@code withdrawnBy} (the withdrawal document's id) and {@code withdrawalDate} (the day the patient
 * withdrew, as the withdrawal states it; README trial of issue 17: the export said "withdrawn" but not when or by
 * which document) come last so that a tool reading the CSV by position still finds the earlier columns where they
 * were.
 */
enum ExportColumn {
    ID("id", "文書番号", "Document", Kind.TEXT, 38, r -> r.row().id()),
    STATUS("status", "状態", "Status", Kind.TEXT, 10, r -> r.row().status()),
    CONSULTATION_AT("consultationAt", "説明日時", "Consultation", Kind.DATE_TIME, 19, r -> r.row().consultationAt()),
    RECORDED_AT("recordedAt", "記録日時", "Recorded", Kind.DATE_TIME, 19, r -> r.row().recordedAt()),
    PATIENT_NUMBER("patientNumber", "患者番号", "Patient no.", Kind.TEXT, 12, r -> r.row().patientNumber()),
    PATIENT_NAME("patientName", "患者氏名", "Patient", Kind.TEXT, 18, r -> r.row().patientName()),
    PATIENT_KANA("patientKana", "ふりがな", "Reading", Kind.TEXT, 18, r -> r.row().patientKana()),
    PATIENT_BIRTH("patientBirth", "生年月日", "Date of birth", Kind.DATE, 12, r -> r.row().patientBirth()),
    PATIENT_PHONE("patientPhone", "電話", "Telephone", Kind.TEXT, 17, r -> r.row().patientPhone()),
    PATIENT_ADDRESS("patientAddress", "住所", "Address", Kind.TEXT, 32, r -> r.row().patientAddress()),
    REPRESENTATIVE("representative", "法定代理人", "Legal representative", Kind.TEXT, 18,
            r -> r.row().representative()),
    PHYSICIAN_NAME("physicianName", "医師", "Physician", Kind.TEXT, 16, r -> r.row().physicianName()),
    PHYSICIAN_LICENCE("physicianLicence", "医籍番号", "Licence", Kind.TEXT, 14, r -> r.row().physicianLicence()),
    INDICATION("indication", "目的", "Purpose", Kind.TEXT, 18, r -> r.row().indication()),
    ROUTE("route", "投与方法", "Route", Kind.TEXT, 10, r -> r.row().route()),
    PLANNED_DATE("plannedDate", "予定日", "Planned date", Kind.DATE, 12, r -> r.row().plannedDate()),
    PRODUCT_NAME("productName", "製品", "Product", Kind.TEXT, 28, r -> r.row().productName()),
    LOT_NUMBER("lotNumber", "ロット", "Lot", Kind.TEXT, 16, r -> r.row().lotNumber()),
    LOT_EXPIRY("lotExpiry", "ロット有効期限", "Lot expiry", Kind.DATE, 12, r -> r.row().lotExpiry()),
    TEMPLATE_ID("templateId", "説明書", "Template", Kind.TEXT, 18, r -> r.row().templateId()),
    TEMPLATE_VERSION("templateVersion", "版", "Template version", Kind.TEXT, 10, r -> r.row().templateVersion()),
    LANGUAGE("language", "言語", "Language", Kind.TEXT, 8, r -> r.row().language()),
    PDF_PATH("pdfPath", "PDF", "PDF", Kind.TEXT, 24, r -> r.row().pdfPath()),
    PDF_SHA256("pdfSha256", "PDF の SHA-256", "PDF SHA-256", Kind.TEXT, 66, r -> r.row().pdfSha256()),
    PDF_SIZE("pdfSize", "PDF のバイト数", "PDF bytes", Kind.NUMBER, 12, r -> r.row().pdfSize()),
    CORRECTED_BY("correctedBy", "訂正文書", "Corrected by", Kind.TEXT, 28, r -> r.row().correctedBy()),
    PRICE_YEN("priceYen", "料金（円）", "Price (yen)", Kind.NUMBER, 12, Line::priceYen),
    /** The document's kind (issue 16 §5): a consent or an informed refusal; last, so earlier positions stay. */
    KIND("kind", "文書の種類", "Document kind", Kind.TEXT, 22, r -> r.row().kind()),
    /** A withdrawn consent's withdrawal document (its id); empty for any other record. */
    WITHDRAWN_BY("withdrawnBy", "撤回文書", "Withdrawn by", Kind.TEXT, 38,
            r -> r.withdrawal() == null ? null : r.withdrawal().id()),
    /** The day the patient withdrew (ISO, as the signed withdrawal states it); empty for any other record. */
    WITHDRAWAL_DATE("withdrawalDate", "撤回日", "Withdrawal date", Kind.DATE, 12,
            r -> r.withdrawal() == null ? null : r.withdrawal().date());

    /** What a cell is in the Excel file. */
    enum Kind {
        /** A text cell, whatever it looks like (0012345, +81-90-…, =HYPERLINK(…) stay as written). */
        TEXT,
        /** A day (ISO {@code 2026-11-20}), as a date cell formatted yyyy-mm-dd. */
        DATE,
        /** A time in the clinic's zone (ISO with its offset), as a date cell formatted yyyy-mm-dd hh:mm:ss. */
        DATE_TIME,
        /** A number. */
        NUMBER
    }

    /**
     * One exported record: its row, the price from its signed session (null when the session states none), and its
     * withdrawal (null unless the consent was withdrawn).
     */
    record Line(RecordRow row, Long priceYen, Withdrawn withdrawal) {
    }

    /**
     * A consent's withdrawal as an export shows it.
     *
     * @param id   the withdrawal document's id
     * @param date the day the patient withdrew, ISO {@code 2026-11-21}; null when its index row does not say (a row
     *             an earlier release wrote without its facts)
     */
    record Withdrawn(String id, String date) {
    }

    final String key;
    private final String ja;
    private final String en;
    final Kind kind;
    final int width;
    private final Function<Line, Object> value;

    ExportColumn(String key, String ja, String en, Kind kind, int width, Function<Line, Object> value) {
        this.key = key;
        this.ja = ja;
        this.en = en;
        this.kind = kind;
        this.width = width;
        this.value = value;
    }

    /**
     * The column's heading: its key for {@link ExportHeaders#KEYS}, else its name in Japanese or English; a time's
     * heading names the clinic's zone ({@code 説明日時 (Asia/Tokyo)}), since a spreadsheet's date cell has none.
     */
    String heading(ExportHeaders headers, java.time.ZoneId zone) {
        String h = switch (headers) {
            case KEYS -> key;
            case JA -> ja;
            case EN -> en;
        };
        return kind == Kind.DATE_TIME && headers != ExportHeaders.KEYS ? h + " (" + zone.getId() + ")" : h;
    }

    /** The value as the row holds it: a String, a Long, or null. */
    Object raw(Line line) {
        return value.apply(line);
    }

    /**
     * The value as an Excel cell takes it: a {@link LocalDate} for a day, a {@link LocalDateTime} (the clinic's wall
     * clock; the offset is the zone the heading names) for a time, a Number, else the text itself. A day or time that
     * does not parse (an earlier release's free text) stays text, never lost.
     */
    Object typed(Line line) {
        Object v = raw(line);
        if (!(v instanceof String s) || s.isEmpty()) {
            return v;
        }
        try {
            return switch (kind) {
                case DATE -> LocalDate.parse(s);
                case DATE_TIME -> OffsetDateTime.parse(s).toLocalDateTime();
                default -> s;
            };
        } catch (DateTimeParseException e) {
            return s;
        }
    }
}
