package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The audit chain's head of the embedded SQLite store: the data directory's {@code audit-head.txt}
 * ({@link DataDirectory#auditHead()}), written durably beside the database in the format {@link AuditHead} says.
 */
final class AuditHeadFile implements AuditHeadStore {
    private final Path file;

    /** The head kept in {@code file} (created at the first write). */
    AuditHeadFile(Path file) {
        this.file = file;
    }

    @Override
    public AuditHead.Read read() throws IOException {
        return AuditHead.read(file);
    }

    @Override
    public void writeNext(AuditHead.Head committed, AuditHead.Head next) throws IOException {
        AuditHead.writeNext(file, committed, next);
    }

    @Override
    public void writeCommitted(AuditHead.Head committed) throws IOException {
        AuditHead.writeCommitted(file, committed);
    }

    @Override
    public String name() {
        return AuditHead.where(file);
    }
}
