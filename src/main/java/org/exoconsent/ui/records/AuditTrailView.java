package org.exoconsent.ui.records;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.AuditTrail;

/**
 * The audit trail for an inspector, in the records screen: the filters of {@code exoconsent audit export} (from, to,
 * action, who, subject), the matching entries (the newest {@value AuditTrailViewModel#SHOWN}), the chain's head and
 * whether it verifies, and an export of every matching entry to FILE.csv or FILE.pdf. A view over {@link
 * AuditTrailViewModel}.
 */
public final class AuditTrailView extends VBox {
    final TableView<AuditTrail.Entry> table = new TableView<>();
    private final ResourceBundle ui;

    /**
     * @param language the language of an exported PDF's headings (the staff's: {@code ja} or {@code en})
     * @param clock    the clinic's clock: the suggested file name carries the clinic's date and time
     */
    public AuditTrailView(AuditTrailViewModel vm, ResourceBundle ui, String language, ClinicClock clock) {
        super(8);
        this.ui = ui;
        setPadding(new Insets(12));
        DatePicker from = new DatePicker();
        from.setId("audit-from");
        from.valueProperty().bindBidirectional(vm.from);
        DatePicker to = new DatePicker();
        to.setId("audit-to");
        to.valueProperty().bindBidirectional(vm.to);
        TextField action = field("audit-action", vm.action);
        TextField actor = field("audit-actor", vm.actor);
        TextField subject = field("audit-subject", vm.subject);
        Button search = button("audit-search", "audit.search");
        search.setDefaultButton(true);
        search.disableProperty().bind(vm.busyProperty());
        search.setOnAction(e -> vm.search());
        GridPane filters = new GridPane();
        filters.setHgap(10);
        filters.setVgap(4);
        int c = 0;
        for (Object[] f : new Object[][] {{"records.from", from}, {"records.to", to}, {"audit.action", action},
            {"audit.actor", actor}, {"audit.subject", subject}}) {
            Label l = new Label(ui.getString((String) f[0]));
            Control control = (Control) f[1];
            l.setLabelFor(control);
            control.setAccessibleText(l.getText());
            control.setPrefWidth(150);
            filters.add(l, c, 0);
            filters.add(control, c, 1);
            c++;
        }
        filters.add(search, c, 1);

        table.setId("audit-table");
        table.setAccessibleText(ui.getString("audit.title"));
        table.setPlaceholder(new Label(ui.getString("audit.none")));
        column("audit.col.seq", e -> String.valueOf(e.seq()), 60);
        column("audit.col.time", AuditTrail.Entry::time, 190);
        // the roles of who acted in the staff language ("sato（職員）"); the filter searches the recorded words
        column("audit.col.actor", e -> org.exoconsent.ui.controls.UiLanguage.actor(ui, e.actor()), 170);
        column("audit.col.action", AuditTrail.Entry::action, 150);
        column("audit.col.subject", AuditTrail.Entry::subject, 250);
        column("audit.col.details", AuditTrail.Entry::details, 420);
        table.setItems(vm.rows());
        VBox.setVgrow(table, Priority.ALWAYS);

        Label head = new Label();
        head.setId("audit-head");
        head.setWrapText(true);
        head.textProperty().bind(Bindings.createStringBinding(() -> {
            AuditTrail.Chain ch = vm.chainProperty().get();
            return ch == null ? "" : MessageFormat.format(ui.getString(ch.verifies() ? "audit.headVerifies"
                    : "audit.headBroken"), String.valueOf(ch.headSeq()), ch.headHash(), String.join("; ",
                    ch.problems()));
        }, vm.chainProperty()));

        TextField file = new TextField(Path.of(System.getProperty("user.home"), "ExoConsent-exports", "audit-"
                + clock.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".pdf").toString());
        file.setId("audit-export-file");
        file.setPrefColumnCount(40);
        Label fileLabel = new Label(ui.getString("audit.exportFile"));
        fileLabel.setLabelFor(file);
        file.setAccessibleText(fileLabel.getText());
        Button export = button("audit-export", "audit.export");
        export.disableProperty().bind(vm.busyProperty().or(file.textProperty().isEmpty()));
        export.setOnAction(e -> vm.export(Path.of(file.getText().strip()), language));
        HBox exportRow = new HBox(8, fileLabel, file, export);
        exportRow.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("audit-message");
        message.setWrapText(true);
        vm.messageProperty().addListener((o, was, m) -> message.setText(m == null ? "" : MessageFormat.format(
                ui.getString(m.key()), m.args().toArray())));
        getChildren().addAll(filters, table, head, exportRow, message);
        vm.search();
    }

    private TextField field(String id, javafx.beans.property.StringProperty value) {
        TextField t = new TextField();
        t.setId(id);
        t.textProperty().bindBidirectional(value);
        return t;
    }

    private Button button(String id, String key) {
        Button b = new Button(ui.getString(key));
        b.setId(id);
        b.setAccessibleText(ui.getString(key));
        return b;
    }

    private void column(String key, Function<AuditTrail.Entry, String> value, double width) {
        TableColumn<AuditTrail.Entry, String> col = new TableColumn<>(ui.getString(key));
        col.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(c.getValue())));
        col.setPrefWidth(width);
        col.setSortable(false); // the trail's order: by sequence
        table.getColumns().add(col);
    }
}
