package org.exoconsent.consent;

import java.util.List;

/**
 * One continuous line of a handwritten signature, as the device reported it: the points of one pointer (one finger,
 * the pen or the mouse) from the moment it touched the pad until it was lifted, in pad pixels, each with its time in
 * milliseconds from the first touch and, where the device gives it, the pen pressure (0–1; null when the device has
 * none). The app's signature pad gives none: JavaFX 21 reports no pressure for touch, pen or mouse, so its strokes
 * carry null; the field stays for devices and front ends that report it.
 */
public record Stroke(List<Point> points) {
    public Stroke {
        points = List.copyOf(points);
    }

    public record Point(double x, double y, long t, Double pressure) {
    }
}
