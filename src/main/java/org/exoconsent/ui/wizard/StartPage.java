package org.exoconsent.ui.wizard;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.RecordStore;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;

/**
 * The physician's first screen: the physician, the patient (name, reading, date of birth, patient number, and a
 * legal representative for a minor; or an existing patient found by number, name or reading), the patient's language, and the treatment from the catalog. Every field is
 * checked as it is typed (ControlsFX validation) with the reason beside it, by the same rules the view model
 * applies when "Begin the explanation" is pressed.
 */
final class StartPage extends ScrollPane {
    private final ResourceBundle ui;
    private final ConsentTemplate template;
    private final RecordStore.CatalogView catalog;
    private final LocalDate today;

    final ComboBox<Catalog.Physician> physician = new ComboBox<>();
    final TextField patientName = new TextField();
    final TextField kana = new TextField();
    final TextField birth = new TextField();
    final TextField patientNumber = new TextField();
    final TextField phone = new TextField();
    final TextField repName = new TextField();
    /** The representative's relationship, from the list (issue 12 §2); "other" takes the words in the field below. */
    final ComboBox<ConsentSession.Relationship> repRelationship = new ComboBox<>();
    final TextField repRelationshipText = new TextField();
    final ComboBox<String> language = new ComboBox<>();
    final ComboBox<String> indication = new ComboBox<>();
    final ComboBox<ConsentSession.Route> route = new ComboBox<>();
    final ComboBox<Catalog.Lot> lot = new ComboBox<>();
    final TextField planned = new TextField();
    final TextField sessions = new TextField("1");
    final TextField price = new TextField();
    final ComboBox<ConsentSession.CoolingOff> coolingOff = new ComboBox<>();
    final Button begin = new Button();
    final TextField patientSearch = new TextField();
    final Button find = new Button();
    final ListView<RecordStore.KnownPatient> patientResults = new ListView<>();
    final Label searchMessage = new Label();
    /**
     * Which texts the clinic has not written in the chosen language, and who adds them where (hidden when none is
     * missing): the consultation cannot begin in that language (issue 12 §2).
     */
    final Label textsNotice = new Label();
    /**
     * Which lots of the catalog cannot be read (their expiry changed outside the product), one sentence each naming
     * the lot and asking the staff to contact the administrator; such a lot is not in the list, so it cannot be
     * chosen (hidden when every lot can be read; issue 17).
     */
    final Label damagedLotsNotice = new Label();
    /** What changed in the text since the chosen existing patient's last consent (hidden when nothing material). */
    final Label changesNotice = new Label();
    /** The existing patient chosen from the search, whose last consent the new one follows. */
    private RecordStore.KnownPatient chosen;
    private final ValidationSupport validation = new ValidationSupport();

    /** Finds patients of earlier consents (slow: runs off the FX thread). */
    interface PatientSearch {
        List<RecordStore.KnownPatient> find(String text) throws Exception;
    }

