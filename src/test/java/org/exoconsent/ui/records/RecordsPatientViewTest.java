package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.SyntheticRecords;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.exoconsent.ui.copy.PatientCopyBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 16 §7 on the records screen: the patient filter however the name, reading or number is typed; every
 * document of one patient in one step; progress while a page is read; and a computer without a PDF viewer, which
 * is said, with a copy saved instead.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class RecordsPatientViewTest {
    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    /** The PDFs the screen asked to open: this computer has no viewer, so every one fails. */
    private final List<Path> opened = new CopyOnWriteArrayList<>();
    /** What the save dialog answers next. */
    private volatile Path chooseNext;
    /** Released to let a page be read (the progress test holds it). */
    private volatile CountDownLatch pageMayLoad = new CountDownLatch(0);

    @Start
    void start(Stage stage) throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        // the real consent is 佐藤 花子's (reading さとう はなこ, P-000123); the others are 患者 N (かんじゃ N)
        SyntheticRecords.build(dir, Examples.CLOCK, 200);
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("office", EnumSet.of(Role.MANAGER), null, "manager password".toCharArray());
        }
        RecordsService service;
        RecordStore.CatalogView catalog;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, "office", "manager password".toCharArray(),
                "test")) {
            service = new RecordsService(dir, Examples.CLOCK, s.principal()) {
                @Override
                public Page page(RecordFilter filter, int offset, int limit) throws StoreException {
                    try {
                        pageMayLoad.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return super.page(filter, offset, limit);
                }
            };
            catalog = s.catalog();
        }
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        RecordsViewModel vm = new RecordsViewModel(service, background, Platform::runLater);
        RecordsView view = new RecordsView(vm, ui, catalog, Map.of("skin", "Skin"), pdf -> {
            opened.add(pdf);
            return false; // no viewer: Desktop not supported and xdg-open failing
        }, () -> { }, new PatientCopyBar(ui, service.patientCopies(), background, new PatientCopyBar.Hooks(
                request -> null, job -> false, () -> org.exoconsent.ui.copy.Printing.Availability.not(
                        org.exoconsent.ui.copy.Printing.Availability.Problem.NO_PRINTER))), Examples.CLINIC_CLOCK);
        view.setChooser(request -> chooseNext);
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        pageMayLoad.countDown();
        background.shutdownNow();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        RecordsViewTest.waitUntil(condition, what);
    }

    /**
     * Clicks the table's cell that shows {@code shown}, once the table has drawn it: the page's label changes before
     * the table draws its rows (a loaded slow lane, 2026-12-01, clicked too soon).
     */
    private static void clickRow(FxRobot robot, String shown) throws InterruptedException {
        waitUntil(() -> robot.lookup(shown).match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent(),
                "the row showing " + shown + " drawn");
        robot.clickOn(shown);
    }

    private static String text(FxRobot robot, String id) {
        return RecordsViewTest.text(robot, id);
    }

    private static TableView<RecordRow> table(FxRobot robot) {
        return RecordsViewTest.table(robot);
    }

    private static void search(FxRobot robot, String typed) {
        TextField patient = robot.lookup("#filter-patient").queryAs(TextField.class);
        robot.interact(() -> patient.setText(typed)); // as an input method leaves it
        robot.clickOn("#records-search");
    }

    private static boolean shown(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(n -> {
            for (Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return n.getScene() != null;
        }).orElse(false);
    }

    @Test
    void aPatientIsFoundByTheirReadingOrNumberHoweverTypedAndTheirDocumentsExportedInOneStep(FxRobot robot)
            throws Exception {
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 4 (200 records)"), "the first page");
        search(robot, "サトウ"); // the reading was recorded in hiragana
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 1 (1 record)"), "佐藤 花子 by katakana");
        assertEquals("佐藤 花子", table(robot).getItems().get(0).patientName());
        search(robot, "ｐ－０００１２３"); // full-width, lower case, a full-width dash
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 1 (1 record)"), "P-000123 by full width");
        assertEquals("P-000123", table(robot).getItems().get(0).patientNumber());
        org.exoconsent.testing.Screenshots.save(robot.capture(robot.lookup("#records-table").query().getScene()
                .getRoot()).getImage(), "39-records-patient-filter");
        search(robot, "田中");
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 1 (no records)"), "nobody of that name");

        search(robot, "ｐ－０００１２３");
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 1 (1 record)"), "the patient again");
        clickRow(robot, "佐藤 花子");
        Path zip = tmp.resolve("patient-" + System.nanoTime() + ".zip");
        chooseNext = zip;
        robot.clickOn("#records-export-patient");
        waitUntil(() -> text(robot, "#records-message").startsWith("Every document of patient P-000123"),
                "the patient's export");
        assertTrue(text(robot, "#records-message").endsWith(zip.toString()), text(robot, "#records-message"));
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            List<String> pdfs = z.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.endsWith(".pdf"))
                    .toList();
            assertEquals(1, pdfs.size(), "the patient's one document, no other patient's: " + pdfs);
            assertTrue(z.getEntry("SHA256SUMS") != null && z.getEntry("README.txt") != null, "with its manifest");
        }
    }

    @Test
    void withoutAPdfViewerTheScreenSaysSoAndSavesACopyInstead(FxRobot robot) throws Exception {
        search(robot, "P-000123");
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 1 (1 record)"), "the real consent");
        assertFalse(shown(robot, "#records-save-copy"), "offered only when no viewer opened the PDF");
        clickRow(robot, "佐藤 花子");
        robot.clickOn("#records-open");
        waitUntil(() -> text(robot, "#records-message").startsWith("No PDF viewer"), "the missing viewer said");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, opened.size(), "the opener was asked");
        assertTrue(shown(robot, "#records-save-copy"), "a copy offered instead");
        org.exoconsent.testing.Screenshots.save(robot.capture(robot.lookup("#records-table").query().getScene()
                .getRoot()).getImage(), "39b-records-no-pdf-viewer");
        Path copy = tmp.resolve("copy-" + System.nanoTime() + ".pdf");
        chooseNext = copy;
        robot.clickOn("#records-save-copy");
        waitUntil(() -> text(robot, "#records-message").endsWith(" was saved to " + copy), "the copy saved");
        assertTrue(new String(Files.readAllBytes(copy), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)
                .equals("%PDF-"), "the signed PDF itself");
        assertFalse(shown(robot, "#records-save-copy"), "the offer goes once the copy is saved");
    }

    @Test
    void whileAPageIsReadTheTableShowsProgressNotNoRecords(FxRobot robot) throws Exception {
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 4 (200 records)"), "the first page");
        pageMayLoad = new CountDownLatch(1); // the next page is read only when the test lets it
        search(robot, "nobody at all");
        waitUntil(() -> table(robot).getPlaceholder().lookup("#records-loading") != null,
                "the turning indicator while the page is read");
        pageMayLoad.countDown();
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 1 (no records)"), "the page read");
        waitUntil(() -> table(robot).getPlaceholder() instanceof Label none
                && none.getText().equals("No records match."), "then: no record matches");
    }
}
