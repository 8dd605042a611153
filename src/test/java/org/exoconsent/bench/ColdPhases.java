package org.exoconsent.bench;

import java.nio.file.Path;
import java.time.Clock;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.ConsentPdfRenderer;
import org.exoconsent.pdf.Fonts;
import org.exoconsent.pdf.PdfSigner;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateLoader;

/**
 * Where the time of a cold render goes, phase by phase, in a fresh JVM. Diagnostic companion of the cold-process
 * benchmark in bench/render.sh: {@code java -cp ... org.exoconsent.bench.ColdPhases SESSION DATA_DIR}.
 */
public final class ColdPhases {
    private static long t0 = System.nanoTime();

    private static void lap(String what) {
        long now = System.nanoTime();
        System.out.printf("%-28s %6.0f ms%n", what, (now - t0) / 1e6);
        t0 = now;
    }

    public static void main(String[] args) throws Exception {
        lap("JVM to main");
        ConsentSession s = SessionJson.read(Path.of(args[0]));
        lap("read session");
        ConsentTemplate t = new TemplateLoader().load(Path.of("consent-templates/exosome-therapy"));
        lap("load + check template");
        org.exoconsent.consent.ClinicClock clock = org.exoconsent.consent.ClinicClock.of(Clock.systemUTC(),
                org.exoconsent.consent.ClinicClock.DEFAULT_ZONE);
        CompletenessCheck.require(s, t, clock, args[0]);
        lap("completeness check");
        Fonts.gothic();
        lap("font");
        byte[] pdf = new ConsentPdfRenderer("bench", clock).render(s, t);
        lap("layout");
        SigningKey key = SigningKeys.selfSigned(new org.exoconsent.records.DataDirectory(Path.of(args[1])).keyFiles(), "Bench", java.time.Instant.now()).key();
        lap("open key");
        PdfSigner.sign(pdf, key, clock.now(), "r", "l");
        lap("sign");
    }
}
