package org.exoconsent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md ("Packages"), kept by a test so they cannot rot silently. Every package under
 * {@code org.exoconsent} is named in exactly one layer (a new package fails the test until it is placed), each layer
 * may use only the layers the table below names, no two packages depend on each other (the root package included),
 * and each screen package of {@code ui} is its own layer: they share only {@code ui.controls} and {@code ui.copy}.
 * Each rule is also run against a few classes that break it ({@code ArchViolation*} in the test sources), so a rule
 * that could no longer fail would fail here.
 */
class ArchitectureTest {
    /**
     * Each layer, its packages (exactly; a sub-package is not included) and the layers it may use, in the order of
     * docs/ARCHITECTURE.md. A package of ours used by a layer that does not list it is a violation.
     */
    static final Map<String, Layer> LAYERS = new LinkedHashMap<>();

    record Layer(List<String> packages, List<String> mayUse) {
    }

    private static void layer(String name, List<String> packages, String... mayUse) {
        LAYERS.put(name, new Layer(packages.stream().map(p -> p.isEmpty() ? "org.exoconsent" : "org.exoconsent." + p)
                .toList(), List.of(mayUse)));
    }

    static {
        layer("Foundation", List.of("files", "limits", "security", "about"));
        layer("Templates", List.of("template"), "Foundation");
        layer("Consent", List.of("consent"), "Templates", "Foundation");
        layer("Documents", List.of("pdf"), "Consent", "Templates", "Foundation");
        layer("Store", List.of("records"), "Documents", "Consent", "Templates", "Foundation");
        String[] core = {"Store", "Documents", "Consent", "Templates", "Foundation"};
        layer("Use cases", List.of("usecases"), core);
        layer("Command line", List.of("cli"), with(core, "Use cases"));
        layer("Screen controls", List.of("ui.controls"), core);
        layer("Patient copy", List.of("ui.copy"), with(core, "Use cases", "Screen controls"));
        layer("Administration screen", List.of("ui.admin"), with(core, "Use cases", "Screen controls",
                "Patient copy"));
        layer("Records screen", List.of("ui.records"), with(core, "Use cases", "Screen controls", "Patient copy"));
        layer("Consultation screens", List.of("ui.wizard"), with(core, "Use cases", "Screen controls",
                "Patient copy"));
        layer("App", List.of("ui"), with(core, "Use cases", "Screen controls", "Patient copy",
                "Administration screen", "Records screen", "Consultation screens"));
        layer("Launcher", List.of(""), "Command line", "App");
    }

