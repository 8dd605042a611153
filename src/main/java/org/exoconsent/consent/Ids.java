package org.exoconsent.consent;

import java.util.Locale;

/** The JSON id of an enum constant ({@code NOT_STERILISED} is {@code not-sterilised}). */
public final class Ids {
    private Ids() {
    }

    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
