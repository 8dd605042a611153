package org.exoconsent.pdf;

/** Opens package-private helpers of the pdf package to tests in other packages. */
public final class TestAccess {
    private TestAccess() {
    }

    public static byte[] createKeystore(String clinic, char[] password) throws KeyException {
        return SigningKeys.createKeystore(clinic, password, java.time.Instant.parse("2026-01-01T00:00:00Z"));
    }
}
