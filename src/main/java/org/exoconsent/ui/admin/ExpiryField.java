package org.exoconsent.ui.admin;

import java.time.LocalDate;
import java.time.chrono.IsoChronology;
import javafx.scene.control.DatePicker;
import javafx.util.StringConverter;

/**
 * A lot's expiry: a date picker that also takes a typed date (yyyy-MM-dd or with slashes), and remembers what was
 * typed when it is no date: the picker then holds no date and clears its text when it loses the focus (before the
 * add button's action runs), yet the refusal should name what was typed, and show it again to be corrected.
 * Used by the Lots tab and the first-run set-up.
 */
public final class ExpiryField {
    private final DatePicker picker = new DatePicker();
    private String typed = "";

    public ExpiryField() {
        picker.setChronology(IsoChronology.INSTANCE);
        picker.setEditable(true);
        picker.setPromptText("2027-01-31");
        picker.setPrefWidth(200);
        picker.setConverter(new StringConverter<>() {
            @Override
            public String toString(LocalDate date) {
                return date == null ? "" : date.toString();
            }

            /** No date (rather than an exception, which DatePicker lets escape when it loses the focus). */
            @Override
            public LocalDate fromString(String text) {
                typed = text == null ? "" : text.strip();
                return typed.isEmpty() ? null : ProductValidation.date(typed);
            }
        });
        picker.valueProperty().addListener((o, was, date) -> {
            if (date != null) {
                typed = date.toString();
            }
        });
    }

    public DatePicker picker() {
        return picker;
    }

    /**
     * The date as it reads now, without changing the field: the text being typed while the field has the focus,
     * else what was typed or picked last.
     */
    public String current() {
        return picker.isFocused() ? picker.getEditor().getText().strip() : typed;
    }

    /** The date as typed or picked; the text it could not read is shown again, to be corrected. */
    public String text() {
        if (!typed.equals(picker.getEditor().getText())) {
            picker.getEditor().setText(typed);
        }
        return typed;
    }
}
