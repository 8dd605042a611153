package org.exoconsent.pdf;

import java.nio.file.Path;

/**
 * Where a data directory keeps its signing keys, as the data directory's layout names them
 * ({@code records.DataDirectory#keyFiles()}): {@link SigningKeys} opens and writes these paths and knows no name of
 * its own, since {@code pdf} sits below {@code records} (docs/ARCHITECTURE.md).
 *
 * @param folder             the keys' folder
 * @param selfSigned         the data directory's self-signed key (PKCS#12)
 * @param selfSignedPassword the file holding its password
 * @param imported           the clinic's imported key (PKCS#12)
 * @param importedPassword   the file holding its password
 * @param replacedInfix      added, with the time in milliseconds, to an imported key's files when another replaces it
 */
public record KeyFiles(Path folder, Path selfSigned, Path selfSignedPassword, Path imported, Path importedPassword,
                       String replacedInfix) {
    /** The name an imported key's file gets when another key replaces it at {@code epochMilli}. */
    public Path replacedImported(long epochMilli) {
        return folder.resolve(imported.getFileName() + replacedInfix + epochMilli);
    }

    /** The name its password file gets then. */
    public Path replacedImportedPassword(long epochMilli) {
        return folder.resolve(importedPassword.getFileName() + replacedInfix + epochMilli);
    }

    /** The file names of imported keys replaced so far start with this. */
    public String replacedImportedPrefix() {
        return imported.getFileName() + replacedInfix;
    }
}
