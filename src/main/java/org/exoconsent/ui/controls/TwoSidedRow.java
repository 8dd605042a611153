package org.exoconsent.ui.controls;

import java.util.List;
import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * A row of buttons in two groups, one at the left edge and one at the right (Back … Next), each button as wide as
 * its whole label (issue 16 §4: never "…"). Where the window is too narrow for both groups on one line (1024×768 in
 * larger text), the right group goes onto a second line, still at the right, instead of squeezing the labels.
 */
public final class TwoSidedRow extends Region {
    private final HBox left;
    private final HBox right;

    /**
     * @param gap   the space between two buttons and between the two lines, in pixels
     * @param left  the nodes at the left, in order
     * @param right the nodes at the right, in order
     */
    public TwoSidedRow(double gap, List<? extends Node> left, List<? extends Node> right) {
        this.left = group(gap, left);
        this.right = group(gap, right);
        getChildren().addAll(this.left, this.right);
    }

    private static HBox group(double gap, List<? extends Node> nodes) {
        HBox box = new HBox(gap);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box.getChildren().addAll(nodes);
        for (Node n : nodes) {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setMaxWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private double gap() {
        return left.getSpacing();
    }

    private boolean oneLine(double width) {
        return width < 0 || left.prefWidth(-1) + gap() + right.prefWidth(-1) <= width - snappedLeftInset()
                - snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return Math.max(left.prefWidth(-1), right.prefWidth(-1)) + snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computePrefWidth(double height) {
        return left.prefWidth(-1) + gap() + right.prefWidth(-1) + snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computePrefHeight(double width) {
        double l = left.prefHeight(-1);
        double r = right.prefHeight(-1);
        return (oneLine(width) ? Math.max(l, r) : l + gap() + r) + snappedTopInset() + snappedBottomInset();
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double w = getWidth() - x - snappedRightInset();
        double h = getHeight() - y - snappedBottomInset();
        double lh = left.prefHeight(-1);
        double rh = right.prefHeight(-1);
        if (oneLine(getWidth())) {
            layoutInArea(left, x, y, w, h, 0, HPos.LEFT, VPos.CENTER);
            layoutInArea(right, x, y, w, h, 0, HPos.RIGHT, VPos.CENTER);
        } else {
            layoutInArea(left, x, y, w, lh, 0, HPos.LEFT, VPos.CENTER);
            layoutInArea(right, x, y + lh + gap(), w, rh, 0, HPos.RIGHT, VPos.CENTER);
        }
    }
}
