package org.exoconsent.ui.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.collections.FXCollections;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;
import org.exoconsent.records.Catalog;

/**
 * The fields of a product as the administrator fills them in, with the Products tab's labels and the plain-language
 * names of the sterilisation, origin and supply choices: one piece, used by the Products tab and by the first-run
 * set-up, so that both ask the same in the same words. The choices start empty: "unknown" is chosen, never assumed.
 * Each control's id is the form's prefix and the field ({@link ProductValidation}), e.g. {@code catalog-product-name}.
 */
public final class ProductFields {
    private final TextField name;
    private final TextField manufacturer;
    private final TextField sourceCells;
    private final TextField virusTests;
    private final ChoiceBox<String> sterilisation;
    private final TextField storage;
    private final ChoiceBox<String> origin;
    private final ChoiceBox<String> supply;
    private final Map<String, Control> controls = new LinkedHashMap<>();
    private final Map<String, TextField> english = new LinkedHashMap<>();

    /** @param idPrefix the start of the controls' ids, e.g. {@code catalog-product} */
    public ProductFields(ResourceBundle ui, String idPrefix) {
        name = field(idPrefix, ProductValidation.NAME, 28);
        manufacturer = field(idPrefix, ProductValidation.MANUFACTURER, 28);
        sourceCells = field(idPrefix, ProductValidation.SOURCE_CELLS, 28);
        virusTests = field(idPrefix, ProductValidation.VIRUS_TESTS, 36);
        virusTests.setPromptText("HBV, HCV, HIV-1/2, HTLV-1, parvovirus B19");
        sterilisation = choice(ui, idPrefix + "-" + ProductValidation.STERILISATION, Catalog.STERILISATION_STATUSES,
                "catalog.sterilisation.");
        storage = field(idPrefix, ProductValidation.STORAGE, 28);
        origin = choice(ui, idPrefix + "-" + ProductValidation.ORIGIN, Catalog.ORIGINS, "catalog.origin.");
        supply = choice(ui, idPrefix + "-" + ProductValidation.SUPPLY, Catalog.SUPPLIES, "catalog.supply.");
        controls.put(ProductValidation.NAME, name);
        controls.put(ProductValidation.MANUFACTURER, manufacturer);
        controls.put(ProductValidation.SOURCE_CELLS, sourceCells);
        controls.put(ProductValidation.VIRUS_TESTS, virusTests);
        controls.put(ProductValidation.STERILISATION, sterilisation);
        controls.put(ProductValidation.STORAGE, storage);
        controls.put(ProductValidation.ORIGIN, origin);
        controls.put(ProductValidation.SUPPLY, supply);
        for (String f : List.of(ProductValidation.NAME_EN, ProductValidation.MANUFACTURER_EN,
                ProductValidation.SOURCE_CELLS_EN, ProductValidation.VIRUS_TESTS_EN, ProductValidation.STORAGE_EN)) {
            english.put(f, field(idPrefix, f, f.equals(ProductValidation.VIRUS_TESTS_EN) ? 36 : 28));
        }
        english.get(ProductValidation.VIRUS_TESTS_EN).setPromptText("HBV, HCV, HIV-1/2, HTLV-1, parvovirus B19");
    }

    /**
     * The product's texts in English (issue 12 §2), each field's control in the order a form shows them: name,
     * manufacturer, source cells, tests, storage. Optional together.
     */
    public Map<String, TextField> englishControls() {
        return java.util.Collections.unmodifiableMap(english);
    }

    /** Shows a product's English texts in the English fields (all empty when it has none). */
    public void showEnglish(Catalog.ProductText t) {
        english.get(ProductValidation.NAME_EN).setText(t == null ? "" : t.name());
        english.get(ProductValidation.MANUFACTURER_EN).setText(t == null ? "" : t.manufacturer());
        english.get(ProductValidation.SOURCE_CELLS_EN).setText(t == null ? "" : t.sourceCells());
        english.get(ProductValidation.VIRUS_TESTS_EN).setText(t == null ? "" : String.join(", ", t.virusTests()));
        english.get(ProductValidation.STORAGE_EN).setText(t == null || t.storage() == null ? "" : t.storage());
    }

    /** What the English fields hold now. */
    public ProductValidation.EnglishInput englishInput() {
        return new ProductValidation.EnglishInput(english.get(ProductValidation.NAME_EN).getText(),
                english.get(ProductValidation.MANUFACTURER_EN).getText(),
                english.get(ProductValidation.SOURCE_CELLS_EN).getText(),
                english.get(ProductValidation.VIRUS_TESTS_EN).getText(),
                english.get(ProductValidation.STORAGE_EN).getText());
    }

    /** Each field's control, in the order the Products tab shows them. */
    public Map<String, Control> controls() {
        return java.util.Collections.unmodifiableMap(controls);
    }

    /** The key of the label of a field of {@link #controls()}. */
    public static String labelKey(String field) {
        return switch (field) {
            case ProductValidation.NAME -> "catalog.productName";
            case ProductValidation.MANUFACTURER -> "catalog.manufacturer";
            case ProductValidation.SOURCE_CELLS -> "catalog.sourceCells";
            case ProductValidation.VIRUS_TESTS -> "catalog.virusTests";
            case ProductValidation.STERILISATION -> "catalog.sterilisation";
            case ProductValidation.STORAGE -> "catalog.storage";
            case ProductValidation.ORIGIN -> "catalog.origin";
            case ProductValidation.SUPPLY -> "catalog.supply";
            case ProductValidation.NAME_EN -> "catalog.productNameEn";
            case ProductValidation.MANUFACTURER_EN -> "catalog.manufacturerEn";
            case ProductValidation.SOURCE_CELLS_EN -> "catalog.sourceCellsEn";
            case ProductValidation.VIRUS_TESTS_EN -> "catalog.virusTestsEn";
            case ProductValidation.STORAGE_EN -> "catalog.storageEn";
            case ProductValidation.LOT_PRODUCT -> "catalog.lotProduct";
            case ProductValidation.LOT_NUMBER -> "catalog.lotNumber";
            case ProductValidation.LOT_EXPIRY -> "catalog.lotExpiry";
            default -> throw new IllegalArgumentException("no such field: " + field);
        };
    }

    /** What the fields hold now. */
    public ProductValidation.ProductInput input() {
        return new ProductValidation.ProductInput(name.getText(), manufacturer.getText(), sourceCells.getText(),
                virusTests.getText(), sterilisation.getValue(), storage.getText(), origin.getValue(),
                supply.getValue(), englishInput());
    }

    public TextField name() {
        return name;
    }

    public ChoiceBox<String> origin() {
        return origin;
    }

    public ChoiceBox<String> supply() {
        return supply;
    }

    /** A choice of ids shown by their names in the screen's language ({@code prefix + id}), with none chosen. */
    public static ChoiceBox<String> choice(ResourceBundle ui, String id, List<String> ids, String prefix) {
        ChoiceBox<String> box = new ChoiceBox<>(FXCollections.observableArrayList(ids));
        box.setId(id);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String value) {
                return value == null ? "" : ui.getString(prefix + value);
            }

            @Override
            public String fromString(String label) {
                return ids.stream().filter(v -> ui.getString(prefix + v).equals(label)).findFirst().orElse(null);
            }
        });
        return box;
    }

    private static TextField field(String prefix, String field, int columns) {
        TextField f = new TextField();
        f.setId(prefix + "-" + field);
        f.setPrefColumnCount(columns);
        return f;
    }
}
