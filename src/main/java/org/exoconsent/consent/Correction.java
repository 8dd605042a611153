package org.exoconsent.consent;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;

/**
 * A correction of a patient's detail the clinic mistyped (a wrong telephone number, a misspelt name): its own signed
 * document that refers to the consent, as a withdrawal does; the consent's signed PDF and its index row stay as they
 * were (issue 13 §1).
 *
 * @param id               the correction's document id ({@code <consent id>-correction-<n>})
 * @param original         the consent as it was recorded (its snapshot)
 * @param originalPdfSha256 SHA-256 of the consent's signed PDF, printed and embedded so the two documents stay tied
 * @param field            the corrected field
 * @param before           the value corrected: the consent's, or the previous correction's of the same field (may be
 *                         null for an optional field left empty)
 * @param after            the corrected value
 * @param reason           why, as the staff member recorded it
 * @param receivedBy       the staff member who received the correction
 * @param recordedAt       when it was recorded, in the clinic's zone
 */
public record Correction(String id, ConsentSession original, String originalPdfSha256, Field field, String before,
                         String after, String reason, String receivedBy, OffsetDateTime recordedAt) {

    /**
     * The fields a correction may change: the patient's contact and identity details as the clinic typed them. What
     * the patient consented to (the treatment, product, lot, physician, template) is not a typing error of the
     * patient's details: a wrong one needs a withdrawal and a new consent. The patient number and the date of birth
     * identify the patient across records and are not corrected this way either.
     */
    public enum Field {
        /** The patient's name as printed on the consent. */
        NAME("patient.name", "patient_name", 100, true),
        /** The reading of the name (furigana). */
        KANA("patient.kana", "patient_kana", 100, false),
        /** The patient's telephone number. */
        PHONE("patient.phone", "patient_phone", 40, false),
        /** The patient's address (one line). */
        ADDRESS("patient.address", "patient_address", 300, false);

        private final String key;
        private final String column;
        private final int maxCharacters;
        private final boolean required;

        Field(String key, String column, int maxCharacters, boolean required) {
            this.key = key;
            this.column = column;
            this.maxCharacters = maxCharacters;
            this.required = required;
        }

        /** The name used on the command line, in the embedded facts and in the index: {@code patient.phone}. */
        public String key() {
            return key;
        }

        /** The consent's column in the index ({@code record}) this field corrects. */
        public String column() {
            return column;
        }

        /** The longest value accepted, in characters (code points). */
        public int maxCharacters() {
            return maxCharacters;
        }

        /** The field as named by {@link #key()}, or empty for any other name. */
        public static Optional<Field> of(String key) {
            return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
        }

        /** The names accepted, for messages: "patient.name, patient.kana, …". */
        public static String keys() {
            return String.join(", ", Arrays.stream(values()).map(Field::key).toList());
        }

        /**
         * What is wrong with a corrected value, first problem only: missing, too long, or a character the wizard
         * refuses in a one-line field ({@link TextRules#singleLine}). Whether every character can be printed is
         * checked where the document is drawn ({@code PrintableText.fieldProblem}).
         *
         * @return the message naming the field, or empty when the value is acceptable
         */
        public Optional<String> valueProblem(String value) {
            if (value == null || value.isBlank()) {
                return Optional.of(key + ": missing (give the corrected value)");
            }
            int length = value.strip().codePointCount(0, value.strip().length());
            if (length > maxCharacters) {
                return Optional.of(key + ": " + length + " characters; at most " + maxCharacters);
            }
            return TextRules.singleLine(key, value);
        }

        /** Whether the consent must hold a value for this field (only the name). */
        public boolean required() {
            return required;
        }
    }
}
