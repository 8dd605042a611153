package org.exoconsent.ui.records;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.exoconsent.records.NearestLots;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * The manager's records screen without a screen: the filters, one page of the matching records at a time (so it
 * stays fast with 100,000), and the actions on them — open, verify one or all, withdraw, lot recall, export with
 * progress and cancel. Store work runs on {@code background}; results are applied on {@code fx} (the FX thread in
 * the app, the calling thread in tests). Messages are keys of the UI bundles with their arguments; an argument may
 * itself be a message, or a list of messages (said one after the other).
 */
public final class RecordsViewModel {
    public static final int PAGE_SIZE = 50;

    /** A message for the screen: a bundle key and its arguments. */
    public record Message(String key, List<Object> args) {
        static Message of(String key, Object... args) {
            return new Message(key, List.of(args));
        }
    }

    private final RecordsService service;
    private final Executor background;
    private final Executor fx;

    public final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    public final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    public final StringProperty physician = new SimpleStringProperty();
    public final StringProperty product = new SimpleStringProperty();
    public final StringProperty lot = new SimpleStringProperty();
    public final StringProperty status = new SimpleStringProperty();
    public final StringProperty indication = new SimpleStringProperty();
    /** A part of the patient's name, reading (kana) or number (issue 16 §7; see {@link RecordFilter#patient}). */
    public final StringProperty patient = new SimpleStringProperty();

    private final ObservableList<RecordRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper();
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    /** 0 to 1 while a long task (verify all, export) runs; -1 otherwise. */
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final javafx.beans.property.ReadOnlyObjectWrapper<Message> message =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper problemDetails = new ReadOnlyStringWrapper("");
    /** The record whose PDF found no viewer, offered to be saved instead (issue 16 §7); null otherwise. */
    private final javafx.beans.property.ReadOnlyObjectWrapper<RecordRow> noViewer =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final AtomicBoolean cancel = new AtomicBoolean();
    /** The filter of the rows on screen (exports take this one, not half-edited fields). */
    private RecordFilter shown = RecordFilter.ALL;

    public RecordsViewModel(RecordsService service, Executor background, Executor fx) {
        this.service = service;
        this.background = background;
        this.fx = fx;
    }

    /** The audit trail's view model, with this screen's service and threads (the audit trail dialog). */
    public AuditTrailViewModel auditTrail() {
        return new AuditTrailViewModel(service, background, fx);
    }

    public ObservableList<RecordRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyObjectProperty<Message> messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The list of problems found by the last verification, one per line (empty when none). */
    public ReadOnlyStringProperty problemDetailsProperty() {
        return problemDetails.getReadOnlyProperty();
    }

    /** The record whose PDF could not be opened for want of a viewer, to save instead; null otherwise. */
    public javafx.beans.property.ReadOnlyObjectProperty<RecordRow> noViewerProperty() {
        return noViewer.getReadOnlyProperty();
    }

