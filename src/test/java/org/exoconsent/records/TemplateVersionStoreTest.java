package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateLoader;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TemplateVersionStore} that every vendor's store keeps (issue 15 §1), through {@link Stores}
 * only: a version is read back as it was added and is not used until activated; versions are listed newest first by
 * their numbers; a correction marks only versions the library has, and new consultations then use the correction;
 * a mark no audit entry records is reported; a change is part of its caller's transaction.
 */
class TemplateVersionStoreTest extends StoreContract {
    static final String ID = BundledTemplates.EXOSOME_THERAPY;
    static final Instant ADDED = Instant.parse("2026-11-30T01:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-30T02:30:00Z");

    TemplateVersionStore versions;

    @BeforeEach
    void area() {
        versions = stores.templateVersions();
    }

    /** The program's own version of the template (1.3.0, which says it corrects 1.0.0). */
    private static ConsentTemplate bundled() throws Exception {
        return BundledTemplates.all().stream().filter(t -> t.id().equals(ID)).findFirst().orElseThrow();
    }

    /** A copy of the bundled template numbered {@code version}, saying it corrects {@code corrects}. */
    private ConsentTemplate copy(String version, String corrects) throws Exception {
        Path folder = Examples.templateCopy(tmp.resolve("incoming-" + version), version);
        Examples.edit(folder.resolve("template.yaml"), text -> text.replaceFirst("(?m)^corrects: .*$",
                "corrects: [\"" + corrects + "\"]"));
        return new TemplateLoader().load(folder);
    }

    @Test
    void aVersionIsReadBackAsAddedAndIsNotActiveUntilActivated() throws Exception {
        ConsentTemplate t = bundled();
        write(() -> versions.insert(t, "bundled", ADDED, "exoconsent"));
        TemplateLibrary.Version v = versions.find(ID, t.version());
        assertEquals(new TemplateLibrary.Version(ID, t.version(), t.manifest().effectiveDate(), t.languages(),
                t.sha256(), "bundled", ADDED, "exoconsent", false, List.of()), v);
        assertTrue(v.bundled());
        assertNull(versions.active(ID), "added, not active");
        assertNull(versions.forNewConsultation(ID));
        assertNull(versions.find(ID, "9.9.9"));

        write(() -> versions.activate(ID, t.version(), LATER, "admin"));
        assertEquals(t.version(), versions.active(ID).version());
        assertTrue(versions.find(ID, t.version()).active());
        assertEquals(ADDED, versions.find(ID, t.version()).addedAt(), "activating changes nothing of the version");

        assertThrows(SQLException.class, () -> write(() -> versions.insert(t, "imported", LATER, "admin")),
                "a version number is never stored twice");
        assertEquals(1, versions.list().size());
        assertEquals("bundled", versions.list().get(0).source());
    }

    @Test
    void versionsAreListedNewestFirstComparingTheirNumbersPartByPart() throws Exception {
        ConsentTemplate nine = copy("1.9.0", "1.0.0");
        ConsentTemplate ten = copy("1.10.0", "1.0.0");
        ConsentTemplate own = bundled();
        write(() -> {
            versions.insert(nine, "imported", ADDED, "admin");
            versions.insert(ten, "imported", ADDED, "admin");
            versions.insert(own, "bundled", ADDED, "exoconsent");
        });
        assertEquals(List.of("1.10.0", "1.9.0", "1.3.0"), versions.list().stream().map(TemplateLibrary.Version::version)
                .toList());

        write(() -> versions.activate(ID, "1.3.0", ADDED, "admin"));
        write(() -> versions.activate(ID, "1.10.0", LATER, "admin"));
        assertEquals("1.10.0", versions.active(ID).version(), "one active version per template: the last chosen");
        assertEquals(List.of(true, false, false), versions.list().stream().map(TemplateLibrary.Version::active)
                .toList());
    }

    @Test
    void aCorrectionMarksOnlyVersionsTheLibraryHasAndNewConsultationsThenUseIt() throws Exception {
        ConsentTemplate own = bundled(); // corrects 1.0.0, which this library never had
        write(() -> {
            versions.insert(own, "bundled", ADDED, "exoconsent");
            versions.recordCorrections(own, ADDED);
            versions.activate(ID, own.version(), ADDED, "exoconsent");
        });
        assertNull(versions.find(ID, "1.0.0"), "a version the clinic never had does not arrive marked");
        assertEquals(List.of(), versions.checkCorrections());

        ConsentTemplate fix = copy("1.4.0", own.version());
        write(() -> {
            versions.insert(fix, "imported", LATER, "admin");
            versions.recordCorrections(fix, LATER);
        });
        TemplateLibrary.Version marked = versions.find(ID, own.version());
        assertTrue(marked.containsErrors());
        assertEquals(List.of("1.4.0"), marked.correctedBy());
        assertTrue(marked.active(), "the clinic's choice is kept");
        assertEquals("1.4.0", versions.forNewConsultation(ID).version(), "new consultations use the correction");

        write(() -> versions.recordCorrections(fix, LATER.plusSeconds(60))); // a mark already recorded stays as it is
        assertEquals(List.of("1.4.0"), versions.find(ID, own.version()).correctedBy());
        assertEquals(List.of("template versions: version 1.3.0 of " + ID + " is marked as corrected by 1.4.0, which "
                + "no audit entry records"), versions.checkCorrections(), "this store's audit trail is empty");
    }

    @Test
    void aChangeIsPartOfItsCallersTransaction() throws Exception {
        ConsentTemplate own = bundled();
        tx.beginWrite();
        versions.insert(own, "bundled", ADDED, "exoconsent");
        versions.activate(ID, own.version(), ADDED, "exoconsent");
        assertEquals(own.version(), versions.active(ID).version(), "seen inside its transaction");
        tx.rollback();
        assertEquals(List.of(), versions.list(), "the store committed nothing by itself");
        assertNull(versions.active(ID));
    }

    @Test
    void aMarkTheAuditTrailRecordsButTheLibraryLostIsReported() {
        List<TemplateLibrary.AuditedTemplate> audited = List.of(new TemplateLibrary.AuditedTemplate(
                "template-activated", ID + " 1.4.0", "{\"previous\":\"1.3.0\",\"corrects\":\"1.3.0\"}"),
                new TemplateLibrary.AuditedTemplate("template-added", ID + " 1.5.0",
                        "{\"source\":\"imported\",\"corrects\":\"1.3.0\"}"));
        Set<String> held = Set.of(ID + " 1.3.0", ID + " 1.4.0", ID + " 1.5.0");
        assertEquals(List.of("template versions: version 1.3.0 of " + ID + " is no longer marked as containing errors "
                + "(corrected by 1.4.0), although the audit trail records the mark"),
                TemplateLibrary.correctionProblems(audited, held, List.of()),
                "an import marks nothing; an activation does");
        assertEquals(List.of(), TemplateLibrary.correctionProblems(audited, held,
                List.of(new TemplateLibrary.Correction(ID, "1.3.0", "1.4.0"))));
        assertTrue(TemplateLibrary.correctionProblems(audited, held, List.of(new TemplateLibrary.Correction(ID,
                "1.3.0", "1.5.0"))).contains("template versions: version 1.3.0 of " + ID + " is marked as corrected "
                + "by 1.5.0, which no audit entry records"), "a mark by the imported version, not activated");
    }
}
