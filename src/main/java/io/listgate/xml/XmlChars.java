package io.listgate.xml;

import java.util.OptionalInt;

/**
 * The characters XML 1.0 can carry (section 2.2, production [2] Char): tab, line feed, carriage
 * return and everything from U+0020 up but surrogates, U+FFFE and U+FFFF. Anything else makes a
 * document no parser accepts, however it is escaped, so no answer may hold one.
 */
public final class XmlChars {

    /** What an illegal character becomes in an answer: visibly not the original, still valid XML. */
    public static final char REPLACEMENT = '\uFFFD';

    private XmlChars() {
    }

    /** The first code point of {@code text} XML 1.0 cannot carry (a lone surrogate counts), if any. */
    public static OptionalInt firstIllegal(String text) {
        int at = firstIllegalIndex(text);
        return at < 0 ? OptionalInt.empty() : OptionalInt.of(text.codePointAt(at));
    }

    /** {@code text} with every character XML 1.0 cannot carry replaced by {@link #REPLACEMENT}. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        int at = firstIllegalIndex(text);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, at);
        while (at < text.length()) {
            int end = at + Character.charCount(text.codePointAt(at));
            int next = firstIllegalIndex(text.substring(end));
            out.append(REPLACEMENT);
            if (next < 0) {
                out.append(text, end, text.length());
                break;
            }
            out.append(text, end, end + next);
            at = end + next;
        }
        return out.toString();
    }

    /** How a message names a character, e.g. {@code U+0001}. */
    public static String name(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    /** A char loop rather than code points: imports call this for every field of every row. */
    private static int firstIllegalIndex(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0xD800 || c == 0x9 || c == 0xA || c == 0xD || c >= 0xE000 && c <= 0xFFFD) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }
}
