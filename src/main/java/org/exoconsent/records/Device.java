package org.exoconsent.records;

import java.util.regex.Pattern;

/**
 * One computer or tablet of the clinic, as the store names it (issue 17 §3): a stable {@code id} made once on the
 * device and kept there (letters, digits, {@code . _ -}, at most 100; a UUID as the app makes it), and the
 * {@code label} staff know it by ("受付", "Tablet 2"; the host name unless changed), which the screens show. The app
 * reads both from where the device keeps them (ui/ThisComputer) and hands them to the store; the store never looks
 * them up itself.
 *
 * @throws IllegalArgumentException naming the value when the id cannot name a device, or the label is blank, longer
 *                                  than 100 characters or holds a control character
 */
public record Device(String id, String label) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public Device {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' cannot name a device (letters, digits, . _ -, at most "
                    + "100)");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("device " + id + ": its label is empty");
        }
        label = label.strip();
        if (label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("device " + id + ": '" + label + "' cannot be its label (at most 100 "
                    + "characters, no control characters)");
        }
    }

    @Override
    public String toString() {
        return label + " (" + id + ")";
    }
}
