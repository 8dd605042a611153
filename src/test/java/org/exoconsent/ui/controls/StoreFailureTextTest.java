package org.exoconsent.ui.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.KeyRefusedException;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreLocation;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signing key the store refuses (not one of the clinic's registered keys) is said on the screens in the staff
 * language first, the store's English detail after it for the administrator (review of issue 17: the wizard showed
 * the store's English only, also on a Japanese screen).
 */
class StoreFailureTextTest {
    @TempDir
    Path tmp;

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("org.exoconsent.ui.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    @Test
    void aKeyThatIsNotRegisteredIsSaidInTheStaffLanguageWithTheStoresDetailForTheAdministrator() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        KeyRefusedException refused;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            // a key made elsewhere, never registered in this data directory
            org.exoconsent.pdf.SigningKey other = org.exoconsent.pdf.SigningKeys.clinicKey(
                    DataDirectory.keyFilesIn(tmp.resolve("elsewhere")), "テストクリニック", Examples.CLOCK.instant()).key();
            refused = assertThrows(KeyRefusedException.class,
                    () -> store.requireRegisteredSigner(other, "the test key", null));
        }
        StoreLocation here = new StoreLocation.InDataDirectory(dir);
        String ja = StoreFailureText.of(bundle(Locale.JAPANESE), here, new RuntimeException("wrapped", refused));
        assertTrue(ja.startsWith("この端末の署名用の鍵は、いまは署名に使えません（例えば、診療所の保存場所に登録されていない"), ja);
        assertTrue(ja.contains("何も署名していません。管理者に連絡してください。\n管理者の方へ（英語）: "
                + refused.getMessage()), ja);
        assertTrue(refused.getMessage().startsWith("the test key: is not one of the clinic's registered signing keys"),
                refused.getMessage());
        String en = StoreFailureText.of(bundle(Locale.ROOT), here, refused);
        assertEquals("This device's signing key may not sign now (for example, it is not registered in the clinic's "
                + "store, it was retired, or its certificate has expired), so nothing was signed. Please contact the "
                + "administrator.\nFor the administrator: " + refused.getMessage(), en);
    }
}
