package org.exoconsent.bench;

import java.util.Arrays;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.pdf.ConsentDocuments;
import org.exoconsent.pdf.ConsentPdfRenderer;
import org.exoconsent.pdf.PdfSigner;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.testing.Examples;

/**
 * Warm benchmark of check + render + sign for the two complete examples (not a test: run by bench/render.sh).
 * Prints the median and 90th percentile of each phase after a warm-up, and the file size.
 */
public final class RenderBenchmark {
    private static final int WARM_UP = 60;
    private static final int RUNS = 200;

    private RenderBenchmark() {
    }

    interface Work {
        byte[] run() throws Exception;
    }

    private static double[] measure(Work w) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            w.run();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            w.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[RUNS / 2], ms[RUNS * 9 / 10]};
    }

    public static void main(String[] args) throws Exception {
        ConsentTemplate t = Examples.template();
        SigningKey key = Examples.key();
        org.exoconsent.consent.ClinicClock clock = Examples.CLINIC_CLOCK;
        ConsentDocuments docs = new ConsentDocuments("bench", clock);
        ConsentPdfRenderer renderer = new ConsentPdfRenderer("bench", clock);
        System.out.printf("%-14s %-22s %10s %10s %10s%n", "example", "phase", "median ms", "p90 ms", "bytes");
        for (String name : new String[] {"complete-ja", "complete-en"}) {
            ConsentSession s = Examples.session(name);
            byte[] unsigned = renderer.render(s, t);
            byte[] signed = docs.renderAndSign(s, t, key, name);
            double[] check = measure(() -> {
                CompletenessCheck.require(s, t, clock, name);
                return null;
            });
            double[] layout = measure(() -> renderer.render(s, t));
            double[] sign = measure(() -> PdfSigner.sign(unsigned, key, clock.now(), "r", "l"));
            double[] all = measure(() -> docs.renderAndSign(s, t, key, name));
            System.out.printf("%-14s %-22s %10.1f %10.1f%n", name, "completeness check", check[0], check[1]);
            System.out.printf("%-14s %-22s %10.1f %10.1f %10d%n", name, "layout", layout[0], layout[1],
                    unsigned.length);
            System.out.printf("%-14s %-22s %10.1f %10.1f%n", name, "sign", sign[0], sign[1]);
            System.out.printf("%-14s %-22s %10.1f %10.1f %10d%n", name, "check+render+sign", all[0], all[1],
                    signed.length);
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap in use after the runs: %.1f MB (max %.0f MB)%n",
                (rt.totalMemory() - rt.freeMemory()) / 1e6, rt.maxMemory() / 1e6);
    }
}
