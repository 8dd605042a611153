package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.pdf.AuditTrailRenderer;

/**
 * The audit trail as an inspector or a court reads it (issue 13 §6): the entries a filter selects — sequence, time
 * in the clinic's zone, who, action, subject (record or document), details in words — with the chain's head (the
 * newest entry's sequence and hash, as {@code audit-head.txt} holds it) and whether the whole chain verifies. Used by
 * {@link RecordStore#auditTrail} (the records screen) and {@link RecordStore#exportAuditTrail} (CSV or PDF).
 */
public final class AuditTrail {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();
    static final CsvSchema SCHEMA = CsvSchema.builder().addColumn("sequence").addColumn("time").addColumn("actor")
            .addColumn("action").addColumn("subject").addColumn("details").build().withHeader();

    private AuditTrail() {
    }

    /**
     * Which entries. Every criterion is optional (null or blank: any).
     *
     * @param from    the first day, in the clinic's calendar (its time zone), included
     * @param to      the last day, included; not before {@code from}
     * @param action  an action exactly as recorded ({@code created}, {@code exported}, …)
     * @param actor   an account name: the entries of that person (signed in with any roles, or a failed sign-in
     *                under that name)
     * @param subject a record's document id or another subject exactly as recorded
     */
    public record Filter(LocalDate from, LocalDate to, String action, String actor, String subject) {
        public static final Filter ALL = new Filter(null, null, null, null, null);

        /** @throws IllegalArgumentException when {@code to} is before {@code from}, naming both */
        public Filter {
            action = blankToNull(action);
            actor = blankToNull(actor);
            subject = blankToNull(subject);
            if (from != null && to != null && to.isBefore(from)) {
                throw new IllegalArgumentException("--to " + to + " is before --from " + from);
            }
        }

        /**
         * A filter from typed text (the command line, the screen): dates as {@code YYYY-MM-DD}.
         *
         * @throws IllegalArgumentException naming the option and the value that is not a date, or the dates out of
         *                                  order
         */
        public static Filter parse(String from, String to, String action, String actor, String subject) {
            return new Filter(date("--from", from), date("--to", to), action, actor, subject);
        }

