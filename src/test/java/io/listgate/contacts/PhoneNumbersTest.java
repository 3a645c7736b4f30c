package io.listgate.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @Test
    void spacesDotsDashesAndParenthesesGoAndTheLeadingPlusStays() {
        assertEquals("+33612345678", PhoneNumbers.digits(" +33 (6) 12-34.56.78 "));
        assertEquals("0612345678", PhoneNumbers.digits("06 12 34 56 78"));
        assertNotEquals(PhoneNumbers.digits("+33612345678"), PhoneNumbers.digits("0612345678"));
        assertEquals("", PhoneNumbers.digits(" - . () "));
    }

    @Test
    void theSqlExpressionRemovesTheSameCharacters() {
        assertEquals("REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(TRIM(c4), ' ', ''), '.', ''), '-', ''), '(', ''), ')', '')",
                PhoneNumbers.sqlDigits("c4"));
    }
}
