package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;

/**
 * The clinic's consent template versions: the files of each version kept in the data directory under
 * {@code templates/<version>/<id>/} (so each {@code templates/<version>/} is itself a folder of templates), and
 * their index in the store ({@link TemplateVersionStore}), which names which version new consultations use. A version
 * is stored only after it passed every check of docs/TEMPLATES.md; its files are never changed afterwards and their
 * SHA-256 is checked whenever they are read, so a record can always be traced to the exact text it was signed with.
 */
public final class TemplateLibrary {
    /**
     * One version of a template, as the administrator sees it.
     *
     * @param correctedBy the versions that correct this one, newest first; empty unless it was found to contain
     *                    errors (a later version's {@code corrects} names it; see docs/TEMPLATES.md)
     */
    public record Version(String id, String version, LocalDate effectiveDate, List<String> languages, String sha256,
                          String source, Instant addedAt, String addedBy, boolean active, List<String> correctedBy) {
        public Version {
            languages = List.copyOf(languages);
            correctedBy = List.copyOf(correctedBy);
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

    private TemplateLibrary() {
    }

    static Path folder(DataDirectory dir, String id, String version) {
        return dir.templates().resolve(version).resolve(id);
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
     * it was stored. A version whose files were changed since is refused, naming the folder.
     */
    static ConsentTemplate load(DataDirectory dir, Version v) throws StoreException {
        Path folder = folder(dir, v.id(), v.version());
        if (!Files.isDirectory(folder)) {
            throw new StoreException(folder + ": the files of template " + v.id() + " version " + v.version()
                    + " are missing; restore the data directory from a backup");
        }
        ConsentTemplate t;
        try {
            // a stored version was checked by the rules of its own format when it was stored (format 1 before 1.1.0)
            t = new TemplateLoader().loadStored(folder);
        } catch (TemplateException e) {
            throw new StoreException(folder + ": template " + v.id() + " version " + v.version()
                    + " no longer passes its check; restore it from a backup:\n" + e.getMessage(), e);
        }
        if (!t.sha256().equals(v.sha256())) {
            throw new StoreException(folder + ": the files of template " + v.id() + " version " + v.version()
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

    /** Checks the stored files of one version without parsing them; null when intact, else the problem. */
    static String check(DataDirectory dir, Version v) {
        Path folder = folder(dir, v.id(), v.version());
        try {
            if (!Files.isDirectory(folder)) {
                return folder + ": the files of template " + v.id() + " version " + v.version() + " are missing";
            }
            String sha = TemplateLoader.fingerprint(folder);
            return sha.equals(v.sha256()) ? null : folder + ": the files of template " + v.id() + " version "
                    + v.version() + " were changed after they were stored";
        } catch (IOException e) {
            return folder + ": cannot be read: " + e.getMessage();
        }
    }

    /**
     * Copies a checked template's own files ({@value TemplateLoader#MANIFEST} and one file per language; never a
     * symbolic link, each within {@link org.exoconsent.limits.InputLimits#MAX_TEMPLATE_FILE_BYTES}) into the library,
     * through a staging folder, and reads the copy back: it must pass the same check and have the same SHA-256 before
     * it is moved into place. A folder left by an
     * interrupted earlier attempt (never indexed, so never used) is replaced.
     */
    static void copyIn(DataDirectory dir, ConsentTemplate t) throws StoreException {
        Path target = folder(dir, t.id(), t.version());
        Path staging = dir.templates().resolve(".incoming-" + UUID.randomUUID()).resolve(t.id());
        try {
            OwnerOnly.createDirectories(staging);
            // only the template's own files, each read within its limit and never through a link (issue 14 §2);
            // the strict load refused a folder holding anything else, and the copy is loaded and compared below;
            // each copy is the clinic account's alone, whatever the original's mode (issue 14 §1)
            List<Path> files = new java.util.ArrayList<>();
            files.add(t.folder().resolve(TemplateLoader.MANIFEST));
            for (String language : t.languages()) {
                files.add(t.folder().resolve(language + ".yaml"));
            }
            for (Path f : files) {
                OwnerOnly.write(staging.resolve(f.getFileName().toString()), org.exoconsent.limits.InputLimits.read(f,
                        org.exoconsent.limits.InputLimits.MAX_TEMPLATE_FILE_BYTES, "a template file", false));
            }
            ConsentTemplate copy = new TemplateLoader().load(staging);
            if (!copy.sha256().equals(t.sha256())) {
                throw new StoreException(t.folder() + ": changed while it was being imported; nothing was imported");
            }
            for (Path f : files) {
                Durable.force(staging.resolve(f.getFileName().toString()));
            }
            Durable.syncDirectory(staging);
            Durable.deleteTree(target);
            OwnerOnly.createDirectories(target.getParent());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            Durable.syncDirectory(target.getParent());
        } catch (TemplateException e) {
            throw new StoreException(t.folder() + ": the copy did not pass its check; nothing was imported:\n"
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException(target + ": cannot store the template: " + e.getMessage()
                    + "; nothing was imported", e);
        } finally {
            try {
                Durable.deleteTree(staging.getParent());
            } catch (IOException ignored) {
                // a leftover staging folder is never read
            }
        }
    }

    /** Removes the files of a version whose index row could not be written (so it was never used). */
    static void discard(DataDirectory dir, ConsentTemplate t) {
        try {
            Durable.deleteTree(folder(dir, t.id(), t.version()));
        } catch (IOException ignored) {
            // an unindexed folder is never read, and is replaced by the next attempt
        }
    }
}
