package org.exoconsent.ui.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.print.Printer;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.ProcessTest;
import org.exoconsent.testing.UiTest;
import org.exoconsent.ui.records.RecordsService;
import org.exoconsent.ui.records.RecordsView;
import org.exoconsent.ui.records.RecordsViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A real print: from the records screen, the manager prints a patient's copy and take-home card on Debian's
 * cups-pdf printer (a CUPS queue that writes each job as a PDF), and the jobs come out with every page. Skipped on a
 * developer machine without such a printer; required in CI (CI=true), where .ci/run installs cups, cups-pdf and
 * cups-bsd (Java hands jobs to lpr) and starts cupsd.
 */
@ProcessTest
@UiTest
@ExtendWith(ApplicationExtension.class)
class CupsPrintTest {
    @TempDir
    static Path tmp;
    /** The cups-pdf queue's name, and the folder it writes jobs to. */
    private static String queue;
    private static Path output;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private DataDirectory dir;
    private String id;

    @BeforeAll
    static void findTheCupsPdfPrinter() throws Exception {
        queue = cupsPdfQueue();
        if (queue == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("no cups-pdf printer: .ci/run must install cups, cups-pdf and cups-bsd and "
                    + "start cupsd (see .ci/cups-pdf)");
        }
        assumeTrue(queue != null, "no cups-pdf printer on this machine (lpstat -v shows none with cups-pdf:/)");
        String out = "${HOME}/PDF";
        Path conf = Path.of("/etc/cups/cups-pdf.conf");
        if (Files.exists(conf)) {
            for (String line : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
                if (line.startsWith("Out ")) {
                    out = line.substring(4).strip();
                }
            }
        }
        output = Path.of(out.replace("${HOME}", System.getProperty("user.home")));
    }

    /** The first CUPS queue whose device is cups-pdf, from {@code lpstat -v}; null when there is none. */
    private static String cupsPdfQueue() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("lpstat", "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : out.split("\n")) {
                // "device for PDF: cups-pdf:/"
                if (line.startsWith("device for ") && line.contains(": cups-pdf:/")) {
                    return line.substring("device for ".length(), line.indexOf(": cups-pdf:/"));
                }
            }
        } catch (IOException e) {
            return null; // no lpstat: no CUPS
        }
        return null;
    }

    @Start
    void start(Stage stage) throws Exception {
        dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        ConsentSession s = Examples.session("complete-ja");
        id = s.id();
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            TestAccounts.record(admin, s, Examples.template(), Examples.key(), "test");
            admin.addUser("office", EnumSet.of(Role.MANAGER), null, "manager password".toCharArray());
        }
        RecordsService service;
        RecordStore.CatalogView catalog;
        try (RecordStore m = RecordStore.signIn(dir, Examples.CLOCK, "office", "manager password".toCharArray(),
                "test")) {
            service = new RecordsService(dir, Examples.CLOCK, m.principal());
            catalog = m.catalog();
        }
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        PatientCopyBar copies = new PatientCopyBar(ui, service.patientCopies(), background, new PatientCopyBar.Hooks(
                request -> null, job -> true, () -> Printing.Availability.of(Printer.getAllPrinters().stream()
                .filter(p -> p.getName().equals(queue)).findFirst().orElseThrow())));
        RecordsView view = new RecordsView(new RecordsViewModel(service, background, Platform::runLater), ui,
                catalog, Map.of(), pdf -> true, () -> { }, copies, Examples.CLINIC_CLOCK);
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static Set<Path> jobs() throws IOException {
        if (!Files.isDirectory(output)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(f -> f.toString().endsWith(".pdf")).collect(Collectors.toSet());
        }
    }

    /** Waits for cups-pdf to write one new job file next to {@code before}, completely (its size stops changing). */
    private static Path newJob(Set<Path> before) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Path> added = jobs().stream().filter(f -> !before.contains(f)).toList();
            if (added.size() == 1) {
                long size = -1;
                while (Files.size(added.get(0)) != size) {
                    size = Files.size(added.get(0));
                    Thread.sleep(1000);
                }
                try (PDDocument ignored = Loader.loadPDF(added.get(0).toFile())) {
                    return added.get(0); // complete: it opens
                } catch (IOException stillBeingWritten) {
                    Thread.sleep(500);
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("cups-pdf wrote no job into " + output + " within 90 s");
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void theManagerPrintsThePatientsCopyAndCardOnACupsPrinter(FxRobot robot) throws Exception {
        FxWait.until(() -> text(robot, "#copy-printer").equals("Printer: " + queue), "the printer", 30);
        robot.clickOn("佐藤 花子");
        int pages;
        try (PDDocument signed = Loader.loadPDF(Files.readAllBytes(dir.archive().resolve("2026/11/" + id
                + ".pdf")))) {
            pages = signed.getNumberOfPages();
        }

        Set<Path> before = jobs();
        robot.clickOn("#copy-print");
        FxWait.until(() -> text(robot, "#copy-message").startsWith("The patient's copy was printed"), "the print",
                180);
        assertEquals("The patient's copy was printed on " + queue + " (" + pages + " pages).",
                text(robot, "#copy-message"));
        Path job = newJob(before);
        try (PDDocument printed = Loader.loadPDF(job.toFile())) {
            assertEquals(pages, printed.getNumberOfPages(), "every page came out: " + job);
            PDRectangle a4 = printed.getPage(0).getMediaBox();
            assertEquals(210, a4.getWidth() / 72 * 25.4, 2, "on A4 paper");
            BufferedImage first = new PDFRenderer(printed).renderImageWithDPI(0, 30);
            assertTrue(darkShare(first) > 0.005, "the first page printed is not blank");
        }

        before = jobs();
        robot.clickOn("#card-print");
        FxWait.until(() -> text(robot, "#copy-message").startsWith("The take-home card was printed"), "the card",
                120);
        org.exoconsent.testing.Screenshots.save(robot.capture(robot.lookup("#patient-copy").query().getScene()
                .getRoot()).getImage(), "10b-records-patient-copy");
        Path cardJob = newJob(before);
        try (PDDocument printed = Loader.loadPDF(cardJob.toFile())) {
            assertEquals(1, printed.getNumberOfPages());
            assertTrue(darkShare(new PDFRenderer(printed).renderImageWithDPI(0, 30)) > 0.002, "not blank");
        }
        Files.delete(job); // the jobs this test printed, not the queue's other files
        Files.delete(cardJob);
        try (RecordStore s = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> printedEntries = TestAudit.entries(s, "patient-copy-printed");
            assertEquals(1, printedEntries.size());
            assertTrue(printedEntries.get(0).startsWith("patient-copy-printed " + id + " {\"printer\":\"" + queue
                    + "\",\"pages\":" + pages + ","), printedEntries.toString());
            assertEquals(List.of("card-issued " + id + " {\"printer\":\"" + queue + "\",\"languages\":\"ja\","
                    + "\"withdrawn\":null}"), TestAudit.entries(s, "card-issued"));
        }
    }

    private static double darkShare(BufferedImage img) {
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                dark += ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3 < 160 ? 1 : 0;
            }
        }
        return (double) dark / ((long) img.getWidth() * img.getHeight());
    }
}
