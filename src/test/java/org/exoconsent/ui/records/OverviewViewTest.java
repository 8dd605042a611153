package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The overview draws what the store counted: months in order, withdrawals beside consents, shares in percent. */
@UiTest
@ExtendWith(ApplicationExtension.class)
class OverviewViewTest {
    private OverviewView view;

    @Start
    void start(Stage stage) {
        RecordStore.Overview o = new RecordStore.Overview(new TreeMap<>(Map.of("2026-10", 12L, "2026-11", 7L)),
                new TreeMap<>(Map.of("2026-11", 1L)), Map.of("q-approved", new RecordStore.FirstTime(19, 15),
                "q-withdraw", new RecordStore.FirstTime(19, 19)));
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        view = new OverviewView(o, ui, List.of(Map.entry("q-approved", "Is the product approved?"),
                Map.entry("q-withdraw", "Can you withdraw?"), Map.entry("q-virus-tests", "Do tests exclude all?")),
                () -> { });
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    @Test
    void theChartsShowTheCountsAndTheShares(FxRobot robot) {
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "11-overview");
        var consents = view.perMonth.getData().get(0).getData();
        var withdrawals = view.perMonth.getData().get(1).getData();
        assertEquals(List.of("2026-10", "2026-11"), consents.stream().map(d -> d.getXValue()).toList());
        assertEquals(List.of(12L, 7L), consents.stream().map(d -> d.getYValue()).toList());
        assertEquals(List.of(0L, 1L), withdrawals.stream().map(d -> d.getYValue()).toList());
        var shares = view.firstTime.getData().get(0).getData();
        assertEquals(List.of(78.9, 100.0, 0.0), shares.stream().map(d -> d.getYValue().doubleValue()).toList());
        VBox legend = robot.lookup("#overview-questions").queryAs(VBox.class);
        assertEquals("1. Is the product approved? — 79% right the first time (15 of 19)",
                ((Label) legend.getChildren().get(0)).getText());
        assertEquals("3. Do tests exclude all? — not asked yet", ((Label) legend.getChildren().get(2)).getText());
    }

    @Test
    void consentsWhoseTimeIsDamagedAreCountedApartInTheScreensLanguage(FxRobot robot) {
        RecordStore.Overview o = new RecordStore.Overview(new TreeMap<>(Map.of("2026-11", 7L,
                org.exoconsent.records.RecordRow.UNREADABLE, 1L)), new TreeMap<>(), Map.of());
        ResourceBundle ja = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        OverviewView[] damaged = new OverviewView[1];
        robot.interact(() -> damaged[0] = new OverviewView(o, ja, List.of(), () -> { }));
        var consents = damaged[0].perMonth.getData().get(0).getData();
        assertEquals(List.of("2026-11", "読めません（損傷）"), consents.stream().map(d -> d.getXValue()).toList());
        assertEquals(List.of(7L, 1L), consents.stream().map(d -> d.getYValue()).toList());
    }

    @Test
    void theCountAxisShowsWholeNumbersOnly(FxRobot robot) {
        javafx.scene.chart.NumberAxis count = (javafx.scene.chart.NumberAxis) view.perMonth.getYAxis();
        robot.interact(() -> view.perMonth.layout());
        List<String> labels = count.getTickMarks().stream()
                .map(t -> count.getTickLabelFormatter().toString(t.getValue())).toList();
        assertEquals(List.of("0", "2", "4", "6", "8", "10", "12"), labels, "12 consents at most: every second count");

        javafx.scene.chart.NumberAxis few = new javafx.scene.chart.NumberAxis();
        OverviewView.wholeNumbers(few, 3);
        assertEquals(1.0, few.getTickUnit(), "three consents: 0, 1, 2, 3 — never 0.5");
        assertEquals(3.0, few.getUpperBound());
        assertEquals("", few.getTickLabelFormatter().toString(0.5));
        assertEquals("2", few.getTickLabelFormatter().toString(2.0));
        OverviewView.wholeNumbers(few, 0);
        assertEquals(1.0, few.getUpperBound(), "no consent yet: an axis up to 1, not 0 to 0");
        assertEquals(List.of(1L, 1L, 2L, 5L, 10L, 200L), java.util.stream.LongStream.of(0, 10, 11, 25, 99, 1234)
                .map(OverviewView::countTickUnit).boxed().toList());
    }
}
