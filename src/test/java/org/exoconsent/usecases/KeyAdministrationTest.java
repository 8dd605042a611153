package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.KeyRegistry;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinic's signing keys through the use case alone: a manager is refused before a key file is opened, an
 * administrator retires a registered key (audited, shown retired), an unknown fingerprint is refused naming it.
 */
class KeyAdministrationTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    @Test
    void aManagerIsRefusedBeforeTheKeyFileIsOpenedAndTheRefusalIsAudited() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        KeyAdministration office = new KeyAdministration(AdministrationTesting.manager(dir));

        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> office.register(() -> {
            opened.incrementAndGet();
            return Examples.key();
        }, "second tablet"));

        assertEquals(0, opened.get(), "the key file was not opened");
        AdministrationTesting.assertRefusedAndAudited(e, dir, "keys register");
    }

    @Test
    void anAdministratorRetiresARegisteredKeyAndItIsShownRetired() throws Exception {
        String fingerprint = SigningKeys.fingerprint(Examples.key().certificate());
        KeyAdministration admin = asAdministrator();
        KeyAdministration.Keys before = admin.keys();
        assertTrue(before.registered().stream().anyMatch(k -> k.fingerprint().equals(fingerprint) && k.current()),
                before.registered().toString());

        KeyAdministration.Registered retired = admin.retire(fingerprint);

        assertEquals(fingerprint, retired.key().fingerprint());
        assertNotNull(retired.key().retiredAt());
        KeyRegistry.RegisteredKey after = admin.keys().registered().stream()
                .filter(k -> k.fingerprint().equals(fingerprint)).findFirst().orElseThrow();
        assertTrue(!after.current(), "retired");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertTrue(TestAudit.entries(store, "key").stream().anyMatch(x -> x.contains("retired")
                    && x.contains(fingerprint)), TestAudit.entries(store, "key").toString());
        }
    }

    @Test
    void anUnknownFingerprintIsRefusedNamingIt() {
        RefusedException e = assertThrows(RefusedException.class, () -> asAdministrator().retire("ab".repeat(32)));
        assertTrue(e.getMessage().contains("no registered signing key has this fingerprint"), e.getMessage());
        assertTrue(e.getMessage().startsWith("AB:AB:AB"), e.getMessage());
    }

    private KeyAdministration asAdministrator() {
        return new KeyAdministration(AdministrationTesting.administrator(dir));
    }
}
