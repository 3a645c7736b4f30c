package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.importjob.Counter;
import io.listgate.importjob.Counters;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobStatus;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminHtmlTest {

    @Test
    void theTemplatesEscapeMarkupInTextAndInAttributes() {
        String html = AdminPages.login("tok\"><script>x()</script>", Optional.of("<b>wrong</b> & 'quoted'"),
                Optional.empty(), "", "/admin/jobs?a=1&b=\"2\"");

        assertTrue(html.contains("&lt;b&gt;wrong&lt;/b&gt; &amp; 'quoted'"), html);
        assertFalse(html.contains("<script>x()"), html);
        assertFalse(html.contains("<b>wrong"), html);
        assertTrue(html.contains("value=\"/admin/jobs?a=1&amp;b=&#34;2&#34;\""), html);
    }

    @Test
    void theSignInPageEscapesTheUserNameItShowsAgain() {
        String html = AdminPages.login("tok", Optional.of("wrong"), Optional.empty(), "\"><b>x", "");

        assertTrue(html.contains("value=\"&#34;>&lt;b>x\""), html);
        assertFalse(html.contains("<b>x"), html);
    }

    @Test
    void progressIsFullOnlyForACompleteJobAndEstimatedWhileRunning() {
        assertEquals("100% · 40 of 40 rows", AdminPages.progressOf(job(JobStatus.COMPLETE, 1000, 40)).text());
        assertEquals("25% · 10 of about 40 rows", AdminPages.progressOf(job(JobStatus.RUNNING, 250, 10)).text());
        assertEquals("25% · 10 rows", AdminPages.progressOf(job(JobStatus.CANCELED, 250, 10)).text());
        assertEquals("0% · 0 rows", AdminPages.progressOf(job(JobStatus.CANCELED, 0, 0)).text());
    }

    private static ImportJob job(JobStatus status, long bytesDone, long rowsDone) {
        return new ImportJob(1, 1, 1, 1, "db", "ADD_ONLY", status, "", "m.xml", "s.csv", null, null, "UTF-8", null, "<x/>",
                1000, bytesDone, rowsDone, Counters.of(Map.of(Counter.TOTAL_ROWS, rowsDone, Counter.TOTAL_VALID, rowsDone,
                        Counter.SQL_ADDED, rowsDone)), null, null, 1, null, null, null, null);
    }

    @Test
    void tokensAreComparedExactly() {
        assertTrue(AdminServlet.sameToken("abc", "abc"));
        assertFalse(AdminServlet.sameToken("abc", "abd"));
        assertFalse(AdminServlet.sameToken("abc", null));
    }

    @Test
    void theMappingFileIsReindentedForReading() {
        String pretty = AdminPages.prettyXml("<LIST_IMPORT><LIST_INFO><ACTION>CREATE</ACTION></LIST_INFO></LIST_IMPORT>");

        assertEquals("<LIST_IMPORT>\n  <LIST_INFO>\n    <ACTION>CREATE</ACTION>\n  </LIST_INFO>\n</LIST_IMPORT>",
                pretty.replace("\r", ""));
    }

    @Test
    void aMappingsLeadingCommentGetsALineOfItsOwn() {
        String pretty = AdminPages.prettyXml("<!-- nightly CRM export --><LIST_IMPORT><LIST_INFO/></LIST_IMPORT>");

        assertTrue(pretty.replace("\r", "").startsWith("<!-- nightly CRM export -->\n<LIST_IMPORT>"), pretty);
    }

    @Test
    void aMappingFileThatCannotBeParsedSafelyIsShownAsStored() {
        String hostile = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";

        assertEquals(hostile, AdminPages.prettyXml(hostile));
    }
}
