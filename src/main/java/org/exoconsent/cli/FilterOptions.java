package org.exoconsent.cli;

import java.time.LocalDate;
import org.exoconsent.records.RecordFilter;
import picocli.CommandLine.Option;

/** The manager's filters, shared by the commands that select records. */
final class FilterOptions {
    @Option(names = "--from", paramLabel = "DATE", description = "Consultations on or after DATE (2026-01-31).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Consultations on or before DATE.")
    LocalDate to;

    @Option(names = "--physician", paramLabel = "NAME", description = "Only this physician's records.")
    String physician;

    @Option(names = "--product", paramLabel = "NAME", description = "Only this product.")
    String product;

    @Option(names = "--lot", paramLabel = "NUMBER", description = "Only this lot.")
    String lot;

    @Option(names = "--status", paramLabel = "STATUS", description = "active or withdrawn.")
    String status;

    @Option(names = "--indication", paramLabel = "ID", description = "Only this purpose (the template's indication "
            + "id, e.g. skin).")
    String indication;

    @Option(names = "--patient", paramLabel = "NUMBER", description = "Only this patient, by patient number "
            + "(full-width forms, case, spaces and dashes do not matter: ｐ－０００１２３ is P-000123). With export "
            + "--format zip: every document of the patient (consents, withdrawals, corrections and any other kind), "
            + "for a patient's request to see their records. A number no record holds is refused (exit 3).")
    String patient;

    RecordFilter filter() {
        return new RecordFilter(from, to, physician, product, lot, status, indication, null, patient);
    }
}
