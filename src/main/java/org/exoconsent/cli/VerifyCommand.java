package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
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
        description = "Check a signed consent PDF: signer (certificate subject and SHA-256 fingerprint), signing "
                + "time (in the clinic's time zone, from the store's settings) and integrity; with "
                + "--expect-fingerprint, a data directory given with --data-dir or $EXOCONSENT_HOME, or a PostgreSQL "
                + "store, also whether "
                + "the signer is one of the clinic's registered keys. Exit 0 when intact (and the clinic's), 1 when "
                + "any byte was changed, the signature is missing, or the key is not the one expected.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Parameters(paramLabel = "FILE", description = "The PDF to verify.")
    Path file;

    @picocli.CommandLine.Option(names = "--expect-fingerprint", paramLabel = "HEX",
            description = "The SHA-256 fingerprint of the clinic's certificate (as printed by keys show or on paper; "
                    + "colons optional): exit 1 if the document was signed with any other.")
    String expectFingerprint;

    /**
     * Whether the signer is the key expected: the fingerprint given, and the data directory's registered keys when
     * one was named ({@code --data-dir} or {@code EXOCONSENT_HOME}). Adds one line for each check to {@code lines},
     * printed after the headline, which says first whether the document is accepted.
     *
     * @param expected the fingerprint given with {@code --expect-fingerprint}, normalised; null when none was
     * @return false when either check fails
     */
    private boolean clinicsKey(org.exoconsent.pdf.SignatureReport r, String expected, List<String> lines)
            throws StoreException {
        boolean ok = true;
        if (expected != null) {
            if (expected.equals(r.fingerprint())) {
                lines.add("  key:         the certificate is the one expected (" + expected + ")");
            } else {
                // a mistyped fingerprint is the likelier cause when the signer is registered (README trial of
                // issue 17: "this is not the clinic's key" above "one of the clinic's registered signing keys")
                lines.add("  problem:     signed with certificate " + r.fingerprint() + ", not the one "
                        + "expected (" + expected + "): check the fingerprint you gave against the one you keep; if "
                        + "it is right, this is not the key you expected");
                ok = false;
            }
        }
        boolean shared = root.localDataDir() == null; // a PostgreSQL store is always named on purpose
        boolean named = shared || root.dataDirOption != null || root.env.get(DataDir.ENV) != null
                && !root.env.get(DataDir.ENV).isBlank();
        if (!named && expected == null) { // said, not left out (README trial of issue 17)
            lines.add("  key:         not checked: whose key signed is not known without the clinic's "
                    + "registered keys (--data-dir DIR) or the fingerprint you keep (--expect-fingerprint HEX)");
        }
        if (named) {
            String where;
            org.exoconsent.records.KeyRegistry.Lookup l;
            if (shared) { // read without signing in: fingerprints and periods are not confidential (issue 17)
                RecordStore.Source source = root.postgresSource();
                where = source.place();
                try (org.exoconsent.records.Stores stores = source.stores()) {
                    l = org.exoconsent.records.KeyRegistry.lookup(stores, where, r.fingerprint());
                }
            } else {
                DataDirectory dir = new DataDirectory(root.localDataDir());
                where = dir.root().toString();
                l = org.exoconsent.records.KeyRegistry.lookup(dir, r.fingerprint());
            }
            if (!l.registry()) {
                lines.add("  problem:     " + where + " has no registered signing keys (not an ExoConsent "
                        + "data directory, or not opened by this release yet): the signer cannot be checked");
                ok = false;
            } else if (l.key() == null) {
                lines.add("  problem:     the certificate " + r.fingerprint() + " is not one of the clinic's "
                        + "registered signing keys (" + where + "): this is not the clinic's key");
                ok = false;
            } else {
                ClinicClock clock = ClinicClock.of(root.clock, clinicZone());
                lines.add("  key:         one of the clinic's registered signing keys: '" + l.key().label()
                        + "', signs " + l.key().period(clock));
                String outside = org.exoconsent.records.KeyRegistry.outsidePeriod(l.key(), r, clock);
                if (outside != null) {
                    lines.add("  problem:     " + outside);
                    ok = false;
                }
            }
        }
        return ok;
    }

    /**
     * The clinic's time zone, from the data directory's settings (no sign-in: the zone is not confidential); the
     * default when there is no data directory. When the settings cannot be read, says so and uses the default.
     */
    private ZoneId clinicZone() {
        try {
            Path local = root.localDataDir();
            if (local == null) {
                return RecordStore.clinicZone(root.postgresSource());
            }
            return RecordStore.clinicZone(new DataDirectory(local));
        } catch (StoreException e) {
            root.err.println("Notice: " + e.getMessage() + "; the time is shown in " + ClinicClock.DEFAULT_ZONE);
            return ClinicClock.DEFAULT_ZONE;
        }
    }

    @Override
    public Integer call() {
        String expected = null;
        if (expectFingerprint != null) { // checked before the document is read (README trial: INTACT came first)
            try {
                expected = org.exoconsent.records.KeyRegistry.normalise(expectFingerprint);
            } catch (IllegalArgumentException e) {
                root.err.println("--expect-fingerprint: " + e.getMessage() + "; the document was not checked");
                return ExitCodes.USAGE;
            }
        }
        byte[] bytes;
        try {
            bytes = org.exoconsent.limits.InputLimits.read(file, org.exoconsent.limits.InputLimits.MAX_DOCUMENT_BYTES,
                    "a signed consent document", true);
        } catch (NoSuchFileException e) {
            root.err.println(file + ": no such file");
            return ExitCodes.ENVIRONMENT;
        } catch (org.exoconsent.limits.InputLimits.TooLarge e) {
            root.err.println(e.getMessage() + "; it was not read");
            return ExitCodes.INVALID_INPUT;
        } catch (IOException e) {
            root.err.println(file + ": cannot be read: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        SignatureReport r = SignatureVerifier.verify(bytes);
        // the key is checked before the headline, which says first whether the document is accepted (re-trial of
        // issue 17: "INTACT" headed a report that exited 1 for the key)
        List<String> keyLines = new java.util.ArrayList<>();
        boolean keyOk;
        try {
            keyOk = !r.intact() || clinicsKey(r, expected, keyLines);
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        root.out.println(file + ": " + (!r.intact() ? "NOT INTACT" : keyOk ? "INTACT"
                : "NOT ACCEPTED: the signature is intact, but not by the key expected (the problem is below)"));
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
            keyLines.forEach(root.out::println);
            return keyOk ? ExitCodes.OK : ExitCodes.NOT_INTACT;
        }
        r.problems().forEach(p -> root.out.println("  problem:     " + p));
        return ExitCodes.NOT_INTACT;
    }
}
