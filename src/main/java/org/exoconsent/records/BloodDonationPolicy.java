package org.exoconsent.records;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clinic's blood-donation policy is the clinic's own text, quoted in every consent. No published Japanese Red
 * Cross rule for exosome or culture-supernatant recipients was found (FACTS.md, "Blood donation", searched again in
 * November 2026), so no deferral period can be sourced: a policy that states one — a number of days, weeks, months
 * or years, or words such as 当分の間 or "permanently" — is flagged so that the administrator is warned before saving
 * (issue 11, section 5). Numbers that are not periods (a telephone number, an address, COVID-19) are not flagged.
 */
public final class BloodDonationPolicy {
    private static final String JA_UNIT = "(?:日間|日|週間|週|か月|ヶ月|カ月|ヵ月|箇月|ケ月|ヶ年|年間|年)";
    private static final String EN_UNIT = "(?:days?|weeks?|months?|years?)";
    private static final String EN_NUMBER = "(?:\\d+(?:[.,]\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten"
            + "|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
            + "|fifty|sixty|a|an|a few|several|a couple of|many|some)";
    private static final List<Pattern> PERIODS = List.of(
            // digits or kanji numerals (数, 何 and 半 included) before a unit of time: 6か月, 三か月, 数週間, 半年
            Pattern.compile("(?:\\d+(?:[.,]\\d+)?\\s*|[一二三四五六七八九十百〇廿数何半]+)" + JA_UNIT + "(?:半)?"),
            // kana numbers and period words: ひと月, 四半期, 当分の間, しばらくの間, 一定期間, 生涯, 永久, 翌年, 来年
            Pattern.compile("(?:ひと|ふた|いっ)(?:月|つき|かげつ)|四半期|当分の間|当面の間|しばらくの間|しばらく|一定の?期間"
                    + "|生涯|永久に?|無期限|翌年|来年"),
            // English: a number before a unit (six months, six-month, 2 weeks, a few weeks), and period words
            Pattern.compile("\\b" + EN_NUMBER + "[\\s-]+" + EN_UNIT + "\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(?:half a year|a fortnight|fortnight|for (?:" + EN_UNIT + ")|(?:next|following) "
                    + "(?:year|month|week)|permanently|for life|indefinitely|for the time being|for now|forever)\\b",
                    Pattern.CASE_INSENSITIVE));

    private BloodDonationPolicy() {
    }

    /**
     * The periods a policy text states, as written (after NFKC, so full-width digits are found), in the order they
     * appear; empty when it states none. Never null; a null text states none.
     */
    public static List<String> periods(String policy) {
        List<int[]> at = new ArrayList<>();
        List<String> out = new ArrayList<>();
        if (policy == null) {
            return out;
        }
        String text = Normalizer.normalize(policy, Normalizer.Form.NFKC);
        for (Pattern p : PERIODS) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                final int s = m.start();
                final int e = m.end();
                if (at.stream().noneMatch(r -> s < r[1] && e > r[0])) { // overlapping finds count once
                    at.add(new int[] {s, e});
                }
            }
        }
        at.sort(Comparator.comparingInt(r -> r[0]));
        at.forEach(r -> out.add(text.substring(r[0], r[1]).strip()));
        return out;
    }
}
