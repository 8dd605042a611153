package org.exoconsent.ui.controls;

import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Table columns as wide as what they hold (issue 16 §4): a column's heading and every cell of the rows shown are
 * measured in the table's own font, so that a 20-character name, a patient number or the longest lot number is read
 * whole rather than cut to "長谷川勘解…"; the table scrolls sideways when its columns are wider than the window.
 */
public final class TableColumns {
    /** Room beside a cell's text: the cell's padding (modena: 0.583em a side at 20 px) and a little air. */
    private static final double CELL_ROOM = 32;
    /** Room beside a heading's text: its padding and the sort arrow. */
    private static final double HEADING_ROOM = 40;

    private TableColumns() {
    }

    /**
     * Sizes each column of {@code table} to its widest text now, and again whenever the rows or the table's skin
     * change. Unconstrained: the columns keep their widths and the table scrolls sideways when they do not fit.
     *
     * @param maxWidth the widest a column grows, in pixels ({@link Double#MAX_VALUE}: no limit); a column whose cells
     *                 wrap their text (the catalog's) is held to it, its heading never narrower than its words
     */
    public static <T> void fitToContent(TableView<T> table, double maxWidth) {
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        // measured after a layout of the table (its headings and cells exist then, in their fonts), once for each
        // change of the rows
        boolean[] due = {true};
        table.getItems().addListener((ListChangeListener<T>) c -> due[0] = true);
        table.itemsProperty().addListener((o, was, now) -> {
            now.addListener((ListChangeListener<T>) c -> due[0] = true);
            due[0] = true;
        });
        table.sceneProperty().addListener((o, was, now) -> due[0] = true);
        table.needsLayoutProperty().addListener((o, was, needs) -> {
            if (!needs && due[0] && fit(table, maxWidth)) {
                due[0] = false;
            }
        });
    }

    /**
     * Keeps each heading of a table whose columns share its width ({@code CONSTRAINED_RESIZE_POLICY_*}, with cells
     * that wrap) whole: no column is narrower than its heading's words; the table scrolls sideways when the
     * headings together are wider than it.
     */
    public static <T> void headingsWhole(TableView<T> table) {
        boolean[] due = {true};
        table.sceneProperty().addListener((o, was, now) -> due[0] = true);
        table.needsLayoutProperty().addListener((o, was, needs) -> {
            Font headingFont = needs || !due[0] || table.getScene() == null ? null
                    : font(table, ".column-header .label");
            if (headingFont != null) {
                due[0] = false;
                for (TableColumn<T, ?> column : table.getColumns()) {
                    column.setMinWidth(width(column.getText(), headingFont) + HEADING_ROOM);
                }
            }
        });
    }

    /** Sizes the columns; false when the table has no headings yet (no skin, no scene). */
    private static <T> boolean fit(TableView<T> table, double maxWidth) {
        if (table.getScene() == null) {
            return false;
        }
        Font headingFont = font(table, ".column-header .label");
        Font cellFont = font(table, ".table-cell");
        if (headingFont == null) {
            return false;
        }
        cellFont = cellFont == null ? headingFont : cellFont;
        for (TableColumn<T, ?> column : table.getColumns()) {
            double heading = width(column.getText(), headingFont) + HEADING_ROOM;
            double cells = 0;
            for (int row = 0; row < table.getItems().size(); row++) {
                Object value = column.getCellData(row);
                if (value != null) {
                    for (String line : value.toString().split("\n")) {
                        cells = Math.max(cells, width(line, cellFont) + CELL_ROOM);
                    }
                }
            }
            column.setPrefWidth(Math.max(heading, Math.min(cells, maxWidth)));
        }
        return true;
    }

    private static Font font(TableView<?> table, String selector) {
        for (Node n : table.lookupAll(selector)) {
            if (n instanceof Labeled l) {
                return l.getFont();
            }
        }
        return null;
    }

    private static double width(String text, Font font) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        Text t = new Text(text);
        t.setFont(font);
        return Math.ceil(t.getLayoutBounds().getWidth());
    }
}
