package org.exoconsent.ui.admin;

import java.io.File;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.exoconsent.records.TemplateLibrary;

/**
 * The consent template versions: which one new consultations use, every version the clinic has (bundled or
 * imported, never removed: records name them), importing a new version (checked with every rule before it is
 * stored) and activating one. Drafts and records keep the version they were made with.
 */
final class TemplatesTab extends VBox {
    TemplatesTab(AdminViewModel vm, ResourceBundle ui) {
        super(8);
        setPadding(new Insets(12));
        Label active = new Label();
        active.setId("admin-template-active");
        active.getStyleClass().add("field-label");
        active.setWrapText(true);
        // a version whose stored time or date cannot be read is listed all the same, the value marked, and the
        // damage named above the table with its repair (brief C of issue 17: one such row emptied the whole screen)
        String unreadable = ui.getString("records.unreadable");
        Label damaged = new Label();
        damaged.setId("admin-templates-damaged");
        damaged.getStyleClass().add("notice");
        damaged.setWrapText(true);
        damaged.setMaxWidth(900);
        damaged.managedProperty().bind(damaged.visibleProperty());
        damaged.setVisible(false);
        // a version put into the store with SQL (no 'template-added' audit entry): named, never activated
        Label addedOutside = new Label();
        addedOutside.setId("admin-templates-added-outside");
        addedOutside.getStyleClass().add("notice");
        addedOutside.setWrapText(true);
        addedOutside.setMaxWidth(900);
        addedOutside.managedProperty().bind(addedOutside.visibleProperty());
        addedOutside.setVisible(false);
        vm.templates().addListener((javafx.collections.ListChangeListener<TemplateLibrary.Version>) c -> {
            active.setText(vm.templates().stream().filter(TemplateLibrary.Version::active).map(v ->
                    v.containsErrors() ? MessageFormat.format(ui.getString("admin.templateCorrected"), v.id(),
                            v.version(), v.correctedBy().get(0))
                    : MessageFormat.format(ui.getString("admin.templateInUse"), v.id(), v.version(),
                            v.effectiveDate() == null ? unreadable : v.effectiveDate().toString()))
                    .reduce((a, b) -> a + "\n" + b).orElse(""));
            // a value that cannot be read, and a version added outside ExoConsent (no 'template-added' entry), each
            // said in its own words
            java.util.function.Predicate<String> outsideLine = d -> d.contains(TemplateLibrary.ADDED_OUTSIDE);
            java.util.List<TemplateLibrary.Version> withDamage = vm.templates().stream()
                    .filter(v -> v.damage().stream().anyMatch(outsideLine.negate())).toList();
            damaged.setVisible(!withDamage.isEmpty());
            damaged.setText(withDamage.isEmpty() ? "" : MessageFormat.format(ui.getString("admin.templatesDamaged"),
                    withDamage.size(), String.join("\n", withDamage.stream().flatMap(v -> v.damage().stream())
                            .filter(outsideLine.negate()).toList())));
            java.util.List<TemplateLibrary.Version> outside = vm.templates().stream()
                    .filter(TemplateLibrary.Version::addedOutside).toList();
            addedOutside.setVisible(!outside.isEmpty());
            addedOutside.setText(outside.isEmpty() ? "" : MessageFormat.format(ui.getString(
                    "admin.templatesAddedOutside"), outside.size(), String.join(", ", outside.stream()
                            .map(v -> org.exoconsent.records.DamagedStoreException.plain(v.id() + " " + v.version()))
                            .toList())));
        });

        TableView<TemplateLibrary.Version> table = new TableView<>(vm.templates());
        table.setId("admin-templates");
        table.setAccessibleText(ui.getString("admin.templates"));
        table.setPlaceholder(new Label(ui.getString("admin.templatesNone")));
        // the time it was chosen is not a column: its damage marked beside the mark, which stays
        AdminView.column(table, "admin.col.inUse", v -> !v.active() ? "" : v.activationTimeDamaged() ? "✔ ("
                + unreadable + ")" : "✔", 80, ui);
        AdminView.column(table, "admin.col.template", TemplateLibrary.Version::id, 180, ui);
        AdminView.column(table, "admin.col.version", TemplateLibrary.Version::version, 85, ui);
        AdminView.column(table, "admin.col.effective", v -> v.effectiveDate() == null ? unreadable
                : v.effectiveDate().toString(), 140, ui);
        AdminView.column(table, "admin.col.languages", v -> String.join(", ", v.languages()), 115, ui);
        AdminView.column(table, "admin.col.source", v -> ui.getString(v.bundled() ? "admin.source.bundled"
                : "admin.source.imported"), 230, ui);
        AdminView.column(table, "admin.col.added", v -> (v.addedAt() == null ? unreadable
                : vm.clinicClockProperty().get().onScreen(v.addedAt())) + " · "
                + v.addedBy().replaceFirst(" \\[.*", ""), 280, ui);
        AdminView.column(table, "admin.col.sha", v -> v.sha256().substring(0, 10) + "…", 135, ui);
        AdminView.column(table, "admin.col.errors", v -> v.containsErrors() ? MessageFormat.format(
                ui.getString("admin.correctedBy"), String.join(", ", v.correctedBy())) : "", 220, ui);
        org.exoconsent.ui.controls.TableColumns.fitToContent(table, Double.MAX_VALUE); // issue 16 §4
        table.setPrefHeight(240);

        Button activate = new Button(ui.getString("admin.activateTemplate"));
        activate.setId("admin-activate-template");
        activate.getStyleClass().add("primary");
        activate.disableProperty().bind(vm.busyProperty().or(Bindings.createBooleanBinding(() -> {
            TemplateLibrary.Version v = table.getSelectionModel().getSelectedItem();
            return v == null || v.active() || v.containsErrors() || v.addedOutside();
        }, table.getSelectionModel().selectedItemProperty())));
        activate.setOnAction(e -> {
            TemplateLibrary.Version v = table.getSelectionModel().getSelectedItem();
            if (v != null) {
                vm.activateTemplate(v.id(), v.version());
            }
        });
        Label activateNote = new Label(ui.getString("admin.activateNote"));
        activateNote.setWrapText(true);
        activateNote.setMaxWidth(900);

        TextField folder = new TextField();
        folder.setId("admin-template-folder");
        folder.setPrefColumnCount(40);
        Label folderLabel = new Label(ui.getString("admin.templateFolder"));
        folderLabel.getStyleClass().add("field-label");
        folderLabel.setLabelFor(folder);
        folder.setAccessibleText(folderLabel.getText());
        Button choose = new Button(ui.getString("admin.choose"));
        choose.setId("admin-template-choose");
        choose.setAccessibleText(ui.getString("admin.choose") + ": " + folderLabel.getText());
        choose.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(folderLabel.getText());
            File picked = org.exoconsent.ui.controls.Dialogs.system(
                    getScene() == null ? null : getScene().getWindow(), () -> chooser.showDialog(null));
            if (picked != null) {
                folder.setText(picked.getPath());
            }
        });
        Button importIt = new Button(ui.getString("admin.importTemplate"));
        importIt.setId("admin-import-template");
        importIt.disableProperty().bind(vm.busyProperty().or(folder.textProperty().isEmpty()));
        importIt.setOnAction(e -> vm.importTemplate(Path.of(folder.getText().strip())));
        Label importNote = new Label(ui.getString("admin.importNote"));
        importNote.setWrapText(true);
        importNote.setMaxWidth(900);

        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(8);
        form.setPadding(new Insets(8, 0, 0, 0));
        form.add(folderLabel, 0, 0);
        form.add(new HBox(8, folder, choose), 0, 1);
        form.add(importIt, 0, 2);
        form.add(importNote, 0, 3);
        getChildren().addAll(active, damaged, addedOutside, table, new HBox(12, activate), activateNote, form, leafletForm(vm, ui));
    }

    /**
     * A leaflet to read at home, for the version new consultations use: a language, a product of the catalog (or
     * every product) and a route (or every route), and where to save it.
     */
    private static GridPane leafletForm(AdminViewModel vm, ResourceBundle ui) {
        javafx.scene.control.ChoiceBox<String> language = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList("ja", "en"));
        language.setValue("ja");
        language.setId("admin-leaflet-language");
        javafx.scene.control.ChoiceBox<String> product = new javafx.scene.control.ChoiceBox<>();
        product.setId("admin-leaflet-product");
        String every = ui.getString("admin.leafletEveryProduct");
        Runnable fill = () -> {
            String was = product.getValue();
            java.util.List<String> names = new java.util.ArrayList<>();
            names.add(every);
            if (vm.catalogProperty().get() != null) {
                vm.catalogProperty().get().products().forEach(p -> names.add(p.name()));
            }
            product.getItems().setAll(names);
            product.setValue(names.contains(was) ? was : every);
        };
        fill.run();
        vm.catalogProperty().addListener((o, a, b) -> fill.run());
        javafx.scene.control.ChoiceBox<String> route = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList(ui.getString("admin.leafletEveryRoute"), "iv",
                        "injection", "topical"));
        route.setValue(route.getItems().get(0));
        route.setId("admin-leaflet-route");
        TextField file = new TextField();
        file.setId("admin-leaflet-file");
        file.setPrefColumnCount(30);
        Button save = new Button(ui.getString("admin.leafletSave"));
        save.setId("admin-leaflet-save");
        save.disableProperty().bind(vm.busyProperty().or(file.textProperty().isEmpty()));
        save.setOnAction(e -> vm.leaflet(language.getValue(), every.equals(product.getValue()) ? null
                : product.getValue(), route.getSelectionModel().getSelectedIndex() <= 0 ? null
                : org.exoconsent.consent.ConsentSession.Route.valueOf(route.getValue().toUpperCase(
                        java.util.Locale.ROOT)), Path.of(file.getText().strip())));
        Label title = new Label(ui.getString("admin.leaflet"));
        title.getStyleClass().add("field-label");
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(6);
        g.setPadding(new Insets(12, 0, 0, 0));
        Label[] labels = {new Label(ui.getString("admin.leafletLanguage")), new Label(ui.getString(
                "admin.leafletProduct")), new Label(ui.getString("admin.leafletRoute")), new Label(ui.getString(
                "admin.leafletFile"))};
        javafx.scene.control.Control[] fields = {language, product, route, file};
        g.add(title, 0, 0, 4, 1);
        for (int i = 0; i < fields.length; i++) {
            labels[i].getStyleClass().add("field-label");
            labels[i].setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            labels[i].setLabelFor(fields[i]);
            if (fields[i] != file) {
                fields[i].setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the choice named whole
            }
            fields[i].setAccessibleText(labels[i].getText());
            g.add(labels[i], i, 1);
            g.add(fields[i], i, 2);
        }
        g.add(save, 0, 3, 4, 1);
        return g;
    }
}
