package org.exoconsent.records;

/** Not signed in, a wrong password, a locked or disabled account, or a role that may not do this. */
public class AccessDeniedException extends StoreException {
    public AccessDeniedException(String message) {
        super(message, null);
    }
}
