package org.exoconsent.records;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;

/**
 * The clinic's consent template versions: the files of each version kept by the store ({@link TemplateFileStore}:
 * for SQLite the data directory's {@code templates/<version>/<id>/}, so each {@code templates/<version>/} is itself a
 * folder of templates), and their index in the store ({@link TemplateVersionStore}), which names which version new
 * consultations use. A version
 * is stored only after it passed every check of docs/TEMPLATES.md; its files are never changed afterwards and their
 * SHA-256 is checked whenever they are read, so a record can always be traced to the exact text it was signed with.
 */
public final class TemplateLibrary {
    /**
     * One version of a template, as the administrator sees it.
     *
     * <p>A version listed for people ({@link TemplateVersionStore#listing}) whose stored time or date cannot be read
     * (changed with SQL: {@link DamagedRow}) is still listed, never left out: {@code effectiveDate} or {@code addedAt}
     * is then null, shown as {@link RecordRow#UNREADABLE}, and {@code damage} names each such column (table, row,
     * column, value, repair), as it does the time the version was chosen ({@code template_active.activated_at}, which
     * is not a field here). Every other reading of a version refuses such a row ({@link DamagedStoreException}), so
     * {@code damage} is empty outside a listing.
     *
     * @param correctedBy the versions that correct this one, newest first; empty unless it was found to contain
     *                    errors (a later version's {@code corrects} names it; see docs/TEMPLATES.md)
     * @param damage      what of its rows cannot be read, one {@link DamagedRow} message each; empty when intact
     */
    public record Version(String id, String version, LocalDate effectiveDate, List<String> languages, String sha256,
                          String source, Instant addedAt, String addedBy, boolean active, List<String> correctedBy,
                          List<String> damage) {
        public Version {
            languages = List.copyOf(languages);
            correctedBy = List.copyOf(correctedBy);
            damage = damage == null ? List.of() : List.copyOf(damage);
        }

        /** A version whose rows were read whole (no damage). */
        public Version(String id, String version, LocalDate effectiveDate, List<String> languages, String sha256,
                       String source, Instant addedAt, String addedBy, boolean active, List<String> correctedBy) {
            this(id, version, effectiveDate, languages, sha256, source, addedAt, addedBy, active, correctedBy,
                    List.of());
        }

        /** Whether a stored value of this version could not be read ({@link #damage} names it). */
        public boolean damaged() {
            return !damage.isEmpty();
        }

        /**
         * Whether the time this active version was chosen ({@code template_active.activated_at}, not a field of the
         * version) could not be read: one of {@link #damage}, which names it as {@link DamagedRow} names the row of
         * table {@code template_active}.
         */
        public boolean activationTimeDamaged() {
            return damage.stream().anyMatch(d -> d.startsWith(ACTIVATION_DAMAGE));
        }

        /**
         * Whether no {@code template-added} entry of the audit trail records this version with its SHA-256 (its row
         * was put into the store outside the product, with SQL): one of {@link #damage}, as {@link
         * TemplateVersionsAgainstTrail} names it. Such a version is never used, nor activated.
         */
        public boolean addedOutside() {
            return damage.stream().anyMatch(d -> d.contains(ADDED_OUTSIDE));
        }

        /** Whether it came with the program (else an administrator imported it). */
        public boolean bundled() {
            return "bundled".equals(source);
        }

        /** Whether a later version says this one contains errors: it is then never used for a new consent. */
        public boolean containsErrors() {
            return !correctedBy.isEmpty();
        }
    }

    /**
     * What the damage of a version no {@code template-added} entry records says ({@link Version#addedOutside},
     * {@link TemplateVersionsAgainstTrail}), after its row: the screens tell it apart from a value that cannot be read.
     */
    public static final String ADDED_OUTSIDE = " was added outside the product: no 'template-added' entry of the "
            + "audit trail records this version with its SHA-256";

    /** How the damage of an active version's activation time begins ({@link Version#activationTimeDamaged}). */
    static final String ACTIVATION_DAMAGE = "active template version ";

    private TemplateLibrary() {
    }

