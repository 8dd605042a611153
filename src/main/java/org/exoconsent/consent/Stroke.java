package org.exoconsent.consent;

import java.util.List;

/**
 * One continuous line of a handwritten signature, as the device reported it: points in pad pixels, each with its
 * time in milliseconds from the first touch and, where the device gives it, the pen pressure (0–1; null when the
 * device has none).
 */
public record Stroke(List<Point> points) {
    public Stroke {
        points = List.copyOf(points);
    }

    public record Point(double x, double y, long t, Double pressure) {
    }
}
