package org.exoconsent.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.exoconsent.pdf.ConsentDocuments;
import org.exoconsent.testing.Examples;

/**
 * What the font fallback costs (not a test: run by bench/fonts.sh): for the Japanese example with patients whose
 * names need each fallback font, the signed PDF's size, the first render in this JVM (which reads the fallback
 * font from the jar) and the warm median of check + render + sign (two passes when a fallback is needed).
 */
public final class FontBenchmark {
    private FontBenchmark() {
    }

    private static ObjectNode named(String example, String name) {
        ObjectNode json = Examples.json(example);
        ((ObjectNode) json.get("patient")).put("name", name);
        for (var sig : (ArrayNode) json.get("signatures")) {
            if (sig.get("role").asText().equals("patient")) {
                ((ObjectNode) sig).put("name", name);
            }
        }
        return json;
    }

    public static void main(String[] args) throws Exception {
        ConsentDocuments docs = new ConsentDocuments("bench", Examples.CLINIC_CLOCK);
        List<String[]> cases = List.of(new String[] {"complete-ja", "佐藤 花子", "IPAex Gothic only"},
                new String[] {"complete-ja", "𠮷田 花子", "+ IPAmj Mincho"},
                new String[] {"complete-ja", "辻\uDB40\uDD00 花子", "variation sequence (IPAex)"},
                new String[] {"complete-en", "Nguyễn Thị Hương", "+ Noto Sans"},
                new String[] {"complete-en", "张伟 (김민준)", "+ Droid Sans Fallback"},
                new String[] {"complete-ja", "𠮷田 Nguyễn 张伟 김민준", "all four fonts"});
        System.out.println("| example | patient's name | fonts | signed PDF | first render in the JVM | warm median |");
        System.out.println("|---|---|---|---|---|---|");
        for (String[] c : cases) {
            var session = Examples.session(named(c[0], c[1]));
            long t0 = System.nanoTime();
            byte[] pdf = docs.renderAndSign(session, Examples.template(), Examples.key(), "bench");
            double first = (System.nanoTime() - t0) / 1e6;
            double[] ms = new double[40];
            for (int i = 0; i < 20; i++) {
                docs.renderAndSign(session, Examples.template(), Examples.key(), "bench");
            }
            for (int i = 0; i < ms.length; i++) {
                long s = System.nanoTime();
                docs.renderAndSign(session, Examples.template(), Examples.key(), "bench");
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("| %s | %s | %s | %,d bytes | %.0f ms | %.1f ms |%n", c[0], c[1], c[2], pdf.length,
                    first, ms[ms.length / 2]);
        }
        Runtime r = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap in use after the runs: %.1f MB%n", (r.totalMemory() - r.freeMemory()) / 1e6);
    }
}
