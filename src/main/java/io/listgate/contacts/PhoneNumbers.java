package io.listgate.contacts;

/**
 * How a hot folder's phone number meets a stored one: both without the spaces, dots, dashes and
 * parentheses people write between digits ({@code +33 (0)6.12-34} is {@code +33061234}); a leading
 * {@code +} stays, so {@code +336...} and {@code 06...} are different numbers. The same characters
 * are removed here and in {@link #sqlDigits}, so a row and a stored contact always compare alike.
 */
public final class PhoneNumbers {

    private static final String REMOVED = " .-()";

    private PhoneNumbers() {
    }

    /** The number as compared; empty when it holds nothing but separators. */
    public static String digits(String number) {
        StringBuilder kept = new StringBuilder(number.length());
        for (char c : number.strip().toCharArray()) {
            if (REMOVED.indexOf(c) < 0) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** The SQL expression of {@link #digits} over a checked column. */
    static String sqlDigits(String checkedColumn) {
        String expression = "TRIM(" + checkedColumn + ")";
        for (char c : REMOVED.toCharArray()) {
            expression = "REPLACE(" + expression + ", '" + c + "', '')";
        }
        return expression;
    }
}