    public int pageCount() {
        return (int) Math.max(1, (total.get() + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The filter as the fields say now; a bad date range is refused with a message. */
    RecordFilter filter() {
        return new RecordFilter(from.get(), to.get(), blankToNull(physician.get()), blankToNull(product.get()),
                blankToNull(lot.get()), blankToNull(status.get()), blankToNull(indication.get()),
                blankToNull(patient.get()), null);
    }

    private interface Job<T> {
        T run() throws StoreException;
    }

    /** Runs store work in the background; one job at a time; failures become the message. */
    private <T> void run(Job<T> job, Consumer<T> done) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        background.execute(() -> {
            try {
                T result = job.run();
                fx.execute(() -> {
                    busy.set(false);
                    progress.set(-1);
                    done.accept(result);
                    searchIfAsked();
                });
            } catch (StoreException | RuntimeException e) {
                fx.execute(() -> {
                    busy.set(false);
                    progress.set(-1);
                    searchIfAsked();
                    message.set(e instanceof RecordStore.ExportCancelledException
                            ? Message.of("records.exportCancelled") : failure(e));
                });
            }
        });
    }

    /**
     * A failure of the work in the screen's words: a shared store's server that cannot be reached said as the other
     * screens say it ({@code app.store.unreachable}, in the screen's language), a stored value that cannot be read as
     * they say it ({@code app.store.damaged}), anything else after "could not".
     */
    private Message failure(Exception e) {
        if (service.location() instanceof org.exoconsent.records.PostgresLocation p
                && org.exoconsent.ui.controls.StoreFailureText.unreachable(e)) {
            return Message.of("app.store.unreachable", p.address(), p.database(),
                    String.valueOf(org.exoconsent.records.PostgresLocation.CONNECT_TIMEOUT_SECONDS), e.getMessage());
        }
        String damage = org.exoconsent.ui.controls.StoreFailureText.damage(e);
        if (damage != null) { // a stored value that cannot be read: said in the screen's language, the detail kept
            return Message.of("app.store.damaged", damage);
        }
        return Message.of("records.failed", e.getMessage());
    }

    /** Applies the filters and shows the first page. */
    public void search() {
        RecordFilter f;
        try {
            f = filter();
        } catch (IllegalArgumentException e) {
            message.set(Message.of("records.failed", e.getMessage()));
            return;
        }
        shown = f;
        if (busy.get()) {
            searchAsked = true; // shown as soon as the work under way has finished
        } else {
            load(0);
        }
    }

    /** A search pressed while other work ran. */
    private boolean searchAsked;

    private void searchIfAsked() {
        if (searchAsked && !busy.get()) {
            searchAsked = false;
            load(0);
        }
    }

    public void clearFilters() {
        from.set(null);
        to.set(null);
        physician.set(null);
        product.set(null);
        lot.set(null);
        status.set(null);
        indication.set(null);
        patient.set(null);
        search();
    }

    public void nextPage() {
        if (page.get() + 1 < pageCount()) {
            load(page.get() + 1);
        }
    }

    public void previousPage() {
        if (page.get() > 0) {
            load(page.get() - 1);
        }
    }

    private void load(int p) {
        load(p, null);
    }

    /** How many of the nearest lot numbers the screen names when a lot finds no record. */
    static final int NEAREST_LOTS = RecordStore.NEAREST_LOTS; // the use case reads them with the page

    /** A page, and for a lot that found nothing, what that lot may have been meant as. */
    private record Shown(RecordsService.Page page, NearestLots near) {
    }

    /**
     * Shows page {@code p}; the message says how many matched, or {@code keep} when given. A lot that finds no
     * record is said in words, with whether the catalog holds it and the nearest lot numbers (issue 14 §5: a typing
     * slip must not pass for "no patient received it"); a lot that finds records names the lots one slip away that
     * it did not include ({@link #closeMessage}).
     */
    private void load(int p, Message keep) {
        RecordFilter f = shown;
        run(() -> {
            RecordsService.Page result = service.page(f, p * PAGE_SIZE, PAGE_SIZE); // with the lots near its lot
            return new Shown(result, result.near());
        }, shownPage -> {
            RecordsService.Page result = shownPage.page();
            rows.setAll(result.rows());
            total.set(result.total());
            page.set(p);
            NearestLots near = shownPage.near();
            Message damaged = damagedMessage(result.rows());
            message.set(keep != null ? keep : damaged != null ? damaged
                    : near != null && result.total() == 0 ? lotMessage(near)
                    : near != null && !near.close().isEmpty() ? closeMessage(result.total(), near)
                    : Message.of("records.found", result.total()));
        });
    }

    /** "No record used lot X …" with the nearest lot numbers, each as {@code records.nearLot}. */
    static Message lotMessage(NearestLots near) {
        List<Message> nearest = near.nearest().stream().map(l -> Message.of("records.nearLot", l.number(),
                l.product(), l.consents())).toList();
        return Message.of(near.known() ? "records.lotKnown" : "records.lotUnknown", near.lot(),
                nearest.isEmpty() ? Message.of("records.noOtherLots") : nearest);
    }

    /**
     * "2 records match. Also in the records, not included: LOT-2026-07B (…, 3 consents) — a different lot?": the
     * lots one typing slip away from the filter's lot, or the same number of another product (issue 14 §5: a
     * near-identical spelling never hides silently).
     */
    static Message closeMessage(long found, NearestLots near) {
        return Message.of("records.foundAlso", found, near.close().stream().map(l -> Message.of("records.nearLot",
                l.number(), l.product(), l.consents())).toList());
    }

    /** Checks one record's PDF and signature. */
    public void verify(RecordRow row) {
        run(() -> service.verifyOne(row.id()), problem -> {
            problemDetails.set(problem == null ? "" : problem);
            message.set(problem == null ? Message.of("records.intact", row.id())
                    : Message.of("records.notIntact", row.id()));
        });
    }

    /**
     * Checks every record, the audit chain and the index against the signed documents, with progress; the message
     * says how many records are not cross-checkable (signed before documents carried their facts).
     */
    public void verifyAll() {
        progress.set(0);
        run(() -> service.verifyAll((done, all) -> fx.execute(() -> progress.set(all == 0 ? 1 : (double) done / all))),
                v -> {
                    List<String> details = new java.util.ArrayList<>(v.problems());
                    v.notCrossCheckable().forEach(id -> details.add(id + ": not cross-checkable"));
                    if (v.notAudited() != null) { // a full disk: the report stands (issue 14 §4)
                        details.add("this check's own audit entry could not be written: " + v.notAudited());
                    }
                    problemDetails.set(String.join("\n", details));
                    int unchecked = v.notCrossCheckable().size();
                    message.set(!v.problems().isEmpty()
                            ? Message.of("records.problems", v.records(), v.problems().size(), unchecked,
                                    v.corrections(), v.withdrawals())
                            : unchecked > 0 ? Message.of("records.notCrossCheckable", v.records(), unchecked,
                                    v.corrections(), v.withdrawals())
                            : Message.of("records.allIntact", v.records(), v.corrections(), v.withdrawals()));
                });
    }

    /** Lot recall in one click: every patient who received this row's lot, in the table. */
    public void recall(RecordRow row) {
        run(() -> service.recall(row.lotNumber(), row.productName()), found -> {
            from.set(null);
            to.set(null);
            physician.set(null);
            status.set(null);
            indication.set(null);
            patient.set(null);
            product.set(row.productName());
            lot.set(row.lotNumber());
            shown = filter();
            rows.setAll(found.size() > PAGE_SIZE ? found.subList(0, PAGE_SIZE) : found);
            total.set(found.size());
            page.set(0);
            Message damaged = damagedMessage(found);
            message.set(damaged != null ? damaged
                    : Message.of("records.recalled", row.productName(), row.lotNumber(), found.size()));
        });
    }

    /**
     * The notice of rows listed with a stored value that cannot be read ({@link RecordRow#damage}; attack review of
     * 2026-12-01): {@code records.damagedRows} with how many rows and every damage named for the administrator, or
     * null when none is. The rows stay in the table, their unreadable value marked ({@code records.unreadable}).
     */
    static Message damagedMessage(List<RecordRow> rows) {
        List<RecordRow> damaged = rows.stream().filter(RecordRow::damaged).toList();
        if (damaged.isEmpty()) {
            return null;
        }
        return Message.of("records.damagedRows", damaged.size(), String.join("\n",
                damaged.stream().flatMap(r -> r.damage().stream()).distinct().toList()));
    }

    /**
     * Exports the records of the current filter with the format's default headings; see
     * {@link #export(RecordStore.ExportFormat, Path, org.exoconsent.records.ExportHeaders)}.
     */
    public void export(RecordStore.ExportFormat format, Path out) {
        export(format, out, org.exoconsent.records.ExportHeaders.defaultFor(format));
    }

    /**
     * Exports the records of the current filter, an xlsx or csv with {@code headers} (the screen passes the app's
     * language); progress runs from 0 to 1; {@link #cancel} stops it. A ZIP export of records that failed
     * verification is written and said in the message ({@code records.exportedNotIntact}, with the count); any other
     * format says when the last {@code records verify} ran and what it found ({@code records.exportedLastVerified}),
     * loudly when it found problems ({@code records.exportedLastVerifyFailed}) or there was none
     * ({@code records.exportedNeverVerified}) or its audit entry cannot be read ({@code
     * records.exportedLastVerifyDamaged}, naming the entry).
     */
    public void export(RecordStore.ExportFormat format, Path out, org.exoconsent.records.ExportHeaders headers) {
        RecordFilter f = shown;
        cancel.set(false);
        progress.set(0);
        record Done(RecordStore.Exported e, RecordsService.LastCheck check) {
        }
        run(() -> {
            var done = service.export(format, f, out, headers, (n, all) -> fx.execute(() ->
                    progress.set(all == 0 ? 1 : (double) n / all)), cancel::get);
            // only the ZIP verifies (minutes on a large archive): the others say what the last check found
            return new Done(done.exported(), RecordsService.LastCheck.of(done));
        }, d -> {
            RecordStore.Exported e = d.e();
            // what the verification says comes first and is never left out: a damaged value or a damaged active
            // template version is added after it, not said instead of it (review of issue 17: a template damaged on
            // purpose hid "THE RECORDS FAILED VERIFICATION")
            Message said;
            if (e.failedVerification()) {
                said = Message.of("records.exportedNotIntact", e.records(), e.file(),
                        e.verification().problems().size() + e.missing().size());
            } else if (d.check() == null) {
                said = Message.of("records.exported", e.records(), e.file());
            } else if (d.check().last().damaged() != null) { // named, never "never verified" (attack review, 17)
                said = Message.of("records.exportedLastVerifyDamaged", e.records(), e.file(),
                        d.check().last().damaged());
            } else if (d.check().last().at() == null) {
                said = Message.of("records.exportedNeverVerified", e.records(), e.file());
            } else if (d.check().last().problems() != 0) {
                said = Message.of("records.exportedLastVerifyFailed", e.records(), e.file(), d.check().at(),
                        d.check().last().problems());
            } else {
                said = Message.of("records.exportedLastVerified", e.records(), e.file(), d.check().at());
            }
            if (e.hasDamage()) { // written all the same, the unreadable values marked
                said = Message.of("records.exportedThen", said, Message.of("records.exportedDamaged",
                        e.damaged().size(), String.join("\n", e.damaged())));
            }
            if (!e.warnings().isEmpty()) { // a damaged active template version: the purposes as codes
                said = Message.of("records.exportedThen", said, Message.of("records.exportedWithWarnings",
                        String.join("\n", e.warnings())));
            }
            message.set(said);
        });
    }

    /** Asks a running export to stop; it leaves no file. */
    public void cancel() {
        cancel.set(true);
    }

    /** Records the patient's withdrawal of this consent, then shows the page again. */
    public void withdraw(RecordRow row, LocalDate date, String reason, String receivedBy) {
        run(() -> service.withdraw(row.id(), date, reason, receivedBy),
                r -> load(page.get(), Message.of("records.withdrawn", row.id())));
    }

    /** Whether the signed-in person's roles allow {@code p} (the screen disables what they do not, review F8). */
    public boolean may(org.exoconsent.records.Permission p) {
        return service.principal().may(p);
    }

    /** The signed-in person's name (who receives a withdrawal, by default). */
    public String servicePrincipalName() {
        return service.principal().name();
    }

    /** Finds the record's PDF (an audited view) and hands it to {@code open}. */
    public void open(RecordRow row, Consumer<Path> open) {
        run(() -> service.pdf(row.id()), open);
    }

    /**
     * Finds the record's PDF (an audited view) and opens it with {@code opener} in the background; when this computer
     * has no PDF viewer the message says so ({@code records.noViewer}) and {@link #noViewerProperty} offers the
     * record to be saved instead ({@link #saveCopy}).
     */
    public void open(RecordRow row, org.exoconsent.ui.copy.PdfOpener opener) {
        noViewer.set(null);
        run(() -> opener.open(service.pdf(row.id())), opened -> {
            if (!opened) {
                noViewer.set(row);
                message.set(Message.of("records.noViewer", row.id()));
            }
        });
    }

    /**
     * Saves a copy of the record's signed PDF, byte for byte, to {@code out} (never inside the data directory;
     * audited by the store as the patient's copy saved): what the screen offers when no viewer opens it.
     *
     * @param overwrite whether an existing {@code out} is replaced (the file chooser asked)
     */
    public void saveCopy(RecordRow row, Path out, boolean overwrite) {
        run(() -> service.patientCopies().saveConsentCopy(row.id(), out, overwrite), saved -> {
            noViewer.set(null);
            message.set(Message.of("records.copySaved", row.id(), saved));
        });
    }

    /**
     * Exports every document of the patient of {@code row} — their consents, withdrawals, corrections and documents
     * of any other kind the index holds — into one ZIP at {@code out} (a patient's request to see their records,
     * issue 16 §7), with progress and cancel as {@link #export}; the ZIP verifies the whole store first.
     */
    public void exportPatient(RecordRow row, Path out) {
        RecordFilter f = RecordFilter.ofPatient(row.patientNumber());
        cancel.set(false);
        progress.set(0);
        run(() -> service.export(RecordStore.ExportFormat.ZIP, f, out, org.exoconsent.records.ExportHeaders.JA,
                (n, all) -> fx.execute(() -> progress.set(all == 0 ? 1 : (double) n / all)), cancel::get).exported(),
                e -> message.set(e.failedVerification()
                        ? Message.of("records.patientExportedNotIntact", row.patientNumber(), e.records(), e.file(),
                                e.verification().problems().size() + e.missing().size())
                        : Message.of("records.patientExported", row.patientNumber(), e.records(), e.file())));
    }
}
