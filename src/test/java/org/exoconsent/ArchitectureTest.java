package org.exoconsent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of docs/ARCHITECTURE.md, kept by a test so they cannot rot silently. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.exoconsent");
    }

    @Test
    void theCoreKnowsNoJavaFx() {
        noClasses().that().resideInAnyPackage("org.exoconsent.template..", "org.exoconsent.consent..",
                        "org.exoconsent.catalog..", "org.exoconsent.pdf..", "org.exoconsent.records..",
                        "org.exoconsent.security..", "org.exoconsent.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.exoconsent.ui..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void theCoreDoesNotUseTheCommandLine() {
        noClasses().that().resideInAnyPackage("org.exoconsent.template..", "org.exoconsent.consent..",
                        "org.exoconsent.pdf..")
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.cli..", "picocli..")
                .check(classes);
    }

    @Test
    void templatesDependOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("org.exoconsent.template..")
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.consent..",
                        "org.exoconsent.pdf..", "com.lowagie..")
                .check(classes);
    }

    @Test
    void theLimitsDependOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("org.exoconsent.limits..")
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.template..",
                        "org.exoconsent.consent..", "org.exoconsent.pdf..", "org.exoconsent.records..",
                        "org.exoconsent.cli..", "org.exoconsent.ui..", "org.exoconsent.files..")
                .check(classes);
    }

    @Test
    void ownerOnlyFilesDependOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("org.exoconsent.files..")
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.template..",
                        "org.exoconsent.consent..", "org.exoconsent.pdf..", "org.exoconsent.records..",
                        "org.exoconsent.cli..", "org.exoconsent.ui..", "org.exoconsent.limits..")
                .check(classes);
    }

    @Test
    void theSessionDoesNotKnowHowItIsPrinted() {
        noClasses().that().resideInAPackage("org.exoconsent.consent..")
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.pdf..", "com.lowagie..")
                .check(classes);
    }

    /**
     * The use cases (issue 15 §1) sit between the core and the faces: the command line and the screens may call
     * them; they know neither face nor JavaFX, and the core does not call them.
     */
    @Test
    void useCasesKnowNoFace() {
        noClasses().that().resideInAPackage("org.exoconsent.usecases..")
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.cli..", "org.exoconsent.ui..",
                        "javafx..", "picocli..")
                .check(classes);
    }

    @Test
    void theCoreDoesNotCallTheUseCases() {
        noClasses().that().resideInAnyPackage("org.exoconsent.template..", "org.exoconsent.consent..",
                        "org.exoconsent.pdf..", "org.exoconsent.records..", "org.exoconsent.files..",
                        "org.exoconsent.limits..", "org.exoconsent.security..")
                .should().dependOnClassesThat().resideInAPackage("org.exoconsent.usecases..")
                .check(classes);
    }

    @Test
    void theScreensDoNotUseTheCommandLine() {
        noClasses().that().resideInAPackage("org.exoconsent.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.cli..", "picocli..")
                .check(classes);
    }

    @Test
    void viewModelsHoldTheRulesWithoutTouchingTheScene() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .or().haveSimpleNameEndingWith("Validation")
                .or().haveSimpleName("ConsultationSetup")
                .or().haveSimpleName("ConsultationServices")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.exoconsent.(*)..").should().beFreeOfCycles().check(classes);
    }
}
