package org.exoconsent.ui.records;

import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeSet;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.exoconsent.records.RecordStore;

/**
 * The clinic at a glance, for the manager: consents and withdrawals per month, and how often patients answered
 * each check question right the first time (a low share suggests that part is not explained well).
 */
public final class OverviewView extends BorderPane {
    final BarChart<String, Number> perMonth;
    final BarChart<String, Number> firstTime;

    /**
     * @param questions the template's check questions in order: id and the text in the staff's language
     */
    public OverviewView(RecordStore.Overview o, ResourceBundle ui, List<Map.Entry<String, String>> questions,
                        Runnable back) {
        HBox top = org.exoconsent.ui.controls.ScreenHeader.of(ui, "overview.title", "overview-back", back);
        top.setPadding(new Insets(12, 16, 8, 16));
        setTop(top);

        CategoryAxis months = new CategoryAxis();
        months.setLabel(ui.getString("overview.month"));
        NumberAxis count = new NumberAxis();
        count.setLabel(ui.getString("overview.count"));
        count.setMinorTickVisible(false);
        perMonth = new BarChart<>(months, count);
        perMonth.setId("overview-per-month");
        perMonth.setTitle(ui.getString("overview.perMonth"));
        perMonth.setAnimated(false);
        XYChart.Series<String, Number> consents = new XYChart.Series<>();
        consents.setName(ui.getString("overview.consents"));
        XYChart.Series<String, Number> withdrawals = new XYChart.Series<>();
        withdrawals.setName(ui.getString("overview.withdrawals"));
        TreeSet<String> all = new TreeSet<>(o.consentsPerMonth().keySet());
        all.addAll(o.withdrawalsPerMonth().keySet());
        List<String> shown = all.stream().skip(Math.max(0, all.size() - 24)).toList(); // the last two years
        for (String m : shown) {
            // records whose stored time is damaged are counted apart, said in the screen's language
            String label = org.exoconsent.records.RecordRow.UNREADABLE.equals(m) ? ui.getString("records.unreadable")
                    : m;
            consents.getData().add(new XYChart.Data<>(label, o.consentsPerMonth().getOrDefault(m, 0L)));
            withdrawals.getData().add(new XYChart.Data<>(label, o.withdrawalsPerMonth().getOrDefault(m, 0L)));
        }
        perMonth.getData().add(consents);
        perMonth.getData().add(withdrawals);
        wholeNumbers(count, shown.stream().mapToLong(m -> Math.max(o.consentsPerMonth().getOrDefault(m, 0L),
                o.withdrawalsPerMonth().getOrDefault(m, 0L))).max().orElse(0));

        CategoryAxis question = new CategoryAxis();
        question.setLabel(ui.getString("overview.question"));
        NumberAxis percent = new NumberAxis(0, 100, 20);
        percent.setLabel("%");
        firstTime = new BarChart<>(question, percent);
        firstTime.setId("overview-first-time");
        firstTime.setTitle(ui.getString("overview.firstTime"));
        firstTime.setAnimated(false);
        firstTime.setLegendVisible(false);
        XYChart.Series<String, Number> share = new XYChart.Series<>();
        VBox legend = new VBox(4);
        int n = 1;
        for (Map.Entry<String, String> q : questions) {
            RecordStore.FirstTime f = o.firstTimeRight().get(q.getKey());
            String label = String.valueOf(n++);
            share.getData().add(new XYChart.Data<>(label, f == null ? 0 : Math.round(f.share() * 1000) / 10.0));
            Label line = new Label(f == null ? MessageFormat.format(ui.getString("overview.questionNone"), label,
                    q.getValue()) : MessageFormat.format(ui.getString("overview.questionLine"), label, q.getValue(),
                    Math.round(f.share() * 100), f.right(), f.answered()));
            line.setWrapText(true);
            line.getStyleClass().add("field-label");
            legend.getChildren().add(line);
        }
        firstTime.getData().add(share);
        legend.setId("overview-questions");
        VBox body = new VBox(12, perMonth, firstTime, legend);
        body.setPadding(new Insets(0, 16, 16, 16));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        setCenter(scroll);
    }

    /**
     * A count axis of whole numbers (issue 16 §7: "0.5 consents" means nothing): from 0 to {@code max} rounded up
     * to its tick unit, which is 1, 2 or 5 times a power of ten and at least 1, so at most about ten ticks; labels
     * without decimals. The axis does not range itself, which would choose fractional ticks for small counts.
     */
    static void wholeNumbers(NumberAxis axis, long max) {
        long unit = countTickUnit(max);
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        axis.setUpperBound(Math.max(unit, (max + unit - 1) / unit * unit));
        axis.setTickUnit(unit);
        axis.setTickLabelFormatter(new javafx.util.StringConverter<Number>() {
            @Override
            public String toString(Number n) {
                return n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue()) : "";
            }

            @Override
            public Number fromString(String text) {
                return Long.parseLong(text);
            }
        });
    }

    /** The tick unit for counts up to {@code max}: 1 up to 10, then 2, 5, 10, 20, 50 … (at most about ten ticks). */
    static long countTickUnit(long max) {
        long unit = 1;
        while (max > unit * 10) {
            long next = switch (Long.toString(unit).charAt(0)) {
                case '1' -> unit * 2;
                case '2' -> unit * 5 / 2;
                default -> unit * 2;
            };
            unit = next;
        }
        return unit;
    }
}
