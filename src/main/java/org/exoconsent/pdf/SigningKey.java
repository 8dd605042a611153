package org.exoconsent.pdf;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** The clinic's signing key and its certificate chain (signer first). */
public record SigningKey(PrivateKey privateKey, List<X509Certificate> chain, boolean selfSigned) {
    public SigningKey {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs its certificate");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }
}
