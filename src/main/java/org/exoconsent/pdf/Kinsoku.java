package org.exoconsent.pdf;

import com.lowagie.text.SplitCharacter;
import com.lowagie.text.pdf.PdfChunk;

/**
 * Japanese line-breaking rules (禁則処理) for OpenPDF, which has none: a line may break between two Japanese
 * characters or after a space (never inside a Latin word, number, date or phone number), but never before closing punctuation, small kana or the long-vowel mark
 * (行頭禁則) and never after an opening bracket (行末禁則).
 */
public final class Kinsoku implements SplitCharacter {
    public static final Kinsoku INSTANCE = new Kinsoku();

    /** Characters that must not begin a line. */
    public static final String NO_LINE_START =
            "、。，．,.:;：；!?！？)]}）〕］｝〉》」』】〙〗〟’”｠»ー−‐゠–〜～…‥・･ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖ"
                    + "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ％%℃°′″";
    /** Characters that must not end a line. */
    public static final String NO_LINE_END = "([{（〔［｛〈《「『【〘〖〝‘“｟«¥￥＄$#＃";

    private Kinsoku() {
    }

    @Override
    public boolean isSplitCharacter(int start, int current, int end, char[] cc, PdfChunk[] ck) {
        char c = charAt(current, cc, ck);
        char next = current + 1 < end ? charAt(current + 1, cc, ck) : 0;
        if (next != 0 && NO_LINE_START.indexOf(next) >= 0) {
            return false;
        }
        if (NO_LINE_END.indexOf(c) >= 0) {
            return false;
        }
        if (c == ' ' || c == '\u3000') {
            return true;
        }
        return isCjk(c) || (next != 0 && isCjk(next));
    }

    private static char charAt(int i, char[] cc, PdfChunk[] ck) {
        if (ck == null) {
            return cc[i];
        }
        return (char) ck[Math.min(i, ck.length - 1)].getUnicodeEquivalent(cc[i]);
    }

    static boolean isCjk(char c) {
        return (c >= '\u2E80' && c < '\uA000') || (c >= '\uF900' && c < '\uFB00') || (c >= '\uFF00' && c < '\uFFF0');
    }
}
