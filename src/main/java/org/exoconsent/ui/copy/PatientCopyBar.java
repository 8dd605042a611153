package org.exoconsent.ui.copy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;
import javafx.print.PrinterJob;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * "For the patient": print or save the patient's copy of a signed record, and print or save their take-home card
 * (issue 12, section 4). Shown on the wizard's review page once the consent is saved, and on the records screen
 * for the selected record. Saving always works, printer or not; without a printer the print buttons say so and are
 * disabled. Every copy given is audited by the store; a file inside the data directory is refused there, and the
 * refusal is shown here.
 */
public final class PatientCopyBar extends VBox {
    /**
     * Where to save: the dialog's title and a suggested file name.
     *
     * @param title         the dialog's title, in the staff's language
     * @param suggestedName a file name without folder, e.g. {@code consent-ID.pdf}
     */
    public record SaveRequest(String title, String suggestedName) {
    }

    /**
     * What the bar asks of the desktop. The app uses {@link #desktop}; tests give their own, since a file chooser
     * or a print dialog cannot be driven in a headless test.
     *
     * @param chooser     asks where to save; returns the file, or null when the person cancelled
     * @param printDialog shows the print dialog for a job (printer, copies); false when the person cancelled
     * @param printers    whether this computer can print, and to which printer (called off the FX thread)
     */
    public record Hooks(Function<SaveRequest, Path> chooser, Predicate<PrinterJob> printDialog,
                        Supplier<Printing.Availability> printers) {
        /** The system's file chooser and print dialog over {@code owner}, and the system's printers. */
        public static Hooks desktop(Supplier<Window> owner) {
            return new Hooks(request -> {
                FileChooser chooser = new FileChooser();
                chooser.setTitle(request.title());
                chooser.setInitialFileName(request.suggestedName());
                chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
                Path documents = Path.of(System.getProperty("user.home"), "Documents");
                if (Files.isDirectory(documents)) {
                    chooser.setInitialDirectory(documents.toFile());
                }
                File chosen = org.exoconsent.ui.controls.Dialogs.system(owner.get(),
                        () -> chooser.showSaveDialog(null));
                return chosen == null ? null : chosen.toPath();
            }, job -> org.exoconsent.ui.controls.Dialogs.system(owner.get(), () -> job.showPrintDialog(null)),
                    Printing::availability);
        }
    }

    /** The two things a patient is given. */
    private enum Kind { COPY, CARD }

    private final ResourceBundle ui;
    private final PatientCopyService service;
    private final Executor background;
    private final Hooks hooks;
    private final StringProperty recordId = new SimpleStringProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObjectProperty<Printing.Availability> availability = new SimpleObjectProperty<>();
    private final Label printer = new Label();
    private final Label message = new Label();

    /**
     * @param ui         the staff's messages
     * @param service    the store, as the signed-in person
     * @param background where slow work runs (the store, rendering pages, the printer)
     */
    private final BooleanProperty noCard = new javafx.beans.property.SimpleBooleanProperty(false);

    public PatientCopyBar(ResourceBundle ui, PatientCopyService service, Executor background, Hooks hooks) {
        super(8);
        this.ui = ui;
        this.service = service;
        this.background = background;
        this.hooks = hooks;
        setId("patient-copy");
        getStyleClass().add("patient-copy");
        Label title = new Label(ui.getString("copy.title"));
        title.setId("copy-title");
        title.getStyleClass().add("field-label");
        BooleanBinding noRecord = recordId.isNull().or(busy);
        BooleanBinding cannotPrint = javafx.beans.binding.Bindings.createBooleanBinding(() -> availability.get()
                == null || !availability.get().canPrint(), availability);
        Button printCopy = button("copy-print", "copy.print");
        Button saveCopy = button("copy-save", "copy.save");
        Button printCard = button("card-print", "card.print");
        Button saveCard = button("card-save", "card.save");
        printCopy.disableProperty().bind(noRecord.or(cannotPrint));
        printCard.disableProperty().bind(noRecord.or(cannotPrint).or(noCard));
        saveCopy.disableProperty().bind(noRecord);
        saveCard.disableProperty().bind(noRecord.or(noCard));
        printCopy.setOnAction(e -> print(Kind.COPY));
        printCard.setOnAction(e -> print(Kind.CARD));
        saveCopy.setOnAction(e -> save(Kind.COPY));
        saveCard.setOnAction(e -> save(Kind.CARD));
        printer.setId("copy-printer");
        printer.setWrapText(true);
        printer.setText(ui.getString("copy.checkingPrinter"));
        message.setId("copy-message");
        message.setWrapText(true);
        availability.addListener((o, was, a) -> {
            String explanation = MessageFormat.format(ui.getString(a.canPrint() ? "copy.printer"
                    : a.problem() == Printing.Availability.Problem.NO_LPR ? "copy.noLpr" : "copy.noPrinter"),
                    a.canPrint() ? a.printer().getName() : "");
            printer.setText(explanation);
            for (Button b : new Button[] {printCopy, printCard}) {
                String key = b == printCopy ? "copy.print" : "card.print";
                // a disabled button shows no tooltip: its own text says why
                b.setText(a.canPrint() ? ui.getString(key) : ui.getString(key + ".unavailable"));
                b.setAccessibleHelp(explanation);
            }
        });
        printer.setLabelFor(printCopy);
        getChildren().addAll(title, new FlowPane(10, 8, printCopy, saveCopy, printCard, saveCard), printer,
                message);
        background.execute(() -> {
            Printing.Availability a;
            try {
                a = hooks.printers().get();
            } catch (RuntimeException e) { // a print system that fails to answer is no printer
                a = Printing.Availability.not(Printing.Availability.Problem.NO_PRINTER);
            }
            Printing.Availability found = a;
            Platform.runLater(() -> availability.set(found));
        });
    }

