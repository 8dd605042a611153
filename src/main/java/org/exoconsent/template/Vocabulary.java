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

    /** Condition keys and their values (in this order). */
    public static final Map<String, List<String>> CONDITIONS;

    /**
     * The sections that must have a paragraph for every value of a condition key: the product's sterilisation
     * status, the tests it lists, the contract's cooling-off and, in format 3, the product's origin (the
     * treatment and infection sections) and how it is supplied (the regulatory section).
     */
    public static final Map<String, List<String>> CONDITION_SECTIONS;

    /**
     * Condition keys that only format 3 knows (issue 11 §1): whose cells, or what source, the product is made from,
     * and how it reaches the clinic, both from the catalog's product snapshot.
     */
    public static final Set<String> FORMAT_3_CONDITIONS = Set.of("origin", "supply");

    static {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("sterilisation", List.of("sterilised", "not-sterilised", "unknown"));
        c.put("virusTests", List.of("listed", "none"));
        c.put("route", List.of("iv", "injection", "topical"));
        c.put("coolingOff", List.of("applies", "does-not-apply", "to-be-confirmed"));
        c.put("origin", List.of("allogeneic", "autologous", "non-human", "unknown"));
        c.put("supply", List.of("cosmetic-ingredient", "research-reagent", "clinic-prepared", "other", "unknown"));
        CONDITIONS = java.util.Collections.unmodifiableMap(c);
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put("sterilisation", List.of("sterilisation"));
        s.put("virusTests", List.of("infection"));
        s.put("coolingOff", List.of("cooling-off"));
        s.put("origin", List.of("treatment", "infection"));
        s.put("supply", List.of("regulatory"));
        CONDITION_SECTIONS = java.util.Collections.unmodifiableMap(s);
    }

    public static final Set<String> CONFIDENCE_MARKS = Set.of("V", "S", "U");

    // ---- formats 2 and 3 -----------------------------------------------------------------------------------

    /**
     * The template format {@link TemplateLoader#load} requires; formats 1 and 2 are read only for versions already
     * stored in a clinic's library ({@link TemplateLoader#loadStored}).
     */
    public static final int CURRENT_FORMAT = 3;

    /** Every format a stored template may be in: 1 (before 1.1.0), 2 (1.1.0) and 3 (from 1.2.0). */
    public static final List<Integer> KNOWN_FORMATS = List.of(1, 2, 3);

    /**
     * The placeholder of the "what changed since your last consent" title and first sentence (format 3): the day of
     * the patient's last consent. It is allowed there only ({@link #CHANGES_SINCE_DECLARATIONS}); nothing else
     * fills it.
     */
    public static final String LAST_CONSENT_DATE = "lastConsent.date";

    /** The declarations that may (the title: must) name {@link #LAST_CONSENT_DATE}, and no other placeholder. */
    public static final List<String> CHANGES_SINCE_DECLARATIONS = List.of("changesSinceTitle", "changesSinceIntro");

    /**
     * How a Japanese sentence of a change text ends (format 3): in the polite form (です・ます), since it is read on
     * its own at the start of a consultation. Matched at the end of the sentence, before its full stop and any
     * closing bracket.
     */
    public static final List<String> JA_POLITE_ENDINGS = List.of("ます", "ません", "ました", "です", "でした",
            "ください");

    /** The languages format 2 can check (sentence splitting, length limits, hedges, as-of dates). */
    public static final List<String> CHECKED_LANGUAGES = List.of("ja", "en");

    /** Sections that must be {@code dated: true} in format 2: what they say changes with time. */
    public static final List<String> DATED_SECTIONS = List.of("regulatory");

    /** Kinds of reference (format 2). */
    public static final List<String> REFERENCE_KINDS = List.of(
            "article", "guidance", "notice", "meeting", "law", "web", "report");

    /** Kinds of reference that may have the date {@code n.d.} (a web page or a law without a known date). */
    public static final Set<String> UNDATED_REFERENCE_KINDS = Set.of("web", "law");

    /** The longest Japanese sentence a patient reads, in characters (code points after NFC). */
    public static final int JA_SENTENCE_MAX_CHARACTERS = 80;

    /** The longest English sentence a patient reads, in words (whitespace-separated tokens). */
    public static final int EN_SENTENCE_MAX_WORDS = 30;

    /** What a placeholder counts for in a sentence's length: 10 characters in Japanese, 3 words in English. */
    public static final int JA_PLACEHOLDER_CHARACTERS = 10;
    public static final int EN_PLACEHOLDER_WORDS = 3;

    /**
     * Placeholders that count for nothing in a sentence's length: their text is checked on its own (the evidence
     * level) or is the clinic's or the product's own (blood-donation policy, list of tests).
     */
    public static final Set<String> UNCOUNTED_PLACEHOLDERS = Set.of(
            "evidence.level", "clinic.bloodDonationPolicy", "product.virusTests");

    /**
     * Japanese hedge expressions. A sentence with two or more (the same one twice, or two different ones) is
     * refused: one hedge tells the patient how sure a statement is, two blur it. Matched as substrings.
     */
    public static final List<String> HEDGES_JA = List.of(
            "とされ", "と伝えられ", "と考えられ", "可能性", "ようです", "かもしれ", "かも知れ", "と言われ", "といわれ",
            "一般に", "おそらく", "恐らく", "らしい");

    /**
     * English hedge expressions, matched as whole words, ignoring case; {@code seem(s) to} is "seem to" or
     * "seems to". Same rule as {@link #HEDGES_JA}. Both lists are matched after {@link Sentences#normalised}, so
     * full-width letters, look-alike spaces and invisible characters do not hide a hedge.
     */
    public static final List<String> HEDGES_EN = List.of(
            "reportedly", "is said to", "are said to", "was said to", "were said to", "is thought to",
            "are thought to", "was thought to", "were thought to", "is believed", "are believed", "was believed",
            "were believed", "likely", "probably", "possibly", "perhaps", "might", "in general", "appear(s) to",
            "seem(s) to");

    private Vocabulary() {
    }
}
