package org.exoconsent.ui.admin;

import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.exoconsent.records.Catalog;

/**
 * The administrator's catalog tabs: physicians (add; mark inactive or active again), products (with the virus-test
 * panel and the sterilisation status) and lots. Each tab is a table of what the catalog holds above a form to add
 * one; what happens is said in the administration screen's message line.
 */
public final class CatalogTabs {
    private final CatalogViewModel vm;
    private final ResourceBundle ui;

    public CatalogTabs(CatalogViewModel vm, ResourceBundle ui) {
        this.vm = vm;
        this.ui = ui;
    }

    /** Adds the three tabs to the administration screen's tabs, after the tab with that id (or at the end). */
    static void addAfter(TabPane tabs, String tabId, AdminViewModel admin, ResourceBundle ui) {
        int at = tabs.getTabs().size();
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            if (tabId.equals(tabs.getTabs().get(i).getId())) {
                at = i + 1;
            }
        }
        tabs.getTabs().addAll(at, new CatalogTabs(new CatalogViewModel(admin), ui).tabs());
    }

    public List<Tab> tabs() {
        return List.of(tab("physicians", physicians()), tab("products", products()), tab("lots", lots()));
    }

    private Tab tab(String name, Node content) {
        Tab t = new Tab(ui.getString("catalog." + name), content);
        t.setId("tab-" + name);
        return t;
    }

    // --- physicians ---------------------------------------------------------------------------------------------

    private Node physicians() {
        TableView<Catalog.Physician> table = table("catalog-physicians", "catalog.physicians", vm.physicians());
        column(table, "catalog.col.physician", Catalog.Physician::name, 2);
        column(table, "catalog.col.nameEn", p -> p.name(ProductValidation.ENGLISH) == null ? ""
                : p.name(ProductValidation.ENGLISH), 2);
        column(table, "catalog.col.licence", Catalog.Physician::licenceNumber, 1);
        column(table, "catalog.col.state", p -> ui.getString(p.active() ? "catalog.state.active"
                : "catalog.state.inactive"), 3);

        Button toggle = new Button(ui.getString("catalog.deactivate"));
        toggle.setId("catalog-physician-toggle");
        table.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> {
            toggle.setText(ui.getString(p != null && !p.active() ? "catalog.reactivate" : "catalog.deactivate"));
            toggle.setAccessibleText(toggle.getText());
        });
        toggle.disableProperty().bind(vm.busyProperty().or(table.getSelectionModel().selectedItemProperty()
                .isNull()));
        Selection<Catalog.Physician> selection = new Selection<>(table);
        toggle.setOnAction(e -> {
            Catalog.Physician p = table.getSelectionModel().getSelectedItem();
            selection.keep(x -> x.licenceNumber().equals(p.licenceNumber()));
            vm.setPhysicianActive(p, !p.active());
        });
        Label note = new Label(ui.getString("catalog.physicianNote"));
        note.setWrapText(true);
        HBox tableActions = new HBox(12, toggle, note);
        tableActions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(note, Priority.ALWAYS);

        TextField name = field("catalog-physician-name", 24);
        TextField licence = field("catalog-physician-licence", 12);
        TextField nameEn = field("catalog-physician-name-en", 24);
        nameEn.setPromptText("Taro Yamada");
        Button add = addButton("catalog-add-physician", "catalog.addPhysician");
        add.setOnAction(e -> {
            String l = licence.getText().strip();
            selection.keep(x -> x.licenceNumber().equals(l));
            vm.addPhysician(name.getText(), licence.getText(), nameEn.getText());
        });
        // the selected physician's name in Latin letters, ready to be written or corrected
        table.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> {
            if (p != null) {
                nameEn.setText(p.name(ProductValidation.ENGLISH) == null ? "" : p.name(ProductValidation.ENGLISH));
            }
        });
        Button setNameEn = new Button(ui.getString("catalog.setPhysicianNameEn"));
        setNameEn.setId("catalog-set-physician-name-en");
        setNameEn.setAccessibleText(setNameEn.getText());
        setNameEn.disableProperty().bind(vm.busyProperty().or(table.getSelectionModel().selectedItemProperty()
                .isNull()));
        setNameEn.setOnAction(e -> {
            Catalog.Physician p = table.getSelectionModel().getSelectedItem();
            if (p != null) {
                selection.keep(x -> x.licenceNumber().equals(p.licenceNumber()));
                vm.setPhysicianName(p, nameEn.getText());
            }
        });
        GridPane form = grid();
        form.addRow(0, label("catalog.physicianName", name), name);
        form.addRow(1, label("catalog.physicianLicence", licence), licence);
        form.addRow(2, label("catalog.physicianNameEn", nameEn), nameEn);
        form.add(new HBox(12, add, setNameEn), 1, 3);
        return page(table, tableActions, form);
    }

    // --- products -----------------------------------------------------------------------------------------------

    private String sterilisation(String status) {
        return status == null ? "" : ui.getString("catalog.sterilisation." + status);
    }

    private Node products() {
        TableView<Catalog.Product> table = table("catalog-products", "catalog.products", vm.products());
        column(table, "catalog.col.product", Catalog.Product::name, 3);
        column(table, "catalog.col.nameEn", p -> p.text(ProductValidation.ENGLISH) == null ? ""
                : p.text(ProductValidation.ENGLISH).name(), 3);
        column(table, "catalog.col.manufacturer", Catalog.Product::manufacturer, 3);
        column(table, "catalog.col.sourceCells", Catalog.Product::sourceCells, 3);
        column(table, "catalog.col.virusTests", p -> String.join(", ", p.virusTests()), 4);
        column(table, "catalog.col.sterilisation", p -> sterilisation(p.sterilisation()), 2);
        column(table, "catalog.col.storage", p -> p.storage() == null ? "" : p.storage(), 2);
        column(table, "catalog.col.origin", p -> ui.getString("catalog.origin." + p.origin()), 2);
        column(table, "catalog.col.supply", p -> ui.getString("catalog.supply." + p.supply()), 2);
        Selection<Catalog.Product> selection = new Selection<>(table);

        ProductFields fields = new ProductFields(ui, "catalog-product");
        ChoiceBox<String> origin = fields.origin();
        ChoiceBox<String> supply = fields.supply();
        Button add = addButton("catalog-add-product", "catalog.addProduct");
        add.setOnAction(e -> {
            String n = fields.name().getText().strip();
            selection.keep(p -> p.name().equals(n));
            vm.addProduct(fields.input());
        });
        GridPane form = grid();
        int row = 0;
        for (java.util.Map.Entry<String, Control> f : fields.controls().entrySet()) {
            form.addRow(row++, label(ProductFields.labelKey(f.getKey()), f.getValue()), f.getValue());
        }
        Button setOrigin = new Button(ui.getString("catalog.setOrigin"));
        setOrigin.setId("catalog-set-product-origin");
        setOrigin.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        setOrigin.setOnAction(e -> {
            Catalog.Product p = table.getSelectionModel().getSelectedItem();
            if (p != null) {
                selection.keep(x -> x.name().equals(p.name()));
                vm.setOriginAndSupply(p.name(), origin.getValue(), supply.getValue());
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> {
            if (p != null) { // the choices show the selected product's, ready to be changed
                origin.setValue(p.origin());
                supply.setValue(p.supply());
            }
        });
        // the product's texts in English (issue 12 §2), beside the others: with a new product, or for the selected
        // one (two columns, so that the table keeps its height on a 1280×800 screen)
        Label englishTitle = new Label(ui.getString("catalog.englishTexts"));
        englishTitle.setId("catalog-product-english");
        englishTitle.setWrapText(true);
        englishTitle.setMaxWidth(520);
        form.add(englishTitle, 2, 0, 2, 2);
        int englishRow = 2;
        for (java.util.Map.Entry<String, TextField> f : fields.englishControls().entrySet()) {
            f.getValue().setPrefColumnCount(22);
            form.add(label(ProductFields.labelKey(f.getKey()), f.getValue()), 2, englishRow);
            form.add(f.getValue(), 3, englishRow++);
        }
        for (Control c : fields.controls().values()) {
            if (c instanceof TextField t) {
                t.setPrefColumnCount(22);
            }
        }
        row = Math.max(row, englishRow + 1);
        for (javafx.scene.Node n : form.getChildren()) { // labels wrap in their column rather than widen it
            if (n instanceof Label l && l != englishTitle) {
                l.setMinWidth(javafx.scene.layout.Region.USE_COMPUTED_SIZE);
                l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                l.setWrapText(true);
                l.setMaxWidth(230);
            }
        }
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints(150, 230, 230);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints(260, 330, 330);
        form.getColumnConstraints().setAll(labels, values, labels, values);
        Button setEnglish = new Button(ui.getString("catalog.setProductText"));
        setEnglish.setId("catalog-set-product-english");
        setEnglish.setAccessibleText(setEnglish.getText());
        setEnglish.disableProperty().bind(vm.busyProperty().or(table.getSelectionModel().selectedItemProperty()
                .isNull()));
        setEnglish.setOnAction(e -> {
            Catalog.Product p = table.getSelectionModel().getSelectedItem();
            if (p != null) {
                selection.keep(x -> x.name().equals(p.name()));
                vm.setProductText(p, fields.englishInput());
            }
        });
        form.add(setEnglish, 2, englishRow, 2, 1);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> {
            if (p != null) { // the selected product's English texts, ready to be written or corrected
                fields.showEnglish(p.text(ProductValidation.ENGLISH));
            }
        });
        for (Button b : List.of(add, setOrigin, setEnglish)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // a button's words are never cut
        }
        form.add(new javafx.scene.layout.HBox(12, add, setOrigin), 1, row, 3, 1);
        return page(table, null, form);
    }

    // --- lots ---------------------------------------------------------------------------------------------------

    private Node lots() {
        TableView<Catalog.Lot> table = table("catalog-lots", "catalog.lots", vm.lots());
        column(table, "catalog.col.product", Catalog.Lot::product, 3);
        column(table, "catalog.col.lot", Catalog.Lot::number, 2);
        column(table, "catalog.col.expiry", l -> l.expiry().toString(), 2);
        column(table, "catalog.col.qc", l -> l.qc() == null ? "" : l.qc(), 4);
        Selection<Catalog.Lot> selection = new Selection<>(table);

        ComboBox<String> product = new ComboBox<>();
        product.setId("catalog-lot-product");
        product.setMaxWidth(Double.MAX_VALUE);
        Runnable products = () -> {
            String chosen = product.getValue();
            product.getItems().setAll(vm.products().stream().map(Catalog.Product::name).toList());
            product.setValue(product.getItems().contains(chosen) ? chosen : null);
        };
        vm.products().addListener((ListChangeListener<Catalog.Product>) c -> products.run());
        products.run();
        TextField number = field("catalog-lot-number", 16);
        ExpiryField expiry = new ExpiryField();
        expiry.picker().setId("catalog-lot-expiry");
        TextField qc = field("catalog-lot-qc", 36);
        Button add = addButton("catalog-add-lot", "catalog.addLot");
        add.setOnAction(e -> {
            String p = product.getValue();
            String n = number.getText().strip();
            selection.keep(l -> l.product().equals(p) && l.number().equals(n));
            vm.addLot(p, number.getText(), expiry.text(), qc.getText());
        });
        GridPane form = grid();
        form.addRow(0, label("catalog.lotProduct", product), product);
        form.addRow(1, label("catalog.lotNumber", number), number);
        form.addRow(2, label("catalog.lotExpiry", expiry.picker()), expiry.picker());
        expiry.picker().getEditor().setAccessibleText(expiry.picker().getAccessibleText());
        form.addRow(3, label("catalog.lotQc", qc), qc);
        form.add(add, 1, 4);
        return page(table, damagedLots(), form);
    }

    /**
     * Under the lots' table: the lots whose row cannot be read, each named with its damage and repair for the
     * administrator (hidden when there is none).
     */
    private Label damagedLots() {
        Label notice = new Label();
        notice.setId("catalog-lots-damaged");
        notice.getStyleClass().add("notice");
        notice.setWrapText(true);
        notice.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Runnable show = () -> {
            List<Catalog.DamagedLot> damaged = vm.damagedLots();
            notice.setText(damaged.isEmpty() ? "" : java.text.MessageFormat.format(ui.getString(
                    "catalog.lotsDamaged"), damaged.size(), String.join("\n", damaged.stream().map(d ->
                    java.text.MessageFormat.format(ui.getString("catalog.lotDamaged"), d.number(), d.product(),
                            d.damage())).toList())));
            notice.setVisible(!damaged.isEmpty());
            notice.setManaged(!damaged.isEmpty());
        };
        vm.damagedLots().addListener((ListChangeListener<Catalog.DamagedLot>) c -> show.run());
        show.run();
        return notice;
    }

    // --- parts --------------------------------------------------------------------------------------------------

    /**
     * Selects, after the next reload, the row the administrator just added or changed, so it can be seen (and a
     * physician marked again); any other reload leaves no row selected.
     */
    private static final class Selection<T> {
        private Predicate<T> wanted;

        Selection(TableView<T> table) {
            // after a reload no row stays selected by position: it could be another physician than the one chosen
            table.getItems().addListener((ListChangeListener<T>) c -> {
                table.getSelectionModel().clearSelection();
                Predicate<T> w = wanted;
                wanted = null;
                for (T row : w == null ? List.<T>of() : table.getItems()) {
                    if (w.test(row)) {
                        table.getSelectionModel().select(row);
                        table.scrollTo(row);
                        break;
                    }
                }
            });
        }

        void keep(Predicate<T> row) {
            wanted = row;
        }
    }

    private <T> TableView<T> table(String id, String key, ObservableList<T> rows) {
        TableView<T> table = new TableView<>(rows);
        table.setId(id);
        table.setAccessibleText(ui.getString(key));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPrefHeight(260);
        table.setPlaceholder(new Label(ui.getString("catalog.empty")));
        org.exoconsent.ui.controls.TableColumns.headingsWhole(table); // "流通の形", not "流..." (issue 16 §4)
        return table;
    }

    /**
     * A column whose share of the table's width is {@code weight}; its text wraps, so that a long product name or
     * virus-test panel is read whole rather than cut off.
     */
    private <T> void column(TableView<T> table, String key, Function<T, String> value, double weight) {
        TableColumn<T, String> c = new TableColumn<>(ui.getString(key));
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(value.apply(x.getValue())));
        c.setCellFactory(col -> new WrappingCell<>());
        c.setPrefWidth(weight * 100);
        table.getColumns().add(c);
    }

    /** A table cell whose text wraps at the column's width, in the cell's own font and colour. */
    private static final class WrappingCell<T> extends TableCell<T, String> {
        private final Text text = new Text();

        WrappingCell() {
            text.wrappingWidthProperty().bind(widthProperty().subtract(12)); // the cell's padding
            text.fontProperty().bind(fontProperty());
            text.fillProperty().bind(textFillProperty());
            setGraphic(text);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            text.setText(empty || item == null ? "" : item);
            setAccessibleText(text.getText());
        }
    }

    private static TextField field(String id, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        return f;
    }

    private Button addButton(String id, String key) {
        Button b = new Button(ui.getString(key));
        b.setId(id);
        b.getStyleClass().add("primary");
        b.disableProperty().bind(vm.busyProperty());
        return b;
    }

    private Label label(String key, Control field) {
        return AdminView.label(ui, key, field);
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(8);
        g.setPadding(new Insets(8, 16, 8, 16));
        return g;
    }

    private static Node page(TableView<?> table, Node underTable, GridPane form) {
        VBox box = new VBox(8);
        box.getChildren().add(table);
        if (underTable != null) {
            box.getChildren().add(underTable);
        }
        box.getChildren().add(form);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        return box;
    }
}
