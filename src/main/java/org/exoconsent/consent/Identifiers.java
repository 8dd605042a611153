package org.exoconsent.consent;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one comparison of identifiers people type: lot numbers and patient numbers (issue 14 §5, "recall never misses
 * a patient"). Two spellings of one identifier have the same {@link #key}; the original as typed is kept for display
 * and in the signed record, and the key is what the index stores beside it ({@code record.lot_key},
 * {@code record.patient_key}, {@code lot.number_key}) and what every search, filter, recall and duplicate check
 * compares.
 *
 * <p>Why these steps: a Japanese input method in full-width mode types ＬＯＴ－２０２６－０７Ａ for LOT-2026-07A and
 * ０００１２３ for 000123; Unicode compatibility normalisation (NFKC, Unicode Standard Annex #15) folds full-width
 * and half-width forms, circled and other compatibility characters to their plain form. Case folding (upper, then
 * lower case, in the root locale, as Unicode's default caseless matching does for these scripts) makes
 * p-000123 and P-000123 one number. Leading and trailing white space (also the ideographic space) is removed. The
 * dash-like characters an input method gives for a hyphen (‐ ‑ ‒ – — ― − ー ｰ) become the ASCII hyphen-minus,
 * since NFKC leaves them as they are and a lot number never means them as letters.
 */
public final class Identifiers {
    private Identifiers() {
    }

    /**
     * The form an identifier is compared in: NFKC, dash-like characters as '-', case folded, trimmed.
     *
     * @param typed a lot number or patient number as typed, or null
     * @return its key, or null for null
     */
    public static String key(String typed) {
        if (typed == null) {
            return null;
        }
        String s = Normalizer.normalize(typed, Normalizer.Form.NFKC);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(isDash(c) ? '-' : c));
        s = b.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(s, Normalizer.Form.NFKC).strip();
    }

    /** Whether two identifiers are the same once compared by {@link #key} (false when either is null). */
    public static boolean same(String a, String b) {
        return a != null && b != null && key(a).equals(key(b));
    }

    private static boolean isDash(int c) {
        return c >= 0x2010 && c <= 0x2015 || c == 0x2212 || c == 0x30FC; // after NFKC: ｰ is ー, ﹘ is —
    }

    /**
     * The number of single-character edits — insertion, deletion, substitution, or swapping two neighbours — that
     * turn one key into the other (the optimal string alignment distance, Damerau's typing errors), counted in code
     * points: how far apart a typing slip puts two lot numbers.
     *
     * @param a a key (see {@link #key}), not null
     * @param b a key, not null
     * @return 0 for equal keys; at most the longer key's length
     */
    public static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length][y.length];
    }
}
