package org.exoconsent.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;

/**
 * For UI tests (issue 16 §4): what a person could not read on a screen as laid out now — a label, button, check
 * box, table cell or column heading whose skin shows its text shortened ("I have understoo…"), a text field too
 * narrow for the text in it, and text whose colour against its background falls below WCAG 2.1 AA's 4.5:1,
 * measured on the rendered pixels. Call on the FX thread, after the screen's CSS and layout have been applied.
 */
public final class Readability {
    /** WCAG 2.1 success criterion 1.4.3 (contrast, minimum), level AA, for text below 18 pt (24 px). */
    public static final double AA_CONTRAST = 4.5;

    private Readability() {
    }

    /**
     * Every visible {@link Labeled} under {@code root} (in its skin, so table cells and column headings too) whose
     * skin shows other text than {@link Labeled#getText()}: shortened with an ellipsis, or cut to fewer lines. A
     * labeled whose text its skin draws across a window's edge, outside any scroll pane, counts as cut as well.
     *
     * @return one line per problem: the node (its id, or its class and nearest id) and the text, as given and as shown
     */
    public static List<String> elided(Parent root) {
        List<String> problems = new ArrayList<>();
        for (Node n : visibleNodes(root)) {
            if (!(n instanceof Labeled l) || l.getText() == null || l.getText().isEmpty()) {
                continue;
            }
            Text shown = labeledText(l);
            if (shown == null) {
                continue; // a graphic only, or a skin not yet made
            }
            String expected = l.isMnemonicParsing() ? withoutMnemonic(l.getText()) : l.getText();
            if (!expected.equals(shown.getText())) {
                problems.add(describe(l) + " \"" + oneLine(expected) + "\" is shown as \"" + oneLine(shown.getText())
                        + "\"");
                continue;
            }
            if (n.getScene() != null && !insideScrolling(n)) {
                Bounds b = shown.localToScene(shown.getBoundsInLocal());
                if (b.getMaxX() > n.getScene().getWidth() + 1 || b.getMaxY() > n.getScene().getHeight() + 1) {
                    problems.add(describe(l) + " \"" + oneLine(expected) + "\" runs past the window's edge ("
                            + Math.round(b.getMaxX()) + "×" + Math.round(b.getMaxY()) + " in a "
                            + Math.round(n.getScene().getWidth()) + "×" + Math.round(n.getScene().getHeight())
                            + " window)");
                }
            }
        }
        return problems;
    }

    /**
     * Whether the text field shows {@code field.getText()} whole: the text's width in the field's font within the
     * field's width less its padding.
     *
     * @return null when it fits, else what is cut: the field, the text and the widths in pixels
     */
    public static String cutField(TextInputControl field) {
        Text measure = new Text(field.getText());
        measure.setFont(field.getFont());
        double needed = measure.getLayoutBounds().getWidth();
        double room = field.getWidth() - field.snappedLeftInset() - field.snappedRightInset();
        return needed <= room + 0.5 ? null : describe(field) + " \"" + field.getText() + "\" needs "
                + Math.round(needed) + " px, the field has " + Math.round(room) + " px";
    }

