package org.exoconsent.template;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the as-of dates ("true as of when") that every paragraph of a {@code dated: true} section must carry.
 * Japanese: {@code 2026年11月時点}, {@code 2026年11月現在}, {@code 2026年11月の時点で}, {@code 2025年時点},
 * {@code 2026年11月29日現在} (full-width digits too). English, ignoring case: {@code as of November 2026},
 * {@code As of 2025}, {@code as of 29 November 2026}, {@code as of November 29, 2026}.
 */
final class AsOfDates {
    private static final Pattern JA = Pattern.compile(
            "(\\d{4})年(?:(\\d{1,2})月(?:(\\d{1,2})日)?)?(?:の)?(?:時点|現在)");
    private static final String MONTHS = "january|february|march|april|may|june|july|august|september|october"
            + "|november|december";
    private static final Pattern EN = Pattern.compile(
            "\\bas\\s+of\\s+(?:(?:\\d{1,2}\\s+)?(" + MONTHS + ")\\s+(?:\\d{1,2},\\s*)?)?(\\d{4})\\b",
            Pattern.CASE_INSENSITIVE);

    /** An as-of date as written: a year, and a month when one is given. */
    record AsOf(int year, Integer month, String written) {
        /** Whether this date lies after the month (or, without a month, the year) of {@code day}. */
        boolean isAfter(LocalDate day) {
            if (month == null) {
                return year > day.getYear();
            }
            return YearMonth.of(year, month).isAfter(YearMonth.from(day));
        }
    }

    private AsOfDates() {
    }

    /** Every as-of date in {@code text} ("ja" for Japanese, else English), in order. */
    static List<AsOf> find(String language, String text) {
        List<AsOf> out = new ArrayList<>();
        if ("ja".equals(language)) {
            String t = Normalizer.normalize(text, Normalizer.Form.NFKC); // full-width digits
            Matcher m = JA.matcher(t);
            while (m.find()) {
                Integer month = m.group(2) == null ? null : Integer.valueOf(m.group(2));
                Integer day = m.group(3) == null ? null : Integer.valueOf(m.group(3));
                if (real(Integer.parseInt(m.group(1)), month, day)) {
                    out.add(new AsOf(Integer.parseInt(m.group(1)), month, m.group()));
                }
            }
        } else {
            Matcher m = EN.matcher(text);
            while (m.find()) {
                Integer month = m.group(1) == null ? null
                        : Month.valueOf(m.group(1).toUpperCase(Locale.ROOT)).getValue();
                if (real(Integer.parseInt(m.group(2)), month, null)) {
                    out.add(new AsOf(Integer.parseInt(m.group(2)), month, m.group()));
                }
            }
        }
        return out;
    }

    /**
     * Whether a written date can be an as-of date of a consent text: a year from {@link #EARLIEST_YEAR} on, a month
     * 1–12 and a day that month has ("2026年2月31日" and "0001年" are not).
     */
    private static boolean real(int year, Integer month, Integer day) {
        if (year < EARLIEST_YEAR || month != null && (month < 1 || month > 12)) {
            return false;
        }
        return day == null || month != null && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth();
    }

    /** No statement about today's regulation of these products can be true "as of" an earlier year. */
    static final int EARLIEST_YEAR = 2000;

    /** An example of an as-of date for a message, at the month of {@code day}. */
    static String example(String language, LocalDate day) {
        LocalDate d = day == null ? LocalDate.of(2026, 11, 1) : day;
        if ("ja".equals(language)) {
            return "「" + d.getYear() + "年" + d.getMonthValue() + "月時点で、…」";
        }
        String month = d.getMonth().name().charAt(0) + d.getMonth().name().substring(1).toLowerCase(Locale.ROOT);
        return "\"As of " + month + " " + d.getYear() + ", …\"";
    }
}
