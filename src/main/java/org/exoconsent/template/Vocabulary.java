package org.exoconsent.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixed words templates may use: mandatory sections, indications, placeholders and condition keys.
 * They are the product's contract with every template; a template that strays from them is refused.
 */
public final class Vocabulary {

    /** The sections every consent must contain, in this order (the template may add its own between them). */
    public static final List<String> MANDATORY_SECTIONS = List.of(
            "treatment", "evidence", "quality", "infection", "sterilisation", "regulatory", "side-effects",
            "blood-donation", "costs", "alternatives", "voluntariness", "cooling-off", "privacy", "contact");

    /** The indications the evidence table must cover. */
    public static final List<String> INDICATIONS = List.of(
            "skin", "hair", "knee", "heart", "stroke-nerve", "kidney", "liver", "wounds", "anti-ageing-drip",
            "fatigue");

    public static final Set<String> PLACEHOLDERS = Set.of(
            "clinic.name", "clinic.address", "clinic.phone", "clinic.bloodDonationPolicy",
            "physician.name", "patient.name",
            "product.name", "product.manufacturer", "product.sourceCells", "product.storage", "product.virusTests",
            "lot.number", "lot.expiry",
            "treatment.indication", "treatment.route", "treatment.plannedDate", "treatment.sessions",
            "treatment.price",
            "evidence.level", "evidence.references");

    /** Condition keys and their values; each key lists the section that must cover every value. */
    public static final Map<String, List<String>> CONDITIONS;
    public static final Map<String, String> CONDITION_SECTIONS = Map.of(
            "sterilisation", "sterilisation",
            "virusTests", "infection",
            "coolingOff", "cooling-off");

    static {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("sterilisation", List.of("sterilised", "not-sterilised", "unknown"));
        c.put("virusTests", List.of("listed", "none"));
        c.put("route", List.of("iv", "injection", "topical"));
        c.put("coolingOff", List.of("applies", "does-not-apply", "to-be-confirmed"));
        CONDITIONS = Map.copyOf(c);
    }

    public static final Set<String> CONFIDENCE_MARKS = Set.of("V", "S", "U");

    private Vocabulary() {
    }
}
