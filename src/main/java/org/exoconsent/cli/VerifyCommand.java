package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.pdf.SignatureReport;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a signed consent PDF: signer, signing time (in the clinic's time zone, from the data "
                + "directory's settings) and integrity. Exit 0 when intact, 1 when any byte was changed or the "
                + "signature is missing.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Parameters(paramLabel = "FILE", description = "The PDF to verify.")
    Path file;

    /**
     * The clinic's time zone, from the data directory's settings (no sign-in: the zone is not confidential); the
     * default when there is no data directory. When the settings cannot be read, says so and uses the default.
     */
    private ZoneId clinicZone() {
        try {
            return RecordStore.clinicZone(new DataDirectory(root.dataDir()));
        } catch (StoreException e) {
            root.err.println("Notice: " + e.getMessage() + "; the time is shown in " + ClinicClock.DEFAULT_ZONE);
            return ClinicClock.DEFAULT_ZONE;
        }
    }

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
            // in the clinic's time zone, printed as the consent's own pages print times
            root.out.println("  signed at:   " + ClinicClock.of(root.clock, clinicZone()).format(r.signedAt()));
        }
        if (r.intact()) {
            root.out.println("  integrity:   the signature is valid and covers the whole file");
            return ExitCodes.OK;
        }
        r.problems().forEach(p -> root.out.println("  problem:     " + p));
        return ExitCodes.NOT_INTACT;
    }
}
