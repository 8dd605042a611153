package org.exoconsent.ui.records;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.StoreException;

/**
 * The audit trail in the records screen, without a screen (issue 13 §6): the same filters as {@code exoconsent
 * audit export} (days of the clinic's calendar, action, who, subject), the newest {@value #SHOWN} matching entries
 * with how many match in all, the chain's head and whether it verifies, and the export of every matching entry to
 * CSV or PDF. Store work runs on {@code background}, results are applied on {@code fx}; messages are keys of the UI
 * bundles with their arguments.
 */
public final class AuditTrailViewModel {
    /** How many entries the screen shows at most (the newest); the export has them all. */
    public static final int SHOWN = 500;

    private final RecordsService service;
    private final Executor background;
    private final Executor fx;

    public final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    public final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    public final StringProperty action = new SimpleStringProperty();
    public final StringProperty actor = new SimpleStringProperty();
    public final StringProperty subject = new SimpleStringProperty();

    private final ObservableList<AuditTrail.Entry> rows = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper();
    private final ReadOnlyObjectWrapper<AuditTrail.Chain> chain = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<RecordsViewModel.Message> message = new ReadOnlyObjectWrapper<>();
    /** The filter of the entries on screen: an export takes this one, not half-edited fields. */
    private AuditTrail.Filter shown = AuditTrail.Filter.ALL;

    public AuditTrailViewModel(RecordsService service, Executor background, Executor fx) {
        this.service = service;
        this.background = background;
        this.fx = fx;
    }

    /** The entries on screen, oldest first. */
    public ObservableList<AuditTrail.Entry> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** How many entries match the filter in all. */
    public ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** The chain's head and verification, as of the last search; null before it. */
    public ReadOnlyObjectProperty<AuditTrail.Chain> chainProperty() {
        return chain.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RecordsViewModel.Message> messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Reads the entries the filters select; dates out of order are refused here, naming both. */
    public void search() {
        AuditTrail.Filter f;
        try {
            f = new AuditTrail.Filter(from.get(), to.get(), action.get(), actor.get(), subject.get());
        } catch (IllegalArgumentException e) {
            message.set(new RecordsViewModel.Message("audit.datesReversed", List.of(to.get(), from.get())));
            return;
        }
        run(() -> service.auditTrail(f, SHOWN), v -> {
            shown = f;
            rows.setAll(v.entries());
            total.set(v.total());
            chain.set(v.chain());
            message.set(new RecordsViewModel.Message(v.total() > v.entries().size() ? "audit.shownOf" : "audit.shown",
                    List.of(v.entries().size(), v.total())));
        });
    }

    /**
     * Exports every entry of the filter on screen to {@code out} (FILE.csv or FILE.pdf), headings of a PDF in
     * {@code language}; refused inside the data directory by the store, which audits the export.
     */
    public void export(Path out, String language) {
        AuditTrail.Filter f = shown;
        run(() -> service.exportAuditTrail(f, out, language), e -> message.set(new RecordsViewModel.Message(
                "audit.exported", List.of(e.entries(), e.file().toString()))));
    }

    private interface Job<T> {
        T run() throws StoreException;
    }

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
                    done.accept(result);
                });
            } catch (StoreException | RuntimeException e) {
                fx.execute(() -> {
                    busy.set(false);
                    String damage = org.exoconsent.ui.controls.StoreFailureText.damage(e);
                    message.set(damage != null ? new RecordsViewModel.Message("app.store.damaged", List.of(damage))
                            : new RecordsViewModel.Message("records.failed", List.of(String.valueOf(
                            e.getMessage()))));
                });
            }
        });
    }
}
