package org.exoconsent.template;

import java.nio.file.Path;

/**
 * One thing wrong with an input file, located so a person can find and fix it.
 *
 * @param file   the file, as the user named it (or as found under the folder they named)
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param field  the field in dotted form ({@code sections[3].title}), empty for the file as a whole
 * @param message what is wrong, in plain words
 */
public record Problem(Path file, int line, int column, String field, String message) {

    public Problem {
        field = field == null ? "" : field;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(file);
        if (line > 0) {
            s.append(':').append(line).append(':').append(column);
        }
        s.append(": ");
        if (!field.isEmpty()) {
            s.append(field).append(": ");
        }
        return s.append(message).toString();
    }
}
