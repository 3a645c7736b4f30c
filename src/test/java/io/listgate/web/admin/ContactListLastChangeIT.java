package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A contact list's last change, as the databases page shows it, moves when an import adds members. */
class ContactListLastChangeIT {

    private static final Pattern LAST_CHANGE = Pattern.compile("<time datetime=\"([^\"]+)\"");

    private final AdminHttp http = new AdminHttp(TestServer.shared().httpPort());

    @Test
    void anImportAddingMembersChangesTheContactListsLastChange() {
        // given a contact list made a moment ago
        ImportSteps acme = ImportSteps.acme();
        long db = acme.createDatabase(MappingXml.create(ImportSteps.unique("Members")).key("EMAIL", 9).map("EMAIL"),
                "Email\na@example.org\n");
        long list = acme.createContactList(db, "Joined");
        String session = http.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        Instant before = lastChange(http.get("/admin/databases", session).body(), list);

        // when
        acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").contactLists(list), "Email\nb@example.org\n");

        // then
        Instant after = lastChange(http.get("/admin/databases", session).body(), list);
        assertTrue(after.isAfter(before), before + " then " + after);
    }

    private static Instant lastChange(String page, long listId) {
        String row = page.substring(page.indexOf("<tr id=\"list-" + listId + "\">"));
        Matcher m = LAST_CHANGE.matcher(row.substring(0, row.indexOf("</tr>")));
        assertTrue(m.find(), row);
        return Instant.parse(m.group(1));
    }
}
