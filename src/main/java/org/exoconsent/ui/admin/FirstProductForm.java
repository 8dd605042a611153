package org.exoconsent.ui.admin;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The first-run set-up's optional "first product": the Products tab's fields ({@link ProductFields}: the same labels
 * and choices, origin and supply with none chosen) and the number and expiry of its first lot. Nothing typed means no
 * product; anything typed means the whole product and its lot, checked by {@link ProductValidation.FirstProduct}
 * before the set-up saves anything. Each problem is said beside its field, and follows the typing once shown.
 * Controls are {@code setup-product-FIELD}, {@code setup-lot-number} and {@code setup-lot-expiry}; the problem
 * beside each has the control's id and {@code -problem}.
 */
public final class FirstProductForm extends VBox {
    private static final double CELL_WIDTH = 540;

    private final ResourceBundle ui;
    private final Supplier<LocalDate> today;
    private final ProductFields product;
    private final TextField lotNumber = new TextField();
    private final ExpiryField expiry = new ExpiryField();
    /** Each field's control, and the problem said beside it. */
    private final Map<String, Control> controls = new LinkedHashMap<>();
    private final Map<String, Label> problems = new LinkedHashMap<>();
    /** Whether the problems have been shown once: from then on they follow the typing. */
    private boolean checked;

    /** @param today the clinic's date (a first lot that has expired is refused) */
    public FirstProductForm(ResourceBundle ui, Supplier<LocalDate> today) {
        super(10);
        this.ui = ui;
        this.today = today;
        setId("setup-product");
        product = new ProductFields(ui, "setup-product");
        controls.putAll(product.controls());
        lotNumber.setId("setup-" + ProductValidation.LOT_NUMBER);
        lotNumber.setPrefColumnCount(16);
        controls.put(ProductValidation.LOT_NUMBER, lotNumber);
        expiry.picker().setId("setup-" + ProductValidation.LOT_EXPIRY);
        controls.put(ProductValidation.LOT_EXPIRY, expiry.picker());

        Label title = new Label(ui.getString("setup.product.title"));
        title.getStyleClass().add("field-label");
        title.setStyle("-fx-font-size: 1.1em; -fx-font-weight: bold;");
        Label intro = new Label(ui.getString("setup.product.intro"));
        intro.setId("setup-product-intro");
        intro.setWrapText(true);
        intro.setMaxWidth(2 * CELL_WIDTH + 32);
        // two columns, so that the part stays short: what the product is on the left; its sterilisation, origin,
        // supply and first lot on the right (added column by column, so that Tab goes down the left one first)
        GridPane grid = new GridPane();
        grid.setHgap(32);
        grid.setVgap(10);
        List<String> fields = List.copyOf(controls.keySet());
        List<String> left = List.of(ProductValidation.NAME, ProductValidation.MANUFACTURER,
                ProductValidation.SOURCE_CELLS, ProductValidation.VIRUS_TESTS, ProductValidation.STORAGE);
        int leftRow = 0;
        int rightRow = 0;
        for (String field : left) {
            grid.add(cell(field), 0, leftRow++);
        }
        for (String field : fields) {
            if (!left.contains(field)) {
                grid.add(cell(field), 1, rightRow++);
            }
        }
        // the same texts in English (issue 12 §2), optional: a consultation in English needs them
        Label englishTitle = new Label(ui.getString("setup.product.english"));
        englishTitle.setId("setup-product-english");
        englishTitle.setWrapText(true);
        englishTitle.setMaxWidth(2 * CELL_WIDTH + 32);
        GridPane englishGrid = new GridPane();
        englishGrid.setHgap(32);
        englishGrid.setVgap(10);
        int englishRow = 0;
        for (Map.Entry<String, TextField> e : product.englishControls().entrySet()) {
            controls.put(e.getKey(), e.getValue());
            englishGrid.add(cell(e.getKey()), englishRow % 2, englishRow / 2);
            englishRow++;
        }
        getChildren().addAll(title, intro, grid, englishTitle, englishGrid);

        for (Control c : controls.values()) {
            if (c instanceof TextField t) {
                t.textProperty().addListener((o, was, now) -> followTyping());
            } else if (c instanceof ChoiceBox<?> b) {
                b.valueProperty().addListener((o, was, now) -> followTyping());
            }
        }
        expiry.picker().getEditor().textProperty().addListener((o, was, now) -> followTyping());
        expiry.picker().valueProperty().addListener((o, was, now) -> followTyping());
    }

    /** A field with its label above it and the problem, if any, below it. */
    private VBox cell(String field) {
        Control control = controls.get(field);
        Label label = new Label(ui.getString(ProductFields.labelKey(field)));
        label.getStyleClass().add("field-label");
        label.setWrapText(true);
        label.setLabelFor(control);
        control.setAccessibleText(label.getText());
        control.setPrefWidth(CELL_WIDTH);
        control.setMaxWidth(CELL_WIDTH);
        Label problem = new Label();
        problem.setId(control.getId() + "-problem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        problem.setMaxWidth(CELL_WIDTH);
        problem.setVisible(false);
        problem.setManaged(false);
        problems.put(field, problem);
        if (control == expiry.picker()) {
            expiry.picker().getEditor().setAccessibleText(label.getText());
        }
        VBox cell = new VBox(4, label, control, problem);
        cell.setMaxWidth(CELL_WIDTH);
        return cell;
    }

    /** What the part holds now (the expiry as typed, or picked; an unreadable one is shown again). */
    public ProductValidation.FirstProduct input() {
        return input(expiry.text());
    }

    private ProductValidation.FirstProduct input(String expiryText) {
        return new ProductValidation.FirstProduct(product.input(), lotNumber.getText(), expiryText);
    }

    /**
     * Checks what was typed and says each problem beside its field (and clears the others); from now on the
     * problems follow the typing.
     *
     * @return the problems, none when the product may be added or when nothing was typed
     */
    public List<ProductValidation.FieldProblem> check() {
        checked = true;
        return show(input());
    }

    private List<ProductValidation.FieldProblem> show(ProductValidation.FirstProduct typed) {
        List<ProductValidation.FieldProblem> found = typed.problems(today.get());
        problems.forEach((field, label) -> {
            String text = found.stream().filter(p -> p.field().equals(field)).findFirst().map(this::say)
                    .orElse("");
            label.setText(text);
            label.setVisible(!text.isEmpty());
            label.setManaged(!text.isEmpty());
            controls.get(field).setAccessibleHelp(text.isEmpty() ? null : text);
        });
        return found;
    }

    /** The control of a field (to show the first problem). */
    public Control control(String field) {
        return controls.get(field);
    }

    /** Once the problems are shown, each keystroke or choice updates them (the expiry as it reads while typed). */
    private void followTyping() {
        if (checked) {
            show(input(expiry.current()));
        }
    }

    /** A problem in the screen's language; a name or number not typed yet reads as such, not as nothing. */
    private String say(ProductValidation.FieldProblem p) {
        Object[] args = p.args().stream().map(a -> a instanceof String s && s.isBlank()
                ? ui.getString("setup.notEntered") : a).toArray();
        return MessageFormat.format(ui.getString(p.key()), args);
    }
}
