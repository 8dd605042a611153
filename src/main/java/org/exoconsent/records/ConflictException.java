package org.exoconsent.records;

/**
 * The change would duplicate something that must be unique (a product, a lot), or would be made over a change made
 * since elsewhere (a draft saved by another device: {@link DraftChangedElsewhereException}); nothing was changed.
 */
public class ConflictException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
