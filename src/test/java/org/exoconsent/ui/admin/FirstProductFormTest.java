package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The set-up's first product alone, in Japanese: the Products tab's labels and choice names, nothing chosen at first,
 * and each problem said beside its field (a name not typed yet reads as such), following the typing once shown.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class FirstProductFormTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-20");
    private final ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    private FirstProductForm form;

    @Start
    void start(Stage stage) {
        form = new FirstProductForm(ui, () -> TODAY);
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(scroll), 1280, 800));
        stage.show();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static boolean shown(FxRobot robot, String query) {
        Label l = robot.lookup(query).queryAs(Label.class);
        return l.isVisible() && !l.getText().isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static ChoiceBox<String> choice(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(ChoiceBox.class);
    }

    private List<ProductValidation.FieldProblem> check() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> form.check()).get();
    }

    @Test
    void itAsksWithTheProductsTabsWordsAndSaysEachProblemBesideItsField(FxRobot robot) throws Exception {
        assertEquals("製剤名", ((Label) robot.lookup("#setup-product-name").queryAs(TextField.class).getParent()
                .getChildrenUnmodifiable().get(0)).getText(), "the label above the field is the Products tab's");
        ChoiceBox<String> origin = choice(robot, "#setup-product-origin");
        ChoiceBox<String> supply = choice(robot, "#setup-product-supply");
        assertEquals(null, origin.getValue());
        assertEquals(null, supply.getValue());
        assertEquals(List.of("ほかの人の細胞", "患者さんご本人の細胞", "人以外（植物など）", "不明"), origin.getItems().stream()
                .map(origin.getConverter()::toString).toList());
        assertEquals("クリニックで調製", supply.getConverter().toString("clinic-prepared"));
        assertEquals(List.of(), check(), "nothing typed, nothing asked");

        robot.interact(() -> {
            robot.lookup("#setup-product-manufacturer").queryAs(TextField.class).setText("さくら皮膚科クリニック");
            robot.lookup("#setup-lot-number").queryAs(TextField.class).setText("AS1-0001");
            robot.lookup("#setup-lot-expiry").queryAs(DatePicker.class).setValue(TODAY.minusDays(1));
        });
        assertEquals(7, check().size(), "all but the manufacturer, the storage (optional) and the lot number");
        assertEquals("製剤名を入力してください。", text(robot, "#setup-product-name-problem"));
        assertEquals("製剤 （未入力）：由来細胞を入力してください。", text(robot, "#setup-product-source-cells-problem"));
        assertEquals("製剤 （未入力）：原料の由来を選んでください（製造元が示していなければ「不明」）。",
                text(robot, "#setup-product-origin-problem"));
        assertEquals("（未入力） のロット AS1-0001：有効期限 2026-11-19 はすでに過ぎています。期限切れのロットは治療に使えません。",
                text(robot, "#setup-lot-expiry-problem"));
        assertFalse(shown(robot, "#setup-product-manufacturer-problem"));
        assertFalse(shown(robot, "#setup-lot-number-problem"));
        Screenshots.save(robot.capture(form.getScene().getRoot()).getImage(), "7e-first-product-ja");

        // once shown, the problems follow the typing
        robot.interact(() -> robot.lookup("#setup-product-name").queryAs(TextField.class).setText("自家培養上清 AS-1"));
        assertFalse(shown(robot, "#setup-product-name-problem"));
        assertEquals("製剤 自家培養上清 AS-1：原料の由来を選んでください（製造元が示していなければ「不明」）。",
                text(robot, "#setup-product-origin-problem"));
        robot.interact(() -> origin.setValue("unknown"));
        assertFalse(shown(robot, "#setup-product-origin-problem"), "unknown, once chosen, is an answer");
        assertTrue(shown(robot, "#setup-product-supply-problem"));
    }
}
