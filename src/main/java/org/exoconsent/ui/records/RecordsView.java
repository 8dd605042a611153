package org.exoconsent.ui.records;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;

/**
 * The manager's records screen: filters above, one page of records in a table, the actions below (open, verify,
 * verify all, withdraw, lot recall, export) with a progress bar and cancel, and the selected record's patient's copy
 * and take-home card ({@link org.exoconsent.ui.copy.PatientCopyBar}). A view over {@link RecordsViewModel}.
 */
public final class RecordsView extends BorderPane {
    private final RecordsViewModel vm;
    private final ResourceBundle ui;
    private final ClinicClock clock;
    final TableView<RecordRow> table = new TableView<>();

    /**
     * @param indications the template's purposes, id to the name in the staff's language
     * @param openPdf     opens a PDF in the system's viewer (off the FX thread)
     * @param back        returns to the home screen
     * @param clock       the clinic's clock (the store's): today's date for a withdrawal and the export's file name
     *                    are the clinic's, whatever this device's zone (the records' times come in the clinic's zone)
     */
    public RecordsView(RecordsViewModel vm, ResourceBundle ui, RecordStore.CatalogView catalog,
                       Map<String, String> indications, org.exoconsent.ui.copy.PdfOpener openPdf, Runnable back,
                       ClinicClock clock) {
        this(vm, ui, catalog, indications, openPdf, back, null, clock);
    }