    /** Compares version numbers such as 1.10.0 and 1.9 part by part, as numbers; the higher comes first. */
    static int newerFirst(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(q, p);
            }
        }
        return 0;
    }

    /**
     * Reads a stored version and checks it again: every rule of its format (a version stored before format 2 is
     * read with the rules it was stored under, see {@link TemplateLoader#loadStored}), and the SHA-256 it had when
     * it was stored. A version whose files were changed since is refused, naming where they are.
     */
    static ConsentTemplate load(TemplateFileStore files, Version v) throws StoreException {
        String where = files.where(v.id(), v.version());
        ConsentTemplate t;
        try {
            // a stored version was checked by the rules of its own format when it was stored (format 1 before 1.1.0)
            t = files.read(v.id(), v.version());
        } catch (TemplateException e) {
            throw new StoreException(where + ": template " + v.id() + " version " + v.version()
                    + " no longer passes its check; restore it from a backup:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException(where + ": the files of template " + v.id() + " version " + v.version()
                    + " cannot be read: " + e.getMessage(), e);
        }
        if (t == null) {
            throw new StoreException(where + ": the files of template " + v.id() + " version " + v.version()
                    + " are missing; restore the data directory from a backup");
        }
        if (!t.sha256().equals(v.sha256())) {
            throw new StoreException(where + ": the files of template " + v.id() + " version " + v.version()
                    + " were changed after they were stored (SHA-256 " + t.sha256() + ", expected " + v.sha256()
                    + "); restore them from a backup");
        }
        return t;
    }

    /** An audit entry of a template version ({@code template-added} or {@code template-activated}) as stored. */
    record AuditedTemplate(String action, String subject, String details) {
    }

    /** A mark of a version found to contain errors: version {@code version} of {@code id} is corrected by another. */
    record Correction(String id, String version, String correctedBy) {
    }

    /**
     * Checks the marks of versions found to contain errors against the audit trail, which records every one when it
     * is made (a bundled version's {@code template-added}, an activation's {@code template-activated}, each with
     * {@code corrects}): a mark removed, or one no entry records, is reported (someone with a database tool could
     * drop the triggers). An entry whose details are not JSON is left to the audit chain's check.
     *
     * @param audited the audit trail's template entries, in the trail's order
     * @param held    the versions the library has, each as "id version"
     * @param marks   the marks stored
     * @return one problem per mark missing or unrecorded; empty when they agree
     */
    static List<String> correctionProblems(List<AuditedTemplate> audited, java.util.Set<String> held,
                                           List<Correction> marks) {
        java.util.Set<String> expected = new java.util.TreeSet<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (AuditedTemplate entry : audited) {
            com.fasterxml.jackson.databind.JsonNode d;
            try {
                d = json.readTree(entry.details());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                continue; // the audit chain check reports an altered entry
            }
            String corrects = d.path("corrects").asText("");
            boolean marksIt = entry.action().equals("template-activated")
                    || "bundled".equals(d.path("source").asText());
            int space = entry.subject().lastIndexOf(' ');
            if (corrects.isBlank() || !marksIt || space < 0) {
                continue;
            }
            String id = entry.subject().substring(0, space);
            String by = entry.subject().substring(space + 1);
            for (String version : corrects.split(",")) {
                if (held.contains(id + " " + version)) {
                    expected.add(id + " " + version + " " + by);
                }
            }
        }
        java.util.Set<String> actual = new java.util.TreeSet<>();
        for (Correction m : marks) {
            actual.add(m.id() + " " + m.version() + " " + m.correctedBy());
        }
        List<String> problems = new ArrayList<>();
        for (String m : expected) {
            if (!actual.contains(m)) {
                String[] p = m.split(" ");
                problems.add("template versions: version " + p[1] + " of " + p[0] + " is no longer marked as "
                        + "containing errors (corrected by " + p[2] + "), although the audit trail records the mark");
            }
        }
        for (String m : actual) {
            if (!expected.contains(m)) {
                String[] p = m.split(" ");
                problems.add("template versions: version " + p[1] + " of " + p[0] + " is marked as corrected by "
                        + p[2] + ", which no audit entry records");
            }
        }
        return problems;
    }

    /**
     * A checked template's own files, which the store keeps: {@value TemplateLoader#MANIFEST} and one file per
     * language (the strict load refused a folder holding anything else).
     */
    static List<java.nio.file.Path> ownFiles(ConsentTemplate t) {
        List<java.nio.file.Path> files = new ArrayList<>();
        files.add(t.folder().resolve(TemplateLoader.MANIFEST));
        for (String language : t.languages()) {
            files.add(t.folder().resolve(language + ".yaml"));
        }
        return files;
    }

    /**
     * One of {@link #ownFiles}, read within {@link org.exoconsent.limits.InputLimits#MAX_TEMPLATE_FILE_BYTES} and
     * never through a symbolic link (issue 14 §2).
     */
    static byte[] readOwn(java.nio.file.Path file) throws IOException {
        return org.exoconsent.limits.InputLimits.read(file, org.exoconsent.limits.InputLimits.MAX_TEMPLATE_FILE_BYTES,
                "a template file", false);
    }

    /** Checks the stored files of one version without parsing them; null when intact, else the problem. */
    static String check(TemplateFileStore files, Version v) {
        // the row's id and version as plain text: a row put in with SQL cannot forge a line (review of issue 17)
        String where = DamagedStoreException.plain(files.where(v.id(), v.version()), Integer.MAX_VALUE);
        String named = DamagedStoreException.plain(v.id() + " version " + v.version());
        try {
            String sha = files.fingerprint(v.id(), v.version());
            if (sha == null) {
                return where + ": the files of template " + named + " are missing";
            }
            return sha.equals(v.sha256()) ? null : where + ": the files of template " + named
                    + " were changed after they were stored";
        } catch (IOException e) {
            return where + ": cannot be read: " + DamagedStoreException.plain(e.getMessage(), Integer.MAX_VALUE);
        }
    }
}
