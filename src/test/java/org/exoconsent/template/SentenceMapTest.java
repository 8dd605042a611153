package org.exoconsent.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The map from every sentence of the shipped consent template to the fact it rests on in
 * {@code ../shared/reference/FACTS.md}: the table under {@value #HEADING_START}… at the end of docs/TEMPLATES.md
 * (issue 10, section 3). The table's form is described above it in that file.
 */
class SentenceMapTest {
    static final Path DOC = Path.of("docs/TEMPLATES.md");
    static final Path FACTS = Path.of("../shared/reference/FACTS.md");
    static final String HEADING_START = "## Where each sentence of ";
    static final Pattern HEADING = Pattern.compile("^## Where each sentence of (\\S+) (\\S+) comes from$");
    static final Pattern FINGERPRINT = Pattern.compile("sentence fingerprint `([0-9a-f]{64})`");
    static final Set<String> MARKS = Set.of("V", "S", "S+", "U", "V/S", "—");
    static final Pattern LABEL = Pattern.compile("— \\([^()`|]+\\)");
    static final Pattern EXCERPT = Pattern.compile("`([^`]*)`");
    static final Pattern RANGE = Pattern.compile("(.+)\\.s(\\d+)-(\\d+)");
    static final Pattern ONE = Pattern.compile("(.+)\\.s(\\d+)");
    static final String NOT_IN_FACTS = "NOT IN FACTS";

    @TempDir
    Path tmp;

    /** One row of the table: its line in the file and its three cells. */
    record Row(int line, String sentences, String entry, String mark) {
        List<String> excerpts() {
            List<String> out = new ArrayList<>();
            Matcher m = EXCERPT.matcher(entry);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }

        /** The sentences cell without its backquotes: an id, a range {@code X.sA-B} or a whole text. */
        String named() {
            String s = sentences.strip();
            return s.length() > 1 && s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
        }

        @Override
        public String toString() {
            return "docs/TEMPLATES.md:" + line + " (" + named() + ")";
        }
    }

    /** The map's section: the template and version its heading names, its fingerprint line and its table. */
    record SentenceMap(String templateId, String version, String fingerprint, List<Row> rows) {
    }

    static SentenceMap read(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        int start = -1;
        Matcher heading = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(HEADING_START)) {
                heading = HEADING.matcher(lines.get(i));
                assertTrue(heading.matches(), doc + ":" + (i + 1) + ": heading not understood: " + lines.get(i));
                assertEquals(-1, start, doc + ": two sections '" + HEADING_START + "…'");
                start = i;
            }
        }
        assertTrue(start >= 0, doc + " has no section '" + HEADING_START + "…'");
        String fingerprint = null;
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ") || line.startsWith("# ")) {
                break;
            }
            Matcher f = FINGERPRINT.matcher(line);
            if (f.find() && !inTable && rows.isEmpty()) {
                fingerprint = f.group(1);
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break; // the first table only
                }
                continue;
            }
            inTable = true;
            String body = line.strip();
            assertTrue(body.endsWith("|"), doc + ":" + (i + 1) + ": a table row ends with |");
            String[] cells = body.substring(1, body.length() - 1).split("\\|", -1);
            assertEquals(3, cells.length,
                    doc + ":" + (i + 1) + ": a row has 3 cells (sentences, entry, mark): " + line);
            String a = cells[0].strip();
            if (a.equals("sentences") || a.matches(":?-+:?")) {
                continue; // header and separator
            }
            rows.add(new Row(i + 1, a, cells[1].strip(), cells[2].strip()));
        }
        assertFalse(rows.isEmpty(), doc + ": the section has no table rows");
        return new SentenceMap(heading.group(1), heading.group(2), fingerprint, rows);
    }

    static SentenceMap map() throws IOException {
        return read(DOC);
    }

    /** The text a sentence id belongs to: the id less its {@code .sN}, or the id itself for a title or option. */
    static String textOf(String sentenceId) {
        Matcher m = ONE.matcher(sentenceId);
        return m.matches() ? m.group(1) : sentenceId;
    }

    static List<String> ids(ConsentTemplate t, String language) {
        return TemplateSentences.of(t, language).stream().map(TemplateSentences.Sentence::id).toList();
    }

    /** The sentences one row names, or a problem in {@code problems} when it names one that does not exist. */
    static List<String> covered(Row row, List<String> ids, List<String> problems) {
        String named = row.named();
        List<String> out = new ArrayList<>();
        Matcher range = RANGE.matcher(named);
        Matcher one = ONE.matcher(named);
        if (range.matches() || one.matches()) {
            String text = range.matches() ? range.group(1) : one.group(1);
            int from = Integer.parseInt(range.matches() ? range.group(2) : one.group(2));
            int to = range.matches() ? Integer.parseInt(range.group(3)) : from;
            if (from < 1 || to <= from && range.matches()) {
                problems.add(row + ": not a range of sentences (from 1, first < last)");
                return out;
            }
            for (int s = from; s <= to; s++) {
                String id = text + ".s" + s;
                if (ids.contains(id)) {
                    out.add(id);
                } else {
                    problems.add(row + ": names " + id + ", which the Japanese text does not have");
                }
            }
        } else {
            for (String id : ids) {
                if (textOf(id).equals(named)) {
                    out.add(id);
                }
            }
            if (out.isEmpty()) {
                problems.add(row + ": names " + named + ", which is no text of the Japanese template");
            }
        }
        return out;
    }

    /** The text ids the rows name (an id or a range names its text; a whole text names itself). */
    static Set<String> textsNamed(List<Row> rows) {
        Set<String> out = new LinkedHashSet<>();
        for (Row r : rows) {
            Matcher range = RANGE.matcher(r.named());
            out.add(range.matches() ? range.group(1) : textOf(r.named()));
        }
        return out;
    }

    /**
     * Every problem of coverage: a row naming what does not exist, a Japanese sentence in no row or in more than
     * one, an English text no row names.
     */
    static List<String> coverageProblems(ConsentTemplate t, List<Row> rows) {
        List<String> ja = ids(t, "ja");
        List<String> problems = new ArrayList<>();
        Map<String, List<Row>> rowsOf = new LinkedHashMap<>();
        for (Row r : rows) {
            for (String id : covered(r, ja, problems)) {
                rowsOf.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
            }
        }
        for (String id : ja) {
            List<Row> in = rowsOf.getOrDefault(id, List.of());
            if (in.isEmpty()) {
                problems.add("ja sentence " + id + " is in no row of the map in " + DOC);
            } else if (in.size() > 1) {
                problems.add("ja sentence " + id + " is in more than one row: " + in);
            }
        }
        Set<String> named = textsNamed(rows);
        for (String id : ids(t, "en")) {
            if (!named.contains(textOf(id))) {
                problems.add("en text " + textOf(id) + " (" + id + ") is named by no row of the map in " + DOC);
            }
        }
        return problems.stream().distinct().toList();
    }

    /** SHA-256 of every sentence (id TAB text) of every language, in order: what the map was checked against. */
    static String fingerprint(ConsentTemplate t) {
        StringBuilder s = new StringBuilder();
        for (String lang : t.languages()) {
            s.append("language ").append(lang).append('\n');
            for (TemplateSentences.Sentence x : TemplateSentences.of(t, lang)) {
                s.append(x.id()).append('\t').append(x.text()).append('\n');
            }
        }
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * FACTS.md as text. Missing: a failure when CI is "true" (CI has shared/ beside the clone), else the test is
     * skipped.
     */
    static String facts() throws IOException {
        Path p = FACTS.toAbsolutePath().normalize();
        if (!Files.isRegularFile(FACTS)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(p + " is missing: CI must have shared/ beside the project");
            }
            assumeTrue(false, p + " is missing: the excerpts of the sentence map cannot be checked");
        }
        return Files.readString(FACTS, StandardCharsets.UTF_8);
    }

    /**
     * FACTS.md cut into entries: a heading, a paragraph, a table row, a bullet with its continuation lines; a
     * sub-bullet's entry begins with its parent bullet (whose mark it shares).
     */
    static List<String> entries(String facts) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        boolean currentIsTop = false;
        String lastTop = "";
        for (String line : facts.split("\n", -1)) {
            boolean top = line.startsWith("- ");
            boolean sub = line.matches("\\s+- .*");
            boolean other = line.isBlank() || line.startsWith("#") || line.startsWith("|") || line.startsWith("(");
            if (current != null && (top || sub || other)) {
                out.add(current.toString());
                if (currentIsTop) {
                    lastTop = current.toString();
                }
                current = null;
            }
            if (current == null) {
                current = new StringBuilder(sub ? lastTop + "\n" + line : line);
                currentIsTop = top;
                if (!top && !sub) {
                    lastTop = "";
                }
            } else {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /** Whether {@code entry} carries {@code mark} as FACTS.md writes it: [V], [V abstract], [S — absence]. */
    static boolean carries(String entry, String mark) {
        return Pattern.compile("\\[" + Pattern.quote(mark) + "(?=[\\]\\s,—])").matcher(entry).find();
    }

    @Test
    void theMapIsOfTheShippedTemplateVersionAndOfItsPresentWording() throws IOException {
        ConsentTemplate t = Examples.template();
        SentenceMap map = map();
        assertEquals(t.id() + " " + t.version(), map.templateId() + " " + map.version(),
                DOC + ": the map's heading names another template or version than the shipped one");
        assertEquals(fingerprint(t), map.fingerprint(), DOC + ": the sentences of " + t.id() + " " + t.version()
                + " changed since the map was checked (or the section has no line with \"sentence fingerprint `…`\"):"
                + " check every row of a changed sentence against FACTS.md, then write the new fingerprint there");
    }

    @Test
    void everyJapaneseSentenceIsInExactlyOneRowAndEveryEnglishTextIsNamed() throws IOException {
        assertEquals(List.of(), coverageProblems(Examples.template(), map().rows()));
    }

    @Test
    void everyRowNamesOnlySentencesThatExistInTheJapaneseText() throws IOException {
        List<String> ja = ids(Examples.template(), "ja");
        List<String> problems = new ArrayList<>();
        for (Row r : map().rows()) {
            covered(r, ja, problems);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyEnglishTextIsNamedByARowOfTheSameText() throws IOException {
        Set<String> named = textsNamed(map().rows());
        List<String> missing = ids(Examples.template(), "en").stream().map(SentenceMapTest::textOf).distinct()
                .filter(text -> !named.contains(text)).toList();
        assertEquals(List.of(), missing, "English texts no row names");
    }

    @Test
    void everyRowQuotesFactsOrSaysWhyTheSentenceStatesNoFact() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Row r : map().rows()) {
            boolean label = LABEL.matcher(r.entry()).matches();
            boolean quotes = !r.excerpts().isEmpty();
            if (!label && !quotes && !r.entry().contains(NOT_IN_FACTS)) {
                problems.add(r + ": the entry is neither `an excerpt`, '— (why no fact)' nor " + NOT_IN_FACTS + ": "
                        + r.entry());
            }
            if (label && !r.mark().equals("—")) {
                problems.add(r + ": a sentence that states no fact has the mark —, not " + r.mark());
            }
            for (String e : r.excerpts()) {
                int n = e.codePointCount(0, e.length());
                if (n < 15 || n > 80) {
                    problems.add(r + ": an excerpt has 15 to 80 characters, this one " + n + ": " + e);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyExcerptIsCopiedVerbatimFromFacts() throws IOException {
        String facts = facts();
        List<String> problems = new ArrayList<>();
        for (Row r : map().rows()) {
            for (String e : r.excerpts()) {
                if (!facts.contains(e)) {
                    problems.add(r + ": not in " + FACTS + ": " + e);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyMarkIsAMarkOfFactsAndTheQuotedEntryCarriesIt() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Row r : map().rows()) {
            if (!MARKS.contains(r.mark())) {
                problems.add(r + ": the mark is one of " + MARKS + ", not '" + r.mark() + "'");
            }
        }
        assertEquals(List.of(), problems);
        List<String> entries = entries(facts());
        for (Row r : map().rows()) {
            if (r.mark().equals("—")) {
                continue;
            }
            for (String e : r.excerpts()) {
                if (entries.stream().noneMatch(x -> x.contains(e))) {
                    continue; // not verbatim: everyExcerptIsCopiedVerbatimFromFacts says so
                }
                boolean carried = entries.stream().filter(x -> x.contains(e)).anyMatch(x -> carries(x, r.mark()));
                if (!carried) {
                    problems.add(r + ": the entry of FACTS.md holding `" + e + "` has no mark [" + r.mark() + "]");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void noRowSaysASentenceIsNotInFacts() throws IOException {
        List<Row> unsupported = map().rows().stream().filter(r -> r.entry().contains(NOT_IN_FACTS)).toList();
        assertEquals(List.of(), unsupported, "sentences of the template that FACTS.md does not support: fix the text"
                + " (or FACTS.md, with its source), then map them");
    }

    @Test
    void aSentenceAddedToTheJapaneseTextWithoutARowIsReportedAndChangesTheFingerprint() throws Exception {
        // A paragraph the map names sentence by sentence: a new sentence there is in no row.
        ConsentTemplate shipped = Examples.template();
        String paragraph = map().rows().stream().map(Row::named).filter(n -> RANGE.matcher(n).matches()
                || ONE.matcher(n).matches()).map(n -> RANGE.matcher(n).matches() ? n.replaceAll("-\\d+$", "") : n)
                .map(SentenceMapTest::textOf).filter(n -> n.matches(".+\\.p\\d+")).findFirst().orElseThrow();
        TemplateSentences.Text text = TemplateSentences.texts(shipped.manifest(),
                shipped.language("ja").orElseThrow()).stream().filter(t -> t.id().equals(paragraph)).findFirst()
                .orElseThrow();
        long sentences = ids(shipped, "ja").stream().filter(id -> textOf(id).equals(paragraph)).count();

        Path folder = tmp.resolve("exosome-therapy");
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(Examples.TEMPLATES.resolve("exosome-therapy"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Path ja = folder.resolve("ja.yaml");
        String yaml = Files.readString(ja, StandardCharsets.UTF_8);
        String quoted = "\"" + text.text() + "\"";
        assertTrue(yaml.contains(quoted), "ja.yaml has " + paragraph + " as one double-quoted line");
        Files.writeString(ja, yaml.replace(quoted, "\"" + text.text() + "追加した文です。\""),
                StandardCharsets.UTF_8);
        ConsentTemplate changed = new TemplateLoader().load(folder);

        String added = paragraph + ".s" + (sentences + 1);
        assertEquals(List.of("ja sentence " + added + " is in no row of the map in " + DOC),
                coverageProblems(changed, map().rows()));
        assertNotEquals(fingerprint(shipped), fingerprint(changed));
    }

    @Test
    void aRowNamingASentenceOrTextThatDoesNotExistIsReported() {
        List<String> ids = List.of("a.title", "a.p1.s1", "a.p1.s2");
        List<String> problems = new ArrayList<>();
        Row range = new Row(1, "`a.p1.s2-3`", "— (instruction)", "—");
        Row whole = new Row(2, "`a.p2`", "— (instruction)", "—");
        Row backwards = new Row(3, "`a.p1.s2-1`", "— (instruction)", "—");
        assertEquals(List.of("a.p1.s2"), covered(range, ids, problems));
        assertEquals(List.of(), covered(whole, ids, problems));
        assertEquals(List.of(), covered(backwards, ids, problems));
        assertEquals(List.of("a.title"), covered(new Row(4, "a.title", "— (heading)", "—"), ids, problems));
        assertEquals(List.of(range + ": names a.p1.s3, which the Japanese text does not have",
                whole + ": names a.p2, which is no text of the Japanese template",
                backwards + ": not a range of sentences (from 1, first < last)"), problems);
    }

    @Test
    void factsEntriesKeepABulletWithItsContinuationAndGiveASubBulletItsParentsMark() {
        List<String> entries = entries("# T\n\n- A fact [V] and\n  more of it\n- parent [S+]:\n  - child one;\n"
                + "    still child\n  - child two\n| row | x [U] |\n(Note: y [V/S].\nz)\n");
        assertTrue(entries.contains("- A fact [V] and\n  more of it"), entries.toString());
        assertTrue(entries.contains("- parent [S+]:\n  - child one;\n    still child"), entries.toString());
        assertTrue(entries.contains("- parent [S+]:\n  - child two"), entries.toString());
        assertTrue(entries.contains("(Note: y [V/S].\nz)"), entries.toString());
        assertTrue(carries("x [S — absence]", "S"));
        assertTrue(carries("x [S, the article's claim only]", "S"));
        assertFalse(carries("x [S+]", "S"));
        assertFalse(carries("x [V/S]", "V"));
        assertTrue(carries("x [V/S]", "V/S"));
    }
}
