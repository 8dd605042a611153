package org.exoconsent.pdf;

import java.time.Instant;
import java.util.List;

/**
 * What {@link SignatureVerifier} found in a PDF.
 *
 * @param signed          a digital signature is present
 * @param intact          the signature is mathematically valid and covers every byte of the file
 * @param signer          the signer's certificate subject, or null
 * @param fingerprint     SHA-256 fingerprint of the signer's certificate, or null
 * @param selfSigned      the signer's certificate is self-signed (no certification authority vouches for it)
 * @param signedAt        the signing time in the signature, or null
 * @param problems        what is wrong, in plain words; empty when intact
 */
public record SignatureReport(boolean signed, boolean intact, String signer, String fingerprint, boolean selfSigned,
                              Instant signedAt, List<String> problems) {
    public SignatureReport {
        problems = List.copyOf(problems);
    }
}
