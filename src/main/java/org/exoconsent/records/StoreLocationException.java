package org.exoconsent.records;

/**
 * A store's location refused before anything is opened or connected (issue 17 §1): an address that is not a
 * PostgreSQL address, carries a password or an unknown parameter, lacks its database or user, has a bad port, or asks
 * for less than {@code sslmode=verify-full} off this computer; a password file PostgreSQL would not accept; a device
 * settings file that cannot be read. The message names the value and where it came from ({@code --store},
 * {@code EXOCONSENT_STORE}, the settings file), never a password. The command line exits 3 on it.
 */
public class StoreLocationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreLocationException(String message) {
        super(message);
    }
}