        private static LocalDate date(String option, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " " + value + ": not a date (YYYY-MM-DD, e.g. 2026-11-20)");
            }
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        /** The filter in words, for the export's heading and its audit entry. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            parts.add(from == null && to == null ? "every day"
                    : "from " + (from == null ? "the first entry" : from) + " to " + (to == null ? "today" : to));
            if (action != null) {
                parts.add("action " + action);
            }
            if (actor != null) {
                parts.add("by " + actor);
            }
            if (subject != null) {
                parts.add("subject " + subject);
            }
            return String.join(", ", parts);
        }

        /** Whether an entry of time {@code at} (null: a time that cannot be read, then only with no range) matches. */
        boolean matches(Instant at, String entryActor, ClinicClock clock) {
            if (at == null) {
                if (from != null || to != null) {
                    return false;
                }
            } else {
                LocalDate day = clock.day(at);
                if (from != null && day.isBefore(from) || to != null && day.isAfter(to)) {
                    return false;
                }
            }
            return actor == null || entryActor.equals(actor) || entryActor.startsWith(actor + " [")
                    || entryActor.equals("sign-in:" + actor);
        }
    }

    /**
     * One entry as shown: the time in the clinic's zone (ISO 8601 with its offset), the details in words. An entry
     * whose stored time cannot be read has {@code at} null and {@code time} as stored (quoted, shortened).
     */
    public record Entry(long seq, Instant at, String time, String actor, String action, String subject,
                        String details) {
    }

    /** The chain's newest entry, and whether the whole chain verifies ({@code problems} says what breaks it). */
    public record Chain(long headSeq, String headHash, boolean verifies, List<String> problems) {
    }

    /** What the records screen shows: at most {@code limit} entries (the newest), of {@code total} that match. */
    public record View(List<Entry> entries, long total, Chain chain) {
    }

    /** What an export wrote. */
    public record Exported(Path file, String format, long entries, long bytes, String sha256, Chain chain) {
    }

    /** The two formats, chosen by the file's extension. */
    public enum Format {
        CSV, PDF;

        /** @throws RefusedException unless the file ends in .csv or .pdf, naming it */
        public static Format of(Path out) throws RefusedException {
            String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".pdf")) {
                return PDF;
            }
            throw new RefusedException(out + ": the audit trail is written as FILE.csv or FILE.pdf; nothing was "
                    + "written");
        }
    }

    /** The chain's head from the trail and the verification of the whole chain against the head file. */
    static Chain chain(AuditLog log) throws SQLException {
        AuditHead.Head head = log.newest();
        List<String> problems = log.verify();
        return new Chain(head == null ? 0 : head.seq(), head == null ? AuditLog.GENESIS : head.hash(),
                problems.isEmpty(), List.copyOf(problems));
    }

    /** Every entry the filter selects, oldest first, handed to {@code each}; returns how many. */
    static long each(AuditTrailStore trail, ClinicClock clock, Filter f, java.util.function.Consumer<Entry> each)
            throws SQLException {
        // the days are the clinic's calendar (its time zone): from the start of the first to the start of the day
        // after the last
        Instant from = f.from() == null ? null : f.from().atStartOfDay(clock.zone()).toInstant();
        Instant until = f.to() == null ? null : f.to().plusDays(1).atStartOfDay(clock.zone()).toInstant();
        long[] n = {0};
        trail.select(f.action(), f.subject(), from, until, e -> {
            Instant at;
            try {
                at = AuditLog.at(e, "");
            } catch (DamagedRow d) {
                // no day: in no range, named by the chain's verification (AuditLog#verifyChain) that every export
                // and view carries; without a range it is part of the whole trail, its time shown as stored
                if (f.from() == null && f.to() == null && f.matches(null, e.actor(), clock)) {
                    each.accept(new Entry(e.seq(), null, DamagedStoreException.shown(e.at()), e.actor(), e.action(),
                            e.subject(), readable(e.details())));
                    n[0]++;
                }
                return;
            }
            if (f.matches(at, e.actor(), clock)) {
                each.accept(new Entry(e.seq(), at, clock.iso(at), e.actor(), e.action(), e.subject(),
                        readable(e.details())));
                n[0]++;
            }
        });
        return n[0];
    }

    /** The newest {@code limit} entries the filter selects (oldest first) and how many match in all. */
    static View view(AuditLog log, ClinicClock clock, Filter f, int limit) throws SQLException {
        java.util.ArrayDeque<Entry> newest = new java.util.ArrayDeque<>();
        long total = each(log.trail(), clock, f, e -> {
            newest.addLast(e);
            if (newest.size() > limit) {
                newest.removeFirst();
            }
        });
        return new View(List.copyOf(newest), total, chain(log));
    }

    /**
     * The details of an entry in words: a JSON object as {@code key: value; key: value} (strings as they are, null
     * as "—", nested values as JSON); anything else as recorded.
     */
    public static String readable(String details) {
        if (details == null || details.isBlank()) {
            return "";
        }
        JsonNode node;
        try {
            node = JSON.readTree(details);
        } catch (IOException e) {
            return details;
        }
        if (node == null || !node.isObject()) {
            return details;
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            parts.add(e.getKey() + ": " + (v.isNull() ? "—" : v.isValueNode() ? v.asText() : v.toString()));
        }
        return String.join("; ", parts);
    }

    /** The trail as CSV (UTF-8 with BOM for Excel): '#' lines with the heading, then one row per entry. */
    static byte[] csv(List<Entry> entries, List<String> heading) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\ufeff');
        for (String line : heading) {
            w.write("# " + line.replace('\n', ' ').replace('\r', ' ') + "\r\n");
        }
        w.flush();
        try (SequenceWriter seq = CSV.writer(SCHEMA).without(com.fasterxml.jackson.core.JsonGenerator.Feature
                .AUTO_CLOSE_TARGET).writeValues(w)) {
            for (Entry e : entries) {
                // a subject or detail a person typed (a reason, a name) is never a formula in a spreadsheet
                seq.write(List.of(String.valueOf(e.seq()), e.time(), cell(e.actor()), cell(e.action()),
                        cell(e.subject()), cell(e.details())));
            }
        }
        w.flush();
        return out.toByteArray();
    }

    private static String cell(String text) {
        return text == null ? "" : SpreadsheetCells.neutralised(text);
    }

    /** The heading lines of an export, in English (the PDF has them in its language). */
    static List<String> heading(String clinic, Filter f, ClinicClock clock, String madeBy, Chain chain, long n) {
        List<String> lines = new ArrayList<>();
        lines.add("ExoConsent audit trail of " + clinic);
        lines.add("entries: " + f.describe() + " (" + n + " listed)");
        lines.add("times in the clinic's time zone " + clock.zone().getId());
        lines.add("exported " + clock.iso(clock.instant()) + " by " + madeBy);
        lines.add("chain head: entry " + chain.headSeq() + ", SHA-256 " + chain.headHash());
        lines.add("chain verifies: " + (chain.verifies() ? "yes" : "NO — " + String.join("; ", chain.problems())));
        return lines;
    }

    /** The trail as a PDF, headings in {@code language} ({@code ja} or {@code en}). */
    static byte[] pdf(List<Entry> entries, String clinic, Filter f, ClinicClock clock, String madeBy, Chain chain,
                      String language) {
        List<AuditTrailRenderer.Row> rows = entries.stream().map(e -> new AuditTrailRenderer.Row(e.seq(), e.time(),
                e.actor(), e.action(), e.subject(), e.details())).toList();
        return new AuditTrailRenderer("ExoConsent").render(language, new AuditTrailRenderer.Heading(clinic,
                f.describe(), clock.zone().getId(), clock.iso(clock.instant()), madeBy, chain.headSeq(),
                chain.headHash(), chain.verifies(), chain.problems()), rows);
    }
}
