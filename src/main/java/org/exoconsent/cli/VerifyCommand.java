package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.exoconsent.pdf.SignatureReport;
import org.exoconsent.pdf.SignatureVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a signed consent PDF: signer, signing time and integrity. Exit 0 when intact, 1 when "
                + "any byte was changed or the signature is missing.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Parameters(paramLabel = "FILE", description = "The PDF to verify.")
    Path file;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            root.err.println(file + ": no such file");
            return ExitCodes.ENVIRONMENT;
        } catch (IOException e) {
            root.err.println(file + ": cannot be read: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        SignatureReport r = SignatureVerifier.verify(bytes);
        root.out.println(file + ": " + (r.intact() ? "INTACT" : "NOT INTACT"));
        if (r.signer() != null) {
            root.out.println("  signer:      " + r.signer());
            root.out.println("  certificate: SHA-256 " + r.fingerprint()
                    + (r.selfSigned() ? " (self-signed: no certification authority vouches for the signer)" : ""));
        }
        if (r.signedAt() != null) {
            root.out.println("  signed at:   " + DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    .format(r.signedAt().atZone(ZoneId.of("Asia/Tokyo"))));
        }
        if (r.intact()) {
            root.out.println("  integrity:   the signature is valid and covers the whole file");
            return ExitCodes.OK;
        }
        r.problems().forEach(p -> root.out.println("  problem:     " + p));
        return ExitCodes.NOT_INTACT;
    }
}