    /**
     * @param indications the template's purposes, id to the name in the staff's language
     * @param openPdf     opens a PDF in the system's viewer (called off the FX thread); false when there is none, and
     *                    the screen offers to save a copy instead
     * @param back        returns to the home screen
     * @param copies      the patient's copy and take-home card of the selected record, or null for none
     * @param clock       the clinic's clock (the store's), as above
     */
    public RecordsView(RecordsViewModel vm, ResourceBundle ui, RecordStore.CatalogView catalog,
                       Map<String, String> indications, org.exoconsent.ui.copy.PdfOpener openPdf, Runnable back,
                       org.exoconsent.ui.copy.PatientCopyBar copies, ClinicClock clock) {
        this.vm = vm;
        this.ui = ui;
        this.clock = clock;
        getStyleClass().add("records");

        // --- filters -------------------------------------------------------------------------------------------
        DatePicker from = new DatePicker();
        from.setId("filter-from");
        from.valueProperty().bindBidirectional(vm.from);
        DatePicker to = new DatePicker();
        to.setId("filter-to");
        to.valueProperty().bindBidirectional(vm.to);
        ComboBox<String> physician = choice("filter-physician", catalog.physicians().stream()
                .map(Catalog.Physician::name).toList(), n -> n);
        physician.valueProperty().bindBidirectional(vm.physician);
        ComboBox<String> product = choice("filter-product", catalog.products().stream().map(Catalog.Product::name)
                .toList(), n -> n);
        product.valueProperty().bindBidirectional(vm.product);
        TextField lot = new TextField();
        lot.setId("filter-lot");
        lot.textProperty().bindBidirectional(vm.lot);
        // issue 16 §7: a part of the name, reading or number, however typed (full-width, kana, case)
        TextField patient = new TextField();
        patient.setId("filter-patient");
        patient.textProperty().bindBidirectional(vm.patient);
        // the status words are the document words' (consent/words*.properties): the Excel export writes the same
        org.exoconsent.consent.Words words = new org.exoconsent.consent.Words(
                org.exoconsent.ui.controls.UiLanguage.of(ui));
        ComboBox<String> status = choice("filter-status", java.util.List.of("active", "withdrawn"),
                s -> words.get("status." + s));
        status.valueProperty().bindBidirectional(vm.status);
        ComboBox<String> indication = choice("filter-indication", java.util.List.copyOf(indications.keySet()),
                id -> indications.getOrDefault(id, id));
        indication.valueProperty().bindBidirectional(vm.indication);
        Button search = button("records-search", "records.search");
        search.getStyleClass().add("primary");
        search.setDefaultButton(true);
        search.setOnAction(e -> vm.search());
        Button clear = button("records-clear", "records.clear");
        clear.setOnAction(e -> vm.clearFilters());
        GridPane filters = new GridPane();
        filters.setHgap(10);
        filters.setVgap(6);
        int c = 0;
        for (Object[] f : new Object[][] {{"records.from", from}, {"records.to", to}, {"records.physician", physician},
            {"records.product", product}, {"records.lot", lot}, {"records.statusLabel", status},
            {"records.indication", indication}, {"records.patientFilter", patient}}) {
            Label l = new Label(ui.getString((String) f[0]));
            l.getStyleClass().add("field-label");
            l.setWrapText(true); // a long label wraps in its column rather than being cut (issue 16 §4)
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            javafx.scene.control.Control control = (javafx.scene.control.Control) f[1];
            l.setLabelFor(control);
            control.setAccessibleText(l.getText());
            control.setPrefWidth(c < 2 ? 150 : 170);
            control.setMaxWidth(Double.MAX_VALUE); // the column's width, which grows with the window
            filters.add(l, c % 4, (c / 4) * 2);
            filters.add(control, c % 4, (c / 4) * 2 + 1);
            c++;
        }
        for (int i = 0; i < 4; i++) { // four equal columns, whatever the window's width (issue 16 §4)
            javafx.scene.layout.ColumnConstraints column = new javafx.scene.layout.ColumnConstraints();
            column.setPercentWidth(25);
            column.setHgrow(javafx.scene.layout.Priority.ALWAYS);
            filters.getColumnConstraints().add(column);
        }
        search.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        clear.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox filterButtons = new HBox(10, search, clear);
        filterButtons.setAlignment(Pos.BOTTOM_LEFT);
        filters.add(filterButtons, 0, 4, 4, 1); // under the filters, whole on a small screen (issue 16 §4, §7)
        VBox top = new VBox(8, org.exoconsent.ui.controls.ScreenHeader.of(ui, "records.title", "records-back", back),
                filters);
        top.setPadding(new Insets(12, 16, 8, 16));
        setTop(top);

        // --- the table -----------------------------------------------------------------------------------------
        table.setId("records-table");
        table.setAccessibleText(ui.getString("records.title"));
        // while a page loads the table says so, with an indicator (issue 16 §7), rather than "no records"
        Label none = new Label(ui.getString("records.none"));
        javafx.scene.control.ProgressIndicator loading = new javafx.scene.control.ProgressIndicator();
        loading.setId("records-loading");
        loading.setAccessibleText(ui.getString("records.loading"));
        Label loadingText = new Label(ui.getString("records.loading"));
        VBox loadingBox = new VBox(8, loading, loadingText);
        loadingBox.setAlignment(Pos.CENTER);
        table.placeholderProperty().bind(Bindings.when(vm.busyProperty()).then((javafx.scene.Node) loadingBox)
                .otherwise(none));
        // the consultation's day and time in the clinic's zone (the store gives ISO times in it)
        // a row with a value that cannot be read is listed, marked (attack review of 2026-12-01)
        column("records.col.date", r -> RecordRow.UNREADABLE.equals(r.consultationAt())
                ? ui.getString("records.unreadable") : r.consultationAt().substring(0, 16).replace('T', ' ')
                + (r.damaged() ? " (" + ui.getString("records.unreadable") + ")" : ""), 150);
        column("records.col.patientNumber", RecordRow::patientNumber, 110);
        column("records.col.patient", RecordRow::patientName, 140);
        column("records.col.phone", r -> r.patientPhone() == null ? "" : r.patientPhone(), 175);
        column("records.col.physician", RecordRow::physicianName, 110);
        column("records.col.indication", r -> indications.getOrDefault(r.indication(), r.indication()), 160);
        column("records.col.product", RecordRow::productName, 170);
        column("records.col.lot", RecordRow::lotNumber, 165);
        // an informed refusal is neither active nor withdrawn: its kind says what it is (attack review F7)
        column("records.col.status", r -> "refusal".equals(r.kind()) ? "—" : words.get("status." + r.status()), 80);
        // a consent or an informed refusal (issue 16 §5), in the words of the exports
        column("records.col.kind", r -> words.get("kind." + r.kind()), 210);
        // the template version the patient was shown and signed (earlier records keep theirs)
        column("records.col.template", RecordRow::templateVersion, 80);
        column("records.col.id", RecordRow::id, 150);
        // a patient's detail corrected by a signed correction document shows its corrected value above; this names it
        column("records.col.correctedBy", r -> r.correctedBy() == null ? "" : r.correctedBy(), 200);
        table.setItems(vm.rows());
        // every column as wide as its widest name, number or lot: the table scrolls sideways (issue 16 §4)
        org.exoconsent.ui.controls.TableColumns.fitToContent(table, Double.MAX_VALUE);
        setCenter(table);
        BorderPane.setMargin(table, new Insets(0, 16, 0, 16));

        // --- paging, actions, progress -------------------------------------------------------------------------
        Button previous = button("records-previous", "records.previous");
        previous.setOnAction(e -> vm.previousPage());
        Button next = button("records-next", "records.next");
        next.setOnAction(e -> vm.nextPage());
        Label pageLabel = new Label();
        pageLabel.setId("records-page");
        pageLabel.textProperty().bind(Bindings.createStringBinding(() -> MessageFormat.format(
                ui.getString("records.pageOf"), vm.pageProperty().get() + 1, vm.pageCount(), vm.totalProperty().get()),
                vm.pageProperty(), vm.totalProperty()));
        var noSelection = table.getSelectionModel().selectedItemProperty().isNull();
        Button open = button("records-open", "records.open");
        open.disableProperty().bind(noSelection.or(vm.busyProperty()));
        open.setOnAction(e -> vm.open(selected(), openPdf));
        // no PDF viewer on this computer (issue 16 §7): said in the message, and a copy can be saved instead
        Button saveInstead = button("records-save-copy", "records.saveCopy");
        saveInstead.visibleProperty().bind(vm.noViewerProperty().isNotNull());
        saveInstead.managedProperty().bind(saveInstead.visibleProperty());
        saveInstead.disableProperty().bind(vm.busyProperty());
        saveInstead.setOnAction(e -> {
            RecordRow row = vm.noViewerProperty().get();
            Path chosen = chooser.apply(new org.exoconsent.ui.copy.PatientCopyBar.SaveRequest(
                    ui.getString("records.saveCopy"), row.id() + ".pdf"));
            if (chosen != null) {
                vm.saveCopy(row, chosen, java.nio.file.Files.exists(chosen)); // the chooser asked about replacing
            }
        });
        Button exportPatient = button("records-export-patient", "records.exportPatient");
        exportPatient.disableProperty().bind(noSelection.or(vm.busyProperty()));
        exportPatient.setOnAction(e -> {
            RecordRow row = selected();
            String stamp = clock.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path chosen = chooser.apply(new org.exoconsent.ui.copy.PatientCopyBar.SaveRequest(MessageFormat.format(
                    ui.getString("records.exportPatientTitle"), row.patientNumber()), "patient-"
                    + row.patientNumber().replaceAll("[^\\p{L}\\p{N}-]", "_") + "-" + stamp + ".zip"));
            if (chosen != null) {
                vm.exportPatient(row, Path.of(fitted(RecordStore.ExportFormat.ZIP, chosen.toString())));
            }
        });
        Button verify = button("records-verify", "records.verify");
        verify.disableProperty().bind(noSelection.or(vm.busyProperty()));
        verify.setOnAction(e -> vm.verify(selected()));
        Button verifyAll = button("records-verify-all", "records.verifyAll");
        verifyAll.disableProperty().bind(vm.busyProperty());
        verifyAll.setOnAction(e -> vm.verifyAll());
        Button withdraw = button("records-withdraw", "records.withdraw");
        // a withdrawal is of a consent: an informed refusal has none (attack review F7)
        javafx.beans.binding.BooleanBinding refusalSelected = Bindings.createBooleanBinding(() -> selected() != null
                && "refusal".equals(selected().kind()), table.getSelectionModel().selectedItemProperty());
        withdraw.disableProperty().bind(noSelection.or(vm.busyProperty()).or(refusalSelected));
        withdraw.setOnAction(e -> askWithdrawal(selected(), vm.servicePrincipalName()));
        Button recall = button("records-recall", "records.recall");
        recall.disableProperty().bind(noSelection.or(vm.busyProperty()));
        recall.setOnAction(e -> vm.recall(selected()));
        Button export = button("records-export", "records.export");
        export.disableProperty().bind(vm.busyProperty());
        export.setOnAction(e -> askExport());
        Button audit = button("records-audit", "records.audit");
        audit.setOnAction(e -> showAuditTrail());
        ProgressBar bar = new ProgressBar();
        bar.setId("records-progress");
        bar.setPrefWidth(240);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.progressProperty().greaterThanOrEqualTo(0));
        Button cancel = button("records-cancel", "records.cancel");
        cancel.visibleProperty().bind(bar.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        Label message = new Label();
        message.setId("records-message");
        message.setWrapText(true);
        vm.messageProperty().addListener((o, was, m) -> message.setText(m == null ? "" : text(m)));
        Tooltip details = new Tooltip();
        details.textProperty().bind(vm.problemDetailsProperty());
        message.setTooltip(details);
        HBox paging = new HBox(10, previous, pageLabel, next);
        paging.setAlignment(Pos.CENTER_LEFT);
        // what this person's roles do not allow is disabled with the reason under it, as on the home screen, rather
        // than refused after a file was chosen (review F8)
        FlowPane actions = new FlowPane(10, 8, open, saveInstead,
                permitted(verify, Permission.VERIFY_RECORDS, "records.onlyVerify"),
                permitted(withdraw, Permission.WITHDRAW, "records.onlyWithdraw"),
                permitted(recall, Permission.EXPORT, "home.onlyRecords"),
                permitted(verifyAll, Permission.VERIFY_RECORDS, "records.onlyVerify"),
                permitted(export, Permission.EXPORT, "home.onlyRecords"),
                permitted(exportPatient, Permission.EXPORT, "home.onlyRecords"),
                permitted(audit, Permission.EXPORT, "home.onlyRecords"), bar, cancel);
        actions.setRowValignment(javafx.geometry.VPos.TOP); // buttons in a row level, reasons under them
        VBox bottom = new VBox(8, paging, actions, org.exoconsent.ui.controls.MessageArea.around(message));
        if (copies != null) {
            copies.recordIdProperty().bind(Bindings.createStringBinding(() -> selected() == null ? null
                    : selected().id(), table.getSelectionModel().selectedItemProperty()));
            copies.noCardProperty().bind(refusalSelected);
            bottom.getChildren().add(copies.compact()); // under the message, within the lower part's scrolling
        }
        bottom.setPadding(new Insets(8, 16, 12, 16));
        // the lower part (paging, actions, message, patient-copy bar) takes at most 45 % of the screen's height and
        // scrolls beyond it: the records table keeps its rows on a 1280×800 screen (seen 2026-12-02: a long message
        // left the table its header only and pushed the patient-copy bar out of the window)
        javafx.scene.control.ScrollPane lower = new javafx.scene.control.ScrollPane(bottom);
        lower.setFitToWidth(true);
        lower.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        lower.getStyleClass().add("records-lower");
        lower.maxHeightProperty().bind(heightProperty().multiply(0.45));
        lower.setMinHeight(0);
        setBottom(lower);
        vm.search();
    }

