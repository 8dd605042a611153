package org.exoconsent.ui.controls;

import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * A button that puts a message shown in a label on the clipboard, as plain text (the {@code copy.message} button,
 * {@code copy.done} once pressed). A label's text cannot be selected on the screen, and the store's messages for the
 * administrator carry a command to run (a device key's registration, with the owner's role and the store's address;
 * issue 17's note: "the refusal's command is shown in a Label"): the staff copy the whole message and send it on,
 * nothing retyped. The button hides itself while there is nothing to copy.
 */
public final class CopyMessageButton extends Button {
    private final ResourceBundle ui;
    private final Supplier<String> message;

    /**
     * @param ui      the staff language's texts
     * @param id      the button's id (for the tests and the screen's accessibility)
     * @param message the message as shown, read when the button is pressed; blank or null copies nothing
     */
    public CopyMessageButton(ResourceBundle ui, String id, Supplier<String> message) {
        super(ui.getString("copy.message"));
        this.ui = ui;
        this.message = message;
        setId(id);
        getStyleClass().add("secondary");
        setAccessibleText(ui.getString("copy.message"));
        setOnAction(e -> copy());
        show(false);
    }

    /** Shows the button (its label back to "copy") when there is a message, hides it when there is none. */
    public void show(boolean shown) {
        setText(ui.getString("copy.message"));
        setVisible(shown);
        setManaged(shown);
    }

    private void copy() {
        String text = message.get();
        if (text == null || text.isBlank()) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        setText(ui.getString("copy.done"));
    }
}