    /**
     * Every visible, enabled text under {@code root} whose contrast with its background is below {@code minimum},
     * measured on a snapshot of {@code root}: within the text's bounds (cut to what its scroll panes show), the
     * background is the commonest colour and the text's colour the one of highest contrast against it (the glyphs'
     * cores, not their anti-aliased edges). Text of a disabled control is left out: WCAG 2.1 1.4.3 asks nothing of
     * an inactive control.
     *
     * @param snapshot {@code root}'s snapshot, as {@code root.snapshot(null, null)} gives it
     * @return one line per problem: the node, its text and the ratio (e.g. "2.1:1")
     */
    public static List<String> lowContrast(Parent root, WritableImage snapshot, double minimum) {
        List<String> problems = new ArrayList<>();
        PixelReader px = snapshot.getPixelReader();
        Bounds rootBounds = root.localToScene(root.getBoundsInLocal());
        for (Node n : visibleNodes(root)) {
            if (!(n instanceof Text t) || t.getText() == null || t.getText().isBlank() || n.isDisabled()) {
                continue;
            }
            Bounds b = visibleBounds(t);
            if (b == null) {
                continue;
            }
            int x0 = (int) Math.ceil(b.getMinX() - rootBounds.getMinX());
            int y0 = (int) Math.ceil(b.getMinY() - rootBounds.getMinY());
            int x1 = Math.min((int) Math.floor(b.getMaxX() - rootBounds.getMinX()), (int) snapshot.getWidth());
            int y1 = Math.min((int) Math.floor(b.getMaxY() - rootBounds.getMinY()), (int) snapshot.getHeight());
            x0 = Math.max(0, x0);
            y0 = Math.max(0, y0);
            if (x1 - x0 < 2 || y1 - y0 < 2) {
                continue;
            }
            Map<Integer, Integer> counts = new HashMap<>();
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    counts.merge(px.getArgb(x, y) | 0xff000000, 1, Integer::sum);
                }
            }
            int background = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            double best = 1;
            for (int colour : counts.keySet()) {
                best = Math.max(best, ratio(colour, background));
            }
            if (counts.size() > 1 && best < minimum) {
                problems.add(describe(t) + " \"" + oneLine(t.getText()) + "\": " + String.format(java.util.Locale.ROOT,
                        "%.2f:1", best) + String.format(" (text #%06x at best on #%06x)",
                        bestColour(counts, background) & 0xffffff, background & 0xffffff));
            }
        }
        return problems;
    }

    private static int bestColour(Map<Integer, Integer> counts, int background) {
        int best = background;
        for (int colour : counts.keySet()) {
            if (ratio(colour, background) > ratio(best, background)) {
                best = colour;
            }
        }
        return best;
    }

    /** WCAG 2.1's contrast ratio of two opaque colours (0xAARRGGBB), from 1 to 21. */
    public static double ratio(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG 2.1's relative luminance of an sRGB colour. */
    private static double luminance(int argb) {
        return 0.2126 * channel((argb >> 16) & 0xff) + 0.7152 * channel((argb >> 8) & 0xff)
                + 0.0722 * channel(argb & 0xff);
    }

    private static double channel(int c) {
        double s = c / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    /** The text's bounds in the scene, cut to the clips of its ancestors (a scroll pane's viewport), or null. */
    private static Bounds visibleBounds(Text t) {
        Bounds b = t.localToScene(t.getBoundsInLocal());
        for (Node p = t; p != null; p = p.getParent()) {
            if (p.getClip() != null) {
                Bounds clip = p.localToScene(p.getClip().getBoundsInParent());
                double minX = Math.max(b.getMinX(), clip.getMinX());
                double minY = Math.max(b.getMinY(), clip.getMinY());
                double maxX = Math.min(b.getMaxX(), clip.getMaxX());
                double maxY = Math.min(b.getMaxY(), clip.getMaxY());
                if (maxX <= minX || maxY <= minY) {
                    return null;
                }
                b = new BoundingBox(minX, minY, maxX - minX, maxY - minY);
            }
        }
        return b;
    }

    /** The nodes a person can see: visible, with every ancestor visible (skins included). */
    private static List<Node> visibleNodes(Parent root) {
        List<Node> out = new ArrayList<>();
        List<Node> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            if (!n.isVisible() || n.getOpacity() == 0) {
                continue;
            }
            out.add(n);
            if (n instanceof Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
        }
        return out;
    }

    /** The text a labeled's skin draws ({@code com.sun.javafx.scene.control.LabeledText}, style class "text"). */
    private static Text labeledText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t && c.getStyleClass().contains("text")) {
                return t;
            }
        }
        return null;
    }

    private static boolean insideScrolling(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane || p instanceof javafx.scene.control.skin.VirtualFlow
                    || p instanceof javafx.scene.control.TableView || p instanceof javafx.scene.control.ListView) {
                return true;
            }
        }
        return false;
    }

    private static String withoutMnemonic(String text) {
        int i = text.indexOf('_');
        return i < 0 || i == text.length() - 1 ? text : text.substring(0, i) + text.substring(i + 1);
    }

    private static String oneLine(String s) {
        String line = s.replace('\n', '⏎');
        return line.length() > 90 ? line.substring(0, 90) + "[…]" : line;
    }

    /** "#id (Button)", or for a node without an id its class, its style classes and the nearest ancestor's id. */
    private static String describe(Node n) {
        if (n.getId() != null) {
            return "#" + n.getId() + " (" + n.getClass().getSimpleName() + ")";
        }
        String within = "";
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p.getId() != null) {
                within = " in #" + p.getId();
                break;
            }
        }
        return n.getClass().getSimpleName() + n.getStyleClass() + within;
    }
}