    private static String[] with(String[] core, String... more) {
        List<String> all = new ArrayList<>(List.of(core));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The core: everything below the command line and the screens. */
    private static final String[] CORE = {"org.exoconsent.files..", "org.exoconsent.limits..",
            "org.exoconsent.security..", "org.exoconsent.about..", "org.exoconsent.template..",
            "org.exoconsent.consent..", "org.exoconsent.pdf..", "org.exoconsent.records.."};

    private static JavaClasses classes;

    /** Our main classes and, apart, the test sources' classes that break a rule each ({@code ArchViolation*}). */
    private static JavaClasses withViolations;

    @BeforeAll
    static void importClasses() {
        withViolations = new ClassFileImporter().withImportOption(location -> ImportOption.Predefined
                        .DO_NOT_INCLUDE_TESTS.includes(location) || location.contains("/ArchViolation"))
                .importPackages("org.exoconsent");
        classes = withViolations.that(com.tngtech.archunit.base.DescribedPredicate.describe("main classes",
                c -> !c.getSimpleName().startsWith("ArchViolation")));
    }

    /** The layered architecture of {@link #LAYERS}; every class of ours must be in one of its layers. */
    static Architectures.LayeredArchitecture layers() {
        Architectures.LayeredArchitecture a = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (Map.Entry<String, Layer> l : LAYERS.entrySet()) {
            a = a.layer(l.getKey()).definedBy(l.getValue().packages().toArray(String[]::new));
        }
        for (Map.Entry<String, Layer> l : LAYERS.entrySet()) {
            a = l.getValue().mayUse().isEmpty() ? a.whereLayer(l.getKey()).mayNotAccessAnyLayer()
                    : a.whereLayer(l.getKey()).mayOnlyAccessLayers(l.getValue().mayUse().toArray(String[]::new));
        }
        return a;
    }

    /** No cycle between any two packages of ours, each package (the root package too) a slice of its own. */
    static ArchRule noPackageCycles() {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getPackageName().equals("org.exoconsent") || c.getPackageName().startsWith("org.exoconsent.")
                        ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "each package of org.exoconsent";
            }
        }).should().beFreeOfCycles();
    }

    static ArchRule coreKnowsNoScreens() {
        return noClasses().that().resideInAnyPackage(CORE).or().resideInAPackage("org.exoconsent.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.exoconsent.ui..",
                        "org.controlsfx..");
    }

    @Test
    void everyPackageIsInExactlyOneLayer() {
        Map<String, String> layerOf = new LinkedHashMap<>();
        for (Map.Entry<String, Layer> l : LAYERS.entrySet()) {
            for (String p : l.getValue().packages()) {
                String before = layerOf.put(p, l.getKey());
                assertEquals(null, before, p + " is in two layers: " + before + " and " + l.getKey());
            }
        }
        TreeSet<String> packages = new TreeSet<>();
        classes.forEach(c -> packages.add(c.getPackageName()));
        List<String> placed = packages.stream().filter(layerOf::containsKey).toList();
        assertEquals(List.copyOf(packages), placed, "every package of org.exoconsent must be in a layer of "
                + "ArchitectureTest.LAYERS and docs/ARCHITECTURE.md");
        assertTrue(packages.containsAll(layerOf.keySet()), "a layer names a package that no longer exists: "
                + new TreeSet<>(layerOf.keySet()).stream().filter(p -> !packages.contains(p)).toList());
    }

    /**
     * Only the implementations of the store interfaces speak JDBC (issue 15 §1, issue 17 §2), known by their classes'
     * names: the vendor-neutral areas and their dialect ({@code Sql*}), the SQLite store ({@code Sqlite*}, the schema
     * and its migrations) and the PostgreSQL store ({@code Postgres*}); everything above them works through {@link
     * org.exoconsent.records.Stores}. Only the SQLite store's own classes reach SQLite's driver ({@code org.sqlite}).
     * A {@link java.sql.SQLException} is the interfaces' own failure and allowed.
     */
    static ArchRule jdbcOnlyInTheStoreImplementations() {
        return com.tngtech.archunit.lang.CompositeArchRule.of(noClasses().that(
                        com.tngtech.archunit.base.DescribedPredicate.describe("are not a store implementation (Sql*, "
                                + "Sqlite*, Postgres*, the schema or its migrations)",
                                c -> !storeImplementation(c, "Sql", "Postgres")))
                .should().dependOnClassesThat().belongToAnyOf(java.sql.Connection.class, java.sql.Statement.class,
                        java.sql.PreparedStatement.class, java.sql.ResultSet.class, java.sql.DriverManager.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.postgresql.."))
                .and(noClasses().that(com.tngtech.archunit.base.DescribedPredicate.describe("are not the SQLite "
                        + "store, its schema or its migrations", c -> !storeImplementation(c, "Sqlite")))
                        .should().dependOnClassesThat().resideInAnyPackage("org.sqlite.."));
    }

    /**
     * Whether a class is one of the store's implementations by its name: it starts with one of {@code prefixes}, or is
     * the SQLite schema or one of its Java migrations; a nested class is judged by the class it is in
     * ({@code SqlRecordsIndex$Where} is the store's).
     */
    private static boolean storeImplementation(JavaClass c, String... prefixes) {
        if (!c.getPackageName().equals("org.exoconsent.records")) {
            return false;
        }
        String top = c.getName().substring(c.getPackageName().length() + 1).replaceAll("\\$.*", "");
        for (String p : prefixes) {
            if (top.startsWith(p)) {
                return true;
            }
        }
        return top.startsWith("Schema") || top.matches("V\\d+__.*");
    }

    @Test
    void onlyTheStoreImplementationsSpeakJdbc() {
        jdbcOnlyInTheStoreImplementations().check(classes);
    }

    @Test
    void aClassBesideTheStoreInterfacesSpeakingSqlBreaksTheRule() {
        assertBreaks(jdbcOnlyInTheStoreImplementations(), "org.exoconsent.records.ArchViolationSqlOutsideTheStore");
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layers().check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        noPackageCycles().check(classes);
    }

    @Test
    void theCoreAndTheCommandLineKnowNoJavaFx() {
        coreKnowsNoScreens().check(classes);
    }

    @Test
    void theCoreDoesNotUseTheCommandLine() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.cli..", "picocli..")
                .check(classes);
    }

    @Test
    void templatesUseNoPdfLibrary() {
        noClasses().that().resideInAnyPackage("org.exoconsent.template..", "org.exoconsent.consent..")
                .should().dependOnClassesThat().resideInAnyPackage("com.lowagie..", "org.openpdf..",
                        "org.apache.pdfbox..", "org.apache.fontbox..")
                .check(classes);
    }

    /**
     * The use cases (issue 15 §1) sit between the core and the faces (the layer "Use cases"): the command line and
     * the screens call them; they use no face's library either, so that a server could run them.
     */
    @Test
    void useCasesKnowNoFace() {
        noClasses().that().resideInAPackage("org.exoconsent.usecases..")
                .should().dependOnClassesThat().resideInAnyPackage("org.exoconsent.cli..", "org.exoconsent.ui..",
                        "javafx..", "org.controlsfx..", "picocli..")
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
        viewModels().check(classes);
    }

    static ArchRule viewModels() {
        return noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .or().haveSimpleNameEndingWith("Validation")
                .or().haveSimpleName("ConsultationSetup")
                .or().haveSimpleName("ConsultationServices")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..");
    }

    // --- each rule can fail: the same rules over our classes and one that breaks them ------------------------

    /** Our main classes and the one named class of the test sources, which breaks a rule. */
    private static JavaClasses withViolation(String testClass) {
        return withViolations.that(com.tngtech.archunit.base.DescribedPredicate.describe("main classes and "
                + testClass, c -> !c.getSimpleName().startsWith("ArchViolation") || c.getName().equals(testClass)));
    }

    /** Asserts that {@code rule} fails over our classes with {@code violation}, naming it. */
    private static void assertBreaks(ArchRule rule, String violation) {
        AssertionError e = assertThrows(AssertionError.class, () -> rule.check(withViolation(violation)));
        assertTrue(e.getMessage().contains(violation.substring(violation.lastIndexOf('.') + 1)), e.getMessage());
    }

    @Test
    void aTemplateUsingTheStoreBreaksTheLayers() {
        assertBreaks(layers(), "org.exoconsent.template.ArchViolationTemplateUsesStore");
    }

    @Test
    void aScreenUsingAnotherScreenBreaksTheLayers() {
        assertBreaks(layers(), "org.exoconsent.ui.admin.ArchViolationAdminUsesWizard");
    }

    @Test
    void aPackageInNoLayerBreaksTheLayers() {
        assertBreaks(layers(), "org.exoconsent.stray.ArchViolationInNoLayer");
    }

    @Test
    void theRootPackageUsedByTheCommandLineIsACycle() {
        // as Version was: Launcher → cli → org.exoconsent
        assertBreaks(noPackageCycles(), "org.exoconsent.cli.ArchViolationCliUsesRoot");
    }

    @Test
    void theStoreUsingJavaFxBreaksTheCoreRule() {
        assertBreaks(coreKnowsNoScreens(), "org.exoconsent.records.ArchViolationStoreUsesJavaFx");
    }
}