    /** Asks where to save (a copy, a patient's export); null when cancelled. The system's file chooser by default. */
    private java.util.function.Function<org.exoconsent.ui.copy.PatientCopyBar.SaveRequest, Path> chooser = request -> {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(request.title());
        chooser.setInitialFileName(request.suggestedName());
        java.io.File chosen = org.exoconsent.ui.controls.Dialogs.system(getScene().getWindow(),
                () -> chooser.showSaveDialog(null));
        return chosen == null ? null : chosen.toPath();
    };

    /**
     * Replaces the file chooser this screen asks where to save with (a test's, since a system dialog cannot be driven
     * headless).
     */
    public void setChooser(java.util.function.Function<org.exoconsent.ui.copy.PatientCopyBar.SaveRequest, Path> c) {
        this.chooser = c;
    }

    private RecordRow selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    /** A message in the staff's language; an argument that is a message, or a list of them, is said too. */
    private String text(RecordsViewModel.Message m) {
        Object[] args = m.args().stream().map(a -> a instanceof RecordsViewModel.Message inner ? text(inner)
                : a instanceof java.util.List<?> list ? list.stream().map(x -> x instanceof RecordsViewModel.Message
                        inner ? text(inner) : String.valueOf(x)).collect(java.util.stream.Collectors.joining(
                        ui.getString("records.listSeparator"))) : a).toArray();
        return MessageFormat.format(ui.getString(m.key()), args);
    }

