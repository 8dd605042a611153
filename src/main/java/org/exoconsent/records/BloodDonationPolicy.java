package org.exoconsent.records;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clinic's blood-donation policy is the clinic's own text, quoted in every consent. No published Japanese Red
 * Cross rule for exosome or culture-supernatant recipients was found (FACTS.md, "Blood donation", searched again in
 * November 2026), so no waiting period can be sourced: a policy that states a number or a period is very likely to
 * state one. This finds them so that the administrator is warned before saving (issue 11, section 5).
 */
public final class BloodDonationPolicy {
    /** A number: digits (any width, after NFKC), or a kanji numeral or 半 before a unit of time. */
    private static final Pattern NUMBER = Pattern.compile(
            "\\d+(?:[.,]\\d+)?\\s*(?:日間|日|週間|週|か月|ヶ月|カ月|ヵ月|箇月|ケ月|月|年間|年|days?|weeks?|months?|years?)?"
            + "|[一二三四五六七八九十百半]+\\s*(?:日間|日|週間|週|か月|ヶ月|カ月|ヵ月|箇月|ケ月|年間|年)",
            Pattern.CASE_INSENSITIVE);
    /** An English number word before a unit of time ("six months", "a few weeks"). */
    private static final Pattern WORDS = Pattern.compile(
            "\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a|an)\\s+"
            + "(?:days?|weeks?|months?|years?)\\b", Pattern.CASE_INSENSITIVE);

    private BloodDonationPolicy() {
    }

    /**
     * The numbers and periods a policy text states, as written (after NFKC, so full-width digits are found), in
     * order; empty when it states none. Never null; a null text has none.
     */
    public static List<String> numbersAndPeriods(String policy) {
        List<String> out = new ArrayList<>();
        if (policy == null) {
            return out;
        }
        String text = Normalizer.normalize(policy, Normalizer.Form.NFKC);
        for (Pattern p : List.of(NUMBER, WORDS)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                out.add(m.group().strip());
            }
        }
        return out;
    }
}
