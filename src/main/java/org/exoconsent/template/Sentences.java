package org.exoconsent.template;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a template's text into sentences and measures them, as the plain-language rules of format 2 do (see
 * docs/TEMPLATES.md). Works on template text, placeholders still in: {@code {{name}}} counts as
 * {@link Vocabulary#JA_PLACEHOLDER_CHARACTERS} characters in Japanese and {@link Vocabulary#EN_PLACEHOLDER_WORDS}
 * words in English, except the {@link Vocabulary#UNCOUNTED_PLACEHOLDERS}, which count for nothing.
 *
 * <ul>
 * <li>Japanese ({@code ja}): a sentence ends after 。, ！ or ？ (or their half-width forms) outside brackets — a 。
 * inside （…）「…」『…』 does not end the sentence around it; closing brackets 」）』 right after it stay with the
 * sentence. Length: code points after NFC, invisible format characters not counted.</li>
 * <li>Any other language (English rules): a sentence ends at {@code .}, {@code ?} or {@code !} (with any closing
 * quote or bracket right after it) followed by white space (any Unicode space) and a word that does not begin in
 * lower case, or by the end of the text; not after a common abbreviation (e.g., i.e., U.S., vs., Dr., et al.,
 * approx., No. before a number) and never inside a number (0.0002). Length: words separated by any space or dash
 * (— –), after {@link #normalised}.</li>
 * </ul>
 */
public final class Sentences {
    private static final String JA_ENDS = "。！？!?．";
    private static final String JA_CLOSERS = "」）』)";
    private static final String JA_OPEN = "（「『(";
    private static final String EN_ENDS = ".?!";
    private static final String EN_CLOSERS = "\"')]”’";
    /** Lower-case words ending in a full stop that do not end a sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "e.g.", "i.e.", "u.s.", "u.k.", "vs.", "dr.", "mr.", "mrs.", "ms.", "prof.", "al.", "approx.", "fig.",
            "cf.", "st.", "jr.", "a.m.", "p.m.", "ca.", "vol.");

    private Sentences() {
    }

    /**
     * The sentences of {@code text} in {@code language} ("ja" splits the Japanese way, any other code the English
     * way), each stripped of surrounding white space; empty pieces are left out. Never null.
     */
    public static List<String> split(String language, String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        boolean ja = "ja".equals(language);
        int start = 0;
        int n = text.length();
        int i = 0;
        int depth = 0; // Japanese: inside brackets a 。 does not end the sentence around them
        boolean quoted = false; // the outermost bracket opened where a sentence begins: 「はい。」 is a sentence
        while (i < n) {
            char c = text.charAt(i);
            int end = -1;
            if (ja && JA_OPEN.indexOf(c) >= 0) {
                if (depth == 0) {
                    quoted = text.substring(start, i).isBlank();
                }
                depth++;
            } else if (ja && depth > 0 && JA_CLOSERS.indexOf(c) >= 0) {
                depth--;
                if (depth == 0 && quoted && JA_ENDS.indexOf(text.charAt(i - 1)) >= 0) {
                    // a quoted sentence: 「はい、分かりました。」 ends with its closing bracket
                    int j = i + 1;
                    while (j < n && (JA_ENDS.indexOf(text.charAt(j)) >= 0
                            || JA_CLOSERS.indexOf(text.charAt(j)) >= 0)) {
                        j++;
                    }
                    end = j;
                }
            } else if (ja && depth == 0 && JA_ENDS.indexOf(c) >= 0) {
                int j = i + 1;
                while (j < n && (JA_ENDS.indexOf(text.charAt(j)) >= 0 || JA_CLOSERS.indexOf(text.charAt(j)) >= 0)) {
                    j++;
                }
                end = j;
            } else if (!ja && EN_ENDS.indexOf(c) >= 0) {
                int j = i + 1;
                while (j < n && (EN_ENDS.indexOf(text.charAt(j)) >= 0 || EN_CLOSERS.indexOf(text.charAt(j)) >= 0)) {
                    j++;
                }
                boolean boundary = j == n || space(text.charAt(j)) && startsSentence(text, j);
                if (boundary && !(c == '.' && abbreviation(text, start, i, j))) {
                    end = j;
                }
            }
            if (end > 0) {
                add(out, text.substring(start, end));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        add(out, text.substring(start));
        return out;
    }

    /** White space, including no-break and other Unicode spaces, which {@link Character#isWhitespace} misses. */
    private static boolean space(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Whether what follows the spaces at {@code from} can begin an English sentence: a capital letter, a digit, a
     * quote or bracket, a placeholder, or the end ("etc. and …" goes on).
     */
    private static boolean startsSentence(String text, int from) {
        int k = from;
        while (k < text.length() && space(text.charAt(k))) {
            k++;
        }
        if (k == text.length()) {
            return true;
        }
        char c = text.charAt(k);
        return !Character.isLowerCase(c);
    }

    /**
     * The form in which length and hedges are measured: NFKC (full-width letters and digits become ordinary ones),
     * invisible format characters (zero-width space, soft hyphen) removed, every kind of space made a plain one.
     */
    public static String normalised(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("\\p{Cf}", "");
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(space(c) ? ' ' : c);
        }
        return out.toString();
    }

    /** Whether the full stop at {@code dot} ends an abbreviation rather than a sentence. */
    private static boolean abbreviation(String text, int from, int dot, int after) {
        int b = dot;
        while (b > from && !Character.isWhitespace(text.charAt(b - 1)) && text.charAt(b - 1) != '(') {
            b--;
        }
        String word = text.substring(b, dot + 1).toLowerCase(Locale.ROOT);
        if (ABBREVIATIONS.contains(word)) {
            return true;
        }
        if (word.equals("no.")) { // "No. 51", but "The answer is no." ends a sentence
            int k = after;
            while (k < text.length() && Character.isWhitespace(text.charAt(k))) {
                k++;
            }
            return k < text.length() && Character.isDigit(text.charAt(k));
        }
        return false;
    }

    private static void add(List<String> out, String piece) {
        String s = piece.strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /**
     * The length of one sentence: characters (code points after NFC) for "ja", words for any other language;
     * placeholders count as described in the class comment.
     */
    public static int length(String language, String sentence) {
        boolean ja = "ja".equals(language);
        Matcher m = Validator.PLACEHOLDER.matcher(sentence);
        StringBuilder s = new StringBuilder();
        int weight = 0;
        int end = 0;
        while (m.find()) {
            s.append(sentence, end, m.start());
            end = m.end();
            if (!Vocabulary.UNCOUNTED_PLACEHOLDERS.contains(m.group(1))) {
                if (ja) {
                    weight += Vocabulary.JA_PLACEHOLDER_CHARACTERS;
                } else {
                    s.append("{}"); // joins the word it touches, e.g. "({{x}}"
                    weight += Vocabulary.EN_PLACEHOLDER_WORDS - 1;
                }
            }
        }
        s.append(sentence.substring(end));
        String rest = s.toString().strip();
        if (ja) {
            String nfc = Normalizer.normalize(rest, Normalizer.Form.NFC).replaceAll("\\p{Cf}", "");
            return weight + nfc.codePointCount(0, nfc.length());
        }
        // words: separated by any space or by dashes ("one—two—three" is three words)
        String words = normalised(rest).strip();
        return weight + (words.isEmpty() ? 0 : words.split("[\\s\u2013\u2014]+").length);
    }

    /** The limit of {@link #length}: {@link Vocabulary#JA_SENTENCE_MAX_CHARACTERS} or ..._MAX_WORDS. */
    public static int limit(String language) {
        return "ja".equals(language) ? Vocabulary.JA_SENTENCE_MAX_CHARACTERS : Vocabulary.EN_SENTENCE_MAX_WORDS;
    }

    /** "characters" for Japanese, "words" otherwise: the unit of {@link #length}. */
    public static String unit(String language) {
        return "ja".equals(language) ? "characters" : "words";
    }

    /** The sentence's beginning for a message: 20 characters or 8 words, with … when cut. */
    public static String start(String language, String sentence) {
        if ("ja".equals(language)) {
            int cps = sentence.codePointCount(0, sentence.length());
            return cps <= 20 ? "「" + sentence + "」"
                    : "「" + sentence.substring(0, sentence.offsetByCodePoints(0, 20)) + "…」";
        }
        String[] words = sentence.strip().split("\\s+");
        if (words.length <= 8) {
            return "\"" + sentence + "\"";
        }
        return "\"" + String.join(" ", java.util.Arrays.copyOf(words, 8)) + " …\"";
    }

    private static final List<Pattern> EN_HEDGES = Vocabulary.HEDGES_EN.stream()
            .map(h -> Pattern.compile("(?<![\\p{L}\\p{N}])" + h.replace("(s)", "s?").replace(" ", "\\s+")
                    + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
            .toList();

    /**
     * The hedge expressions of {@link Vocabulary#HEDGES_JA} or {@link Vocabulary#HEDGES_EN} in one sentence (after
     * {@link #normalised}), in the order they appear, once per occurrence (so a hedge used twice is listed twice).
     */
    public static List<String> hedges(String language, String raw) {
        String sentence = normalised(raw);
        List<int[]> found = new ArrayList<>(); // position, index in the list
        if ("ja".equals(language)) {
            for (int h = 0; h < Vocabulary.HEDGES_JA.size(); h++) {
                String hedge = Vocabulary.HEDGES_JA.get(h);
                for (int at = sentence.indexOf(hedge); at >= 0; at = sentence.indexOf(hedge, at + hedge.length())) {
                    found.add(new int[] {at, h});
                }
            }
        } else {
            for (int h = 0; h < EN_HEDGES.size(); h++) {
                Matcher m = EN_HEDGES.get(h).matcher(sentence);
                while (m.find()) {
                    found.add(new int[] {m.start(), h});
                }
            }
        }
        found.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<String> list = "ja".equals(language) ? Vocabulary.HEDGES_JA : Vocabulary.HEDGES_EN;
        return found.stream().map(f -> list.get(f[1])).toList();
    }
}
