package org.exoconsent.records;

/** The document id is already in the index: recording it again would duplicate a legal record. */
public class AlreadyRecordedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public AlreadyRecordedException(String message) {
        super(message);
    }
}