    /**
     * {@code b} as it is when the signed-in person may {@code needed}; else {@code b} disabled with the reason
     * ({@code reasonKey}, id {@code <button id>-reason}) written under it (a disabled control shows no tooltip).
     */
    private javafx.scene.Node permitted(Button b, Permission needed, String reasonKey) {
        if (vm.may(needed)) {
            return b;
        }
        b.disableProperty().unbind();
        b.setDisable(true);
        b.setAccessibleText(b.getText() + ": " + ui.getString(reasonKey));
        Label why = new Label(ui.getString(reasonKey));
        why.setId(b.getId() + "-reason");
        why.getStyleClass().add("hint");
        why.setWrapText(true);
        why.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped, never cut short
        why.setMaxWidth(Math.max(320, b.prefWidth(-1))); // a reason on one line at 1280 px, wrapped on less
        return new VBox(2, b, why);
    }

    private Button button(String id, String key) {
        Button b = new Button(ui.getString(key));
        b.setId(id);
        b.setAccessibleText(ui.getString(key));
        return b;
    }

    private <T> ComboBox<T> choice(String id, java.util.List<T> items, Function<T, String> show) {
        ComboBox<T> box = new ComboBox<>(FXCollections.observableArrayList(items));
        box.getItems().add(0, null); // "any"
        box.setId(id);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? ui.getString("records.any") : show.apply(value);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        });
        box.setButtonCell(new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(item == null ? ui.getString("records.any") : show.apply(item));
            }
        });
        return box;
    }

    private void column(String key, Function<RecordRow, String> value, double width) {
        TableColumn<RecordRow, String> col = new TableColumn<>(ui.getString(key));
        col.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(c.getValue())));
        col.setPrefWidth(width);
        col.setSortable(false); // the order is the store's: newest consultation first
        table.getColumns().add(col);
    }

    /** The withdrawal: date (today by default), reason, and who received it; then recorded and signed. */
    private void askWithdrawal(RecordRow row, String receiver) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(ui.getString("records.withdraw"));
        org.exoconsent.ui.controls.Dialogs.over(this, d);
        DatePicker date = new DatePicker(clock.today());
        date.setId("withdraw-date");
        TextField reason = new TextField();
        reason.setId("withdraw-reason");
        TextField receivedBy = new TextField(receiver);
        receivedBy.setId("withdraw-received-by");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label(ui.getString("records.withdrawWhat")), new Label(row.patientName() + "（"
                + row.patientNumber() + "） " + row.id()));
        grid.addRow(1, new Label(ui.getString("records.withdrawDate")), date);
        grid.addRow(2, new Label(ui.getString("records.withdrawReason")), reason);
        grid.addRow(3, new Label(ui.getString("records.withdrawReceivedBy")), receivedBy);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(reason.textProperty().isEmpty()
                .or(receivedBy.textProperty().isEmpty()).or(date.valueProperty().isNull()));
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.withdraw(row, date.getValue(),
                reason.getText().strip(), receivedBy.getText().strip()));
    }

    /** The audit trail for an inspector (issue 13 §6), in a window of its own over this screen. */
    private void showAuditTrail() {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(ui.getString("audit.title"));
        org.exoconsent.ui.controls.Dialogs.over(this, d);
        d.setResizable(true);
        String language = ui.getLocale().getLanguage().equals("ja") ? "ja" : "en";
        d.getDialogPane().setContent(new AuditTrailView(vm.auditTrail(), ui, language, clock));
        d.getDialogPane().setPrefSize(1180, 700);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.show();
    }

    /** Export of the records on screen (the current filter): format and file, then progress with cancel. */
    private void askExport() {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(ui.getString("records.export"));
        org.exoconsent.ui.controls.Dialogs.over(this, d);
        ComboBox<RecordStore.ExportFormat> format = new ComboBox<>(FXCollections.observableArrayList(
                RecordStore.ExportFormat.values()));
        format.setId("export-format");
        format.setValue(RecordStore.ExportFormat.XLSX); // the format a clinic manager opens: every cell typed
        String stamp = clock.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Path.of(System.getProperty("user.home"), "ExoConsent-exports");
        TextField file = new TextField();
        file.setId("export-file");
        file.setPrefColumnCount(36);
        Runnable suggest = () -> file.setText(folder.resolve("records-" + stamp + "."
                + format.getValue().name().toLowerCase(java.util.Locale.ROOT)).toString());
        suggest.run();
        // the file's extension follows the format (an Excel file under a .csv name would open as garbage)
        format.valueProperty().addListener((o, was, now) -> file.setText(fitted(now, file.getText())));
        Button browse = new Button(ui.getString("records.browse"));
        browse.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setInitialFileName(Path.of(file.getText()).getFileName().toString());
            java.io.File chosen = org.exoconsent.ui.controls.Dialogs.system(getScene().getWindow(),
                    () -> chooser.showSaveDialog(null));
            if (chosen != null) {
                file.setText(fitted(format.getValue(), chosen.getPath()));
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label(ui.getString("records.exportWhat")), new Label(MessageFormat.format(
                ui.getString("records.exportCount"), vm.totalProperty().get())));
        grid.addRow(1, new Label(ui.getString("records.exportFormat")), format);
        grid.addRow(2, new Label(ui.getString("records.exportFile")), new HBox(8, file, browse));
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        // an xlsx's or csv's headings in the app's language (a zip's records.csv keeps its column keys)
        org.exoconsent.records.ExportHeaders headers = ui.getLocale().getLanguage().equals("ja")
                ? org.exoconsent.records.ExportHeaders.JA : org.exoconsent.records.ExportHeaders.EN;
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.export(format.getValue(),
                Path.of(fitted(format.getValue(), file.getText())), headers));
    }

    /** The file name typed, with the format's extension in place of another format's (m.csv for xlsx: m.xlsx). */
    static String fitted(RecordStore.ExportFormat format, String typed) {
        String t = typed == null ? "" : typed.strip();
        return t.isEmpty() ? t : org.exoconsent.records.ExportFileNames.withExtension(format, Path.of(t)).toString();
    }
}
