package org.exoconsent.ui.controls;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.exoconsent.records.Accounts;
import org.exoconsent.records.SignInRefusedException;

/**
 * A refused sign-in (or a password checked as one: the screen lock, a physician's confirmation, the staff password
 * in patient mode) said in the screen's language, chosen from the kind of refusal rather than the store's English
 * text (issue 14 §4): the one answer to every failed sign-in ({@code signin.refused}, which also says how long a
 * lock lasts and that an administrator can set a new password), a disabled account ({@code signin.disabled}), and
 * an attempt that cannot be recorded ({@code signin.unrecordable}). Any other failure keeps its own message.
 */
public final class SignInRefusalText {
    private SignInRefusalText() {
    }

    /**
     * @param ui      the screen's messages (ui/messages*.properties)
     * @param failure what the store threw
     * @return the text to show under the form
     */
    public static String of(ResourceBundle ui, Throwable failure) {
        if (!(failure instanceof SignInRefusedException r)) {
            return failure == null ? "" : failure.getMessage();
        }
        return switch (r.kind()) {
            case REFUSED -> MessageFormat.format(ui.getString("signin.refused"), r.name(),
                    String.valueOf(Accounts.MAX_FAILURES), String.valueOf(Accounts.LOCKOUT.toMinutes()));
            case DISABLED -> MessageFormat.format(ui.getString("signin.disabled"), r.name());
            case UNRECORDABLE -> MessageFormat.format(ui.getString("signin.unrecordable"), r.name(),
                    String.valueOf(r.place()));
        };
    }
}