    StartPage(ResourceBundle ui, ConsentTemplate template, RecordStore.CatalogView catalog, LocalDate today,
              PatientSearch search, Executor background, Consumer<ConsultationSetup> onBegin) {
        this.ui = ui;
        this.template = template;
        this.catalog = catalog;
        this.today = today;
        setFitToWidth(true);
        physician.setItems(FXCollections.observableArrayList(catalog.physicians().stream()
                .filter(Catalog.Physician::active).toList()));
        physician.setConverter(converter(p -> MessageFormat.format(ui.getString("parenthetical"), p.name(),
                p.licenceNumber())));
        language.setItems(FXCollections.observableArrayList(template.languages()));
        language.setConverter(converter(code -> ui.getString("language." + code)));
        LanguageText staffText = template.languageOrFirst(org.exoconsent.ui.controls.UiLanguage.of(ui));
        indication.setItems(FXCollections.observableArrayList(template.manifest().indications().stream()
                .map(i -> i.id()).toList()));
        indication.setConverter(converter(id -> staffText.indications().get(id)));
        route.setItems(FXCollections.observableArrayList(ConsentSession.Route.values()));
        route.setConverter(converter(r -> ui.getString("route." + r.name())));
        lot.setItems(FXCollections.observableArrayList(catalog.lots()));
        // two lines: the product, then the lot number and its expiry, so that lots of one product differ at a glance
        lot.setConverter(converter(l -> l.product() + "\n" + MessageFormat.format(ui.getString("parenthetical"),
                l.number(), l.expiry().toString())));
        repRelationship.setItems(FXCollections.observableArrayList(ConsentSession.Relationship.values()));
        repRelationship.setConverter(converter(r -> ui.getString("relationship." + r.code())));
        repRelationshipText.setPromptText(ui.getString("start.relationshipTextPrompt"));
        // the words for "other" only when "other" is chosen
        repRelationshipText.disableProperty().bind(repRelationship.valueProperty()
                .isNotEqualTo(ConsentSession.Relationship.OTHER));
        coolingOff.setItems(FXCollections.observableArrayList(ConsentSession.CoolingOff.values()));
        coolingOff.setConverter(converter(c -> ui.getString("coolingOff." + c.name())));
        birth.setPromptText("1954-03-15");
        planned.setPromptText(today.toString());

        // who (physician, patient, language), then what (the treatment): side by side where the window is wide
        // enough for a 40-character reading beside the treatment, else one under the other (issue 16 §4)
        GridPane who = grid();
        int row = 0;
        row = add(who, row, "physician", physician);
        row = existingPatient(who, row, search, background);
        row = add(who, row, "patient.name", patientName);
        row = add(who, row, "patient.kana", kana);
        row = add(who, row, "patient.dateOfBirth", birth);
        row = add(who, row, "patient.patientNumber", patientNumber);
        row = add(who, row, "patient.phone", phone);
        row = add(who, row, "representative.name", repName);
        row = add(who, row, "representative.relationship", repRelationship);
        row = add(who, row, "representative.relationshipText", repRelationshipText);
        add(who, row, "language", language);
        textsNotice.setId("texts-missing-notice");
        textsNotice.getStyleClass().add("notice");
        textsNotice.setWrapText(true);
        textsNotice.setMaxWidth(530);
        textsNotice.setVisible(false);
        textsNotice.setManaged(false);
        GridPane what = grid();
        row = 0;
        row = add(what, row, "treatment.indication", indication);
        row = add(what, row, "treatment.route", route);
        row = add(what, row, "treatment.lot", lot);
        damagedLotsNotice.setId("damaged-lots-notice");
        damagedLotsNotice.getStyleClass().add("notice");
        damagedLotsNotice.setWrapText(true);
        damagedLotsNotice.setMaxWidth(Double.MAX_VALUE);
        damagedLotsNotice.setMinHeight(Region.USE_PREF_SIZE);
        damagedLotsNotice.setText(String.join("\n", catalog.damagedLots().stream().map(d -> MessageFormat.format(
                ui.getString("start.lotDamaged"), d.number(), d.product())).toList()));
        if (!catalog.damagedLots().isEmpty()) { // else no row of its own: the form as it was
            what.add(damagedLotsNotice, 1, row++);
        } else {
            damagedLotsNotice.setVisible(false);
            damagedLotsNotice.setManaged(false);
        }
        row = add(what, row, "treatment.plannedDate", planned);
        row = add(what, row, "treatment.sessions", sessions);
        row = add(what, row, "treatment.priceYen", price);
        add(what, row, "treatment.coolingOff", coolingOff);

        begin.setId("begin");
        begin.setText(ui.getString("start.begin"));
        begin.getStyleClass().add("primary");
        begin.setOnAction(e -> onBegin.accept(setup()));
        // beside the button it keeps disabled: which texts the chosen language lacks (issue 12 §2)
        VBox right = new VBox(24, what, begin, textsNotice);
        GridPane columns = new GridPane();
        columns.setHgap(32);
        columns.setVgap(24);
        columns.setPadding(new Insets(16, 16, 24, 16));
        arrange(columns, who, right, false);
        viewportBoundsProperty().addListener((o, was, now) -> arrange(columns, who, right,
                now.getWidth() >= TWO_COLUMNS_FROM));
        getStyleClass().add("start-form");
        setContent(columns);

        Map<String, Control> fields = Map.ofEntries(Map.entry("physician", physician),
                Map.entry("patient.name", patientName), Map.entry("patient.kana", kana),
                Map.entry("patient.dateOfBirth", birth), Map.entry("patient.patientNumber", patientNumber),
                Map.entry("patient.phone", phone),
                Map.entry("representative.name", repName),
                Map.entry("representative.relationship", repRelationship),
                Map.entry("representative.relationshipText", repRelationshipText), Map.entry("language", language),
                Map.entry("treatment.indication", indication), Map.entry("treatment.route", route),
                Map.entry("treatment.lot", lot), Map.entry("treatment.plannedDate", planned),
                Map.entry("treatment.sessions", sessions), Map.entry("treatment.priceYen", price),
                Map.entry("treatment.coolingOff", coolingOff));
        fields.forEach((field, control) -> validation.registerValidator(control, false,
                (Control c, Object value) -> ValidationResult.fromMessageIf(c, message(field),
                        Severity.ERROR, message(field) != null)));
        begin.disableProperty().bind(validation.invalidProperty());
        // which texts the chosen language lacks depends on the physician and the product too, and whether the
        // relationship needs words on the relationship chosen
        for (javafx.beans.value.ObservableValue<?> v : List.of(language.valueProperty(), physician.valueProperty(),
                lot.valueProperty(), repRelationship.valueProperty())) {
            v.addListener((o, was, now) -> {
                showMissingTexts();
                validation.revalidate();
            });
        }
    }