    /**
     * Ordinary buttons instead of the wizard's large touch targets, for a screen whose other actions are ordinary
     * buttons (the records screen).
     */
    public PatientCopyBar compact() {
        lookupAll(".button").forEach(b -> b.getStyleClass().remove("secondary"));
        return this;
    }

    /**
     * Whether the record has no take-home card (an informed refusal: the patient declined the treatment, there is
     * nothing to carry home about it); true disables the card's buttons only.
     */
    public BooleanProperty noCardProperty() {
        return noCard;
    }

    /** The record whose copy and card are given; null disables the buttons. */
    public StringProperty recordIdProperty() {
        return recordId;
    }

    /** Whether a copy is being printed or saved (the buttons are disabled meanwhile). */
    public BooleanProperty busyProperty() {
        return busy;
    }

    private Button button(String id, String key) {
        Button b = new Button(ui.getString(key));
        b.setId(id);
        b.setAccessibleText(ui.getString(key));
        b.getStyleClass().add("secondary");
        return b;
    }

    private void say(String key, Object... args) {
        message.setText(MessageFormat.format(ui.getString(key), args));
    }

    private void save(Kind kind) {
        String id = recordId.get();
        Path chosen = hooks.chooser().apply(new SaveRequest(ui.getString(kind == Kind.COPY ? "copy.saveTitle"
                : "card.saveTitle"), (kind == Kind.COPY ? "consent-" : "take-home-card-") + id + ".pdf"));
        if (chosen == null) {
            return; // cancelled: nothing to say
        }
        boolean overwrite = Files.exists(chosen); // the chooser has asked whether to replace it
        busy.set(true);
        Task<Path> task = new Task<>() {
            @Override
            protected Path call() throws Exception {
                return kind == Kind.COPY ? service.saveConsentCopy(id, chosen, overwrite)
                        : service.saveCard(id, chosen, overwrite);
            }
        };
        task.setOnSucceeded(e -> {
            busy.set(false);
            say(kind == Kind.COPY ? "copy.saved" : "card.saved", task.getValue());
        });
        task.setOnFailed(e -> {
            busy.set(false);
            say("copy.failed", task.getException().getMessage());
        });
        background.execute(task);
    }

    private void print(Kind kind) {
        String id = recordId.get();
        Printing.Availability a = availability.get();
        PrinterJob job = a == null || !a.canPrint() ? null : PrinterJob.createPrinterJob(a.printer());
        if (job == null) {
            say("copy.noPrinter");
            return;
        }
        job.getJobSettings().setJobName("ExoConsent " + (kind == Kind.COPY ? "patient copy " : "take-home card ")
                + id);
        if (!hooks.printDialog().test(job)) {
            job.cancelJob();
            say("copy.cancelled");
            return;
        }
        busy.set(true);
        Task<String> task = new Task<>() {
            @Override
            protected String call() throws Exception {
                byte[] pdf = kind == Kind.COPY ? service.consentCopy(id) : service.card(id);
                int pages = Printing.print(pdf, Printing.Target.of(job), p -> updateMessage(MessageFormat.format(
                        ui.getString("copy.printing"), p.index() + 1, p.count())));
                if (!job.endJob()) {
                    throw new IllegalStateException(MessageFormat.format(ui.getString("copy.printerRefused"),
                            job.getPrinter().getName(), job.getJobStatus()));
                }
                String name = job.getPrinter().getName();
                if (kind == Kind.COPY) {
                    service.consentCopyPrinted(id, name, pages);
                    return MessageFormat.format(ui.getString("copy.printed"), name, pages);
                }
                service.cardPrinted(id, name);
                return MessageFormat.format(ui.getString("card.printed"), name);
            }
        };
        task.messageProperty().addListener((o, was, m) -> message.setText(m));
        task.setOnSucceeded(e -> {
            busy.set(false);
            message.setText(task.getValue());
        });
        task.setOnFailed(e -> {
            busy.set(false);
            if (job.getJobStatus() != PrinterJob.JobStatus.DONE) {
                job.cancelJob();
            }
            say("copy.failed", task.getException().getMessage());
        });
        background.execute(task);
    }
}
