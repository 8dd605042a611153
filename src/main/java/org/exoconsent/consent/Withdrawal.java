package org.exoconsent.consent;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A withdrawal of consent (同意撤回): its own document that refers to the original consent, which stays untouched.
 *
 * @param id             the withdrawal's document id
 * @param original       the original consent as it was recorded (its snapshot)
 * @param originalPdfSha256 SHA-256 of the original signed PDF, printed so the two documents stay tied
 * @param date           the day the patient withdrew
 * @param reason         the reason as the patient gave it (may be "not given")
 * @param receivedBy     the staff member who received the withdrawal
 * @param recordedAt     when it was recorded
 * @param signaturePng   optional base64 PNG of the patient's (or representative's) signature
 */
public record Withdrawal(String id, ConsentSession original, String originalPdfSha256, LocalDate date, String reason,
                         String receivedBy, OffsetDateTime recordedAt, String signaturePng) {
}