    /**
     * The width of the form's view, in pixels, from which the two parts stand side by side: the patient's part then
     * still has room for a 40-character kana reading in full (740 px at 20 px), the treatment's for a product and
     * its longest lot.
     */
    static final double TWO_COLUMNS_FROM = 1700;

    /** Puts the patient's part and the treatment's side by side (55 % and 45 %), or one under the other. */
    private static void arrange(GridPane columns, GridPane who, VBox what, boolean sideBySide) {
        boolean now = GridPane.getColumnIndex(what) != null && GridPane.getColumnIndex(what) == 1;
        if (!columns.getChildren().isEmpty() && now == sideBySide) {
            return;
        }
        columns.getChildren().clear();
        javafx.scene.layout.ColumnConstraints first = new javafx.scene.layout.ColumnConstraints();
        first.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        first.setFillWidth(true);
        if (sideBySide) {
            javafx.scene.layout.ColumnConstraints second = new javafx.scene.layout.ColumnConstraints();
            second.setHgrow(javafx.scene.layout.Priority.ALWAYS);
            second.setFillWidth(true);
            first.setPercentWidth(55);
            second.setPercentWidth(45);
            columns.getColumnConstraints().setAll(first, second);
            columns.add(who, 0, 0);
            columns.add(what, 1, 0);
        } else {
            columns.getColumnConstraints().setAll(first);
            columns.add(who, 0, 0);
            columns.add(what, 0, 1);
        }
    }

    /** Shows, under the language, which texts the clinic has not written in it (or hides the notice). */
    private void showMissingTexts() {
        List<Catalog.MissingText> missing = setup().missingTexts();
        boolean any = language.getValue() != null && !missing.isEmpty();
        textsNotice.setText(any ? missingTexts(language.getValue(), missing) : "");
        textsNotice.setVisible(any);
        textsNotice.setManaged(any);
    }

    /** "The clinic has not written its texts in English: … An administrator adds them in …" in the staff's language. */
    private String missingTexts(String code, List<Catalog.MissingText> missing) {
        return MessageFormat.format(ui.getString("start.textsMissing"),
                org.exoconsent.ui.controls.MissingTextsText.language(ui, code),
                String.join("\n", org.exoconsent.ui.controls.MissingTextsText.items(ui, missing)),
                org.exoconsent.ui.controls.MissingTextsText.where(ui, missing));
    }

