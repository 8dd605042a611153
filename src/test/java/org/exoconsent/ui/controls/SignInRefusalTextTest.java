package org.exoconsent.ui.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Locale;
import java.util.ResourceBundle;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.SignInRefusedException;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused sign-in is said in the screen's language (issue 14 §4): the store's refusals, each of a kind, become
 * the Japanese (or English) text of ui/messages*.properties, never the store's English.
 */
class SignInRefusalTextTest {
    @TempDir
    Path tmp;

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("org.exoconsent.ui.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private SignInRefusedException refusal(DataDirectory dir, String name, String password) {
        return assertThrows(SignInRefusedException.class, () -> RecordStore.signIn(dir, Examples.CLOCK, name,
                password.toCharArray(), "test").close());
    }

    @Test
    void theOneAnswerTheDisabledAccountAndTheUnrecordableAttemptAreSaidInJapaneseAndEnglish() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            admin.addUser("suzuki", EnumSet.of(Role.STAFF), null, "suzuki's password".toCharArray());
            admin.addUser("gone", EnumSet.of(Role.STAFF), null, "a former employee".toCharArray());
            admin.setActive("gone", false);
        }
        ResourceBundle ja = bundle(Locale.JAPANESE);
        ResourceBundle en = bundle(Locale.ROOT);

        SignInRefusedException wrong = refusal(dir, "suzuki", "a guess");
        assertEquals(SignInRefusedException.Kind.REFUSED, wrong.kind());
        assertEquals("suzuki：ユーザー名かパスワードが違うか、アカウントがロックまたは無効になっています。パスワードを5回続けて"
                + "間違えると、アカウントは15分間使えなくなります。管理者は新しいパスワードを設定できます。",
                SignInRefusalText.of(ja, wrong));
        assertEquals("suzuki: wrong user name or password, or the account is locked or disabled. After 5 wrong "
                + "passwords in a row an account waits 15 minutes; an administrator can set a new password.",
                SignInRefusalText.of(en, wrong));
        assertEquals(SignInRefusalText.of(ja, wrong).replace("suzuki", "nobody"),
                SignInRefusalText.of(ja, refusal(dir, "nobody", "a guess")), "an unknown name: the same answer");

        SignInRefusedException disabled = refusal(dir, "gone", "a former employee");
        assertEquals(SignInRefusedException.Kind.DISABLED, disabled.kind());
        assertEquals("gone：このアカウントは無効になっています。管理者にお問い合わせください。",
                SignInRefusalText.of(ja, disabled));

        // the account's count cannot be written, as on a full disk (SQLite's own words for it)
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = c.createStatement()) {
            st.execute("CREATE TRIGGER full_disk BEFORE UPDATE ON account BEGIN "
                    + "SELECT RAISE(FAIL, 'database or disk is full'); END");
        }
        SignInRefusedException unrecordable = refusal(dir, "suzuki", "suzuki's password");
        assertEquals(SignInRefusedException.Kind.UNRECORDABLE, unrecordable.kind());
        assertEquals("suzuki: sign-in refused: the attempt cannot be recorded, and nobody can sign in until it "
                + "can: the disk of " + dir.root() + " is full: free space, then try again",
                unrecordable.getMessage());
        String said = SignInRefusalText.of(ja, unrecordable);
        assertEquals("suzuki：サインインの試みを記録できないため、サインインできません。記録できるようになるまで、どなたも"
                + "サインインできません。" + dir.root() + " のディスクの空き容量を増やしてから、もう一度お試しください。", said);
    }
}