    /**
     * "Existing patient": a search over earlier consents by patient number, name or reading; choosing a result
     * fills in the patient's fields, which stay editable (an address or phone may have changed).
     */
    private int existingPatient(GridPane grid, int row, PatientSearch search, Executor background) {
        Label label = new Label(ui.getString("start.existing"));
        label.getStyleClass().add("field-label");
        label.setWrapText(true);
        label.setMaxWidth(LABEL_WIDTH);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setLabelFor(patientSearch);
        patientSearch.setId("patient-search");
        patientSearch.setPromptText(ui.getString("start.searchPrompt"));
        patientSearch.setAccessibleText(ui.getString("start.existing"));
        patientSearch.setPrefWidth(250);
        patientSearch.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(patientSearch, javafx.scene.layout.Priority.ALWAYS);
        find.setMinWidth(Region.USE_PREF_SIZE);
        find.setId("find-patient");
        find.setText(ui.getString("start.search"));
        find.setAccessibleText(ui.getString("start.search"));
        find.disableProperty().bind(patientSearch.textProperty().isEmpty());
        searchMessage.setId("patient-search-message");
        searchMessage.setWrapText(true);
        // as wide as its column, never wider: a long message (a damaged patient's detail) wraps instead of
        // squeezing the labels' column
        searchMessage.setPrefWidth(250);
        searchMessage.setMaxWidth(Double.MAX_VALUE);
        patientResults.setId("patient-results");
        patientResults.setAccessibleText(ui.getString("start.existing"));
        patientResults.setPrefHeight(130);
        patientResults.setMaxWidth(Double.MAX_VALUE);
        patientResults.setVisible(false);
        patientResults.setManaged(false);
        patientResults.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(RecordStore.KnownPatient p, boolean empty) {
                super.updateItem(p, empty);
                // two short lines, so that the list fits its column without scrolling sideways
                setText(empty || p == null ? null : resultText(p));
            }
        });
        patientResults.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> {
            if (p != null && p.damaged()) {
                refuseToFill(p);
            } else if (p != null) {
                fill(p);
            }
        });
        Runnable run = () -> {
            String text = patientSearch.getText();
            find.disableProperty().unbind();
            find.setDisable(true);
            Task<List<RecordStore.KnownPatient>> task = new Task<>() {
                @Override
                protected List<RecordStore.KnownPatient> call() throws Exception {
                    return search.find(text);
                }
            };
            task.setOnSucceeded(e -> {
                List<RecordStore.KnownPatient> found = task.getValue();
                patientResults.getItems().setAll(found);
                patientResults.setVisible(!found.isEmpty());
                patientResults.setManaged(!found.isEmpty());
                long damaged = found.stream().filter(RecordStore.KnownPatient::damaged).count();
                searchMessage.setText(found.isEmpty() ? MessageFormat.format(ui.getString("start.noneFound"), text)
                        : damaged == 0 ? MessageFormat.format(ui.getString("start.found"), found.size())
                        : MessageFormat.format(ui.getString("start.foundDamaged"), found.size(), damaged));
                find.disableProperty().bind(patientSearch.textProperty().isEmpty());
            });
            task.setOnFailed(e -> {
                searchMessage.setText(task.getException().getMessage());
                find.disableProperty().bind(patientSearch.textProperty().isEmpty());
            });
            background.execute(task);
        };
        find.setOnAction(e -> run.run());
        patientSearch.setOnAction(e -> {
            if (!patientSearch.getText().isBlank()) {
                run.run();
            }
        });
        HBox line = new HBox(8, patientSearch, find);
        grid.add(label, 0, row);
        changesNotice.setId("changes-since-notice");
        changesNotice.getStyleClass().add("notice");
        changesNotice.setWrapText(true);
        changesNotice.setMaxWidth(Double.MAX_VALUE);
        changesNotice.setVisible(false);
        changesNotice.setManaged(false);
        grid.add(new VBox(6, line, searchMessage, patientResults, changesNotice), 1, row);
        return row + 1;
    }

    /**
     * Chooses, when no physician is chosen yet, the catalog's active physician whose licence number is
     * {@code licence}: the signed-in person's when they are a physician ({@code Principal.physicianLicence()}, the
     * licence their account is linked to the catalog by, as the store's confirmation matches it); staff may choose
     * another (issue 16 §7). Null, or a licence no active physician has, chooses nothing.
     */
    void preselectPhysician(String licence) {
        if (licence == null || physician.getValue() != null) {
            return;
        }
        physician.getItems().stream().filter(p -> licence.equals(p.licenceNumber())).findFirst()
                .ifPresent(physician::setValue);
    }

    /**
     * A search result as listed: the name (and reading), then the patient number and date of birth; a patient whose
     * last consent holds a value that cannot be read shows "unreadable (damaged)" in place of the birth date it lacks,
     * or beside the one it has.
     */
    private String resultText(RecordStore.KnownPatient p) {
        String unreadable = ui.getString("records.unreadable");
        String second = p.patientNumber() + " · " + (p.dateOfBirth() == null ? unreadable : p.dateOfBirth())
                + (p.damaged() && p.dateOfBirth() != null ? " · " + unreadable : "");
        return (p.kana() == null ? p.name() : MessageFormat.format(ui.getString("parenthetical"), p.name(), p.kana()))
                + "\n" + second;
    }

    /**
     * A damaged patient was chosen: nothing of theirs is put in the form (their birth date or last consent's day is
     * unknown); what a patient chosen before filled in is cleared, and that patient is no longer followed; the
     * message says why, and names the damage for the administrator.
     */
    private void refuseToFill(RecordStore.KnownPatient p) {
        if (chosen != null) { // what the patient chosen before filled in is not this patient's
            for (TextField f : List.of(patientName, kana, birth, patientNumber, phone)) {
                f.clear();
            }
            if (chosen.representative() != null) {
                repName.clear();
                repRelationship.setValue(null);
                repRelationshipText.clear();
            }
        }
        chosen = null;
        changesNotice.setText("");
        changesNotice.setVisible(false);
        changesNotice.setManaged(false);
        searchMessage.setText(MessageFormat.format(ui.getString("start.chosenDamaged"), p.patientNumber(),
                String.join("\n", p.damage())));
        validation.revalidate();
    }

    private void fill(RecordStore.KnownPatient p) {
        chosen = p;
        ConsentSession.LastConsent last = p.lastConsent();
        boolean material = template.format() >= 3 && !template.materialChangesSince(last.templateVersion(),
                template.languageOrFirst(org.exoconsent.ui.controls.UiLanguage.of(ui)).language()).isEmpty();
        changesNotice.setText(material ? MessageFormat.format(ui.getString("start.changesSince"), last.date(),
                last.templateVersion(), template.version()) : "");
        changesNotice.setVisible(material);
        changesNotice.setManaged(material);
        patientName.setText(p.name());
        kana.setText(p.kana() == null ? "" : p.kana());
        birth.setText(p.dateOfBirth().toString());
        patientNumber.setText(p.patientNumber());
        phone.setText(p.phone() == null ? "" : p.phone());
        carryOver(p);
    }

    /**
     * The legal representative (name, relationship, its words for "other") and the language of the patient's last
     * consent, carried into the form, where staff may change them (issue 16 §7); a language this template does not
     * offer, or a last consent without a representative, leaves the field as it is.
     */
    private void carryOver(RecordStore.KnownPatient p) {
        ConsentSession.Representative r = p.representative();
        if (r != null) {
            repName.setText(r.name() == null ? "" : r.name());
            repRelationship.setValue(r.relationship());
            repRelationshipText.setText(r.relationshipText() == null ? "" : r.relationshipText());
        }
        if (p.language() != null && template.languages().contains(p.language())) {
            language.setValue(p.language());
        }
    }

    /** The widest a field's label grows before it wraps, in pixels. */
    private static final double LABEL_WIDTH = 170;

    /** A form of labels (as wide as they need, up to {@link #LABEL_WIDTH}) and fields that take the rest. */
    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMaxWidth(LABEL_WIDTH);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().setAll(labels, fields);
        return grid;
    }

    private int add(GridPane grid, int row, String field, Control control) {
        Label label = new Label(ui.getString("field." + field));
        label.getStyleClass().add("field-label");
        label.setWrapText(true);
        label.setMaxWidth(LABEL_WIDTH);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setLabelFor(control);
        control.setId(field.replace('.', '-'));
        control.setAccessibleText(ui.getString("field." + field));
        control.setPrefWidth(330);
        control.setMaxWidth(Double.MAX_VALUE); // the field grows with the window (a 20-character name, its reading)
        grid.add(label, 0, row);
        grid.add(control, 1, row);
        return row + 1;
    }

    /** The problem of one field under the view model's rules, in the staff's language, or null. */
    private String message(String field) {
        List<StartValidation.FieldProblem> problems = StartValidation.check(setup(), template, today);
        return problems.stream().filter(p -> p.field().equals(field)).findFirst()
                .map(p -> "start.textsMissing".equals(p.key()) ? missingTexts(language.getValue(),
                        setup().missingTexts())
                        : MessageFormat.format(ui.getString(p.key()), p.args().toArray())).orElse(null);
    }

    /**
     * What the form says now (unparseable numbers and dates count as missing): the clinic, the physician and the
     * product as written in the chosen language, or, while a text is missing in it, as the catalog has them in
     * Japanese with the missing texts listed (the start is then refused).
     */
    ConsultationSetup setup() {
        Catalog.Clinic c = catalog.clinic();
        Catalog.Physician ph = physician.getValue();
        Catalog.Lot l = lot.getValue();
        Catalog.Product product = l == null ? null : catalog.products().stream()
                .filter(p -> p.name().equals(l.product())).findFirst().orElse(null);
        ConsentSession.Relationship relationship = repRelationship.getValue();
        String other = relationship == ConsentSession.Relationship.OTHER
                ? blankToNull(nfc(repRelationshipText.getText())) : null;
        ConsentSession.Representative rep = repName.getText().isBlank() && relationship == null ? null
                : new ConsentSession.Representative(nfc(repName.getText()), null, relationship, other, null);
        String lang = language.getValue();
        List<Catalog.MissingText> missing = lang == null ? List.of()
                : catalog.missingTexts(lang, ph == null ? null : ph.licenceNumber(),
                product == null ? null : product.name());
        String textLanguage = lang != null && missing.isEmpty() ? lang : Catalog.CATALOG_LANGUAGE;
        return new ConsultationSetup(
                c == null ? null : c.snapshot(textLanguage),
                ph == null ? null : new ConsentSession.Physician(ph.name(textLanguage), ph.licenceNumber()),
                new ConsentSession.Patient(nfc(patientName.getText()), blankToNull(nfc(kana.getText())), date(birth),
                        nfc(patientNumber.getText()), blankToNull(nfc(phone.getText())), null),
                rep,
                language.getValue(),
                new ConsentSession.Treatment(indication.getValue(), route.getValue(), date(planned),
                        integer(sessions.getText()), longValue(price.getText()), coolingOff.getValue(),
                        product == null ? null : product.snapshot(textLanguage),
                        l == null ? null : new ConsentSession.Lot(l.number(), l.expiry())),
                // the chosen patient's last consent, as long as the form still names that patient
                chosen != null && org.exoconsent.consent.Identifiers.same(chosen.patientNumber(),
                        patientNumber.getText())
                        ? chosen.lastConsent() : null,
                missing);
    }

    /** A typed text as it is stored and printed: Unicode NFC (a decomposed "ễ" becomes one letter), trimmed. */
    private static String nfc(String typed) {
        return java.text.Normalizer.normalize(typed, java.text.Normalizer.Form.NFC).strip();
    }

    private static LocalDate date(TextField f) {
        try {
            return f.getText().isBlank() ? null : LocalDate.parse(f.getText().strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Integer integer(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String s) {
        try {
            return Long.valueOf(s.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static <T> StringConverter<T> converter(java.util.function.Function<T, String> show) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : show.apply(value);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

}
