package io.listgate.mapping;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds small mapping files for tests and runs them through the parser. */
final class MappingFiles {

    /** LIST_INFO children of an ADD_AND_UPDATE into database 7 from a CSV file. */
    static final String ADD_INFO = "<ACTION>ADD_AND_UPDATE</ACTION><LIST_ID>7</LIST_ID><FILE_TYPE>0</FILE_TYPE>";

    /** LIST_INFO children of a CREATE of database "New". */
    static final String CREATE_INFO = "<ACTION>CREATE</ACTION><LIST_NAME>New</LIST_NAME><FILE_TYPE>0</FILE_TYPE>";

    static final String EMAIL_MAPPING = "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN></MAPPING>";

    private MappingFiles() {
    }

    /** A LIST_IMPORT with the given LIST_INFO children and further sections, one per line. */
    static String doc(String listInfo, String... sections) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LIST_IMPORT>\n<LIST_INFO>")
                .append(listInfo).append("</LIST_INFO>\n");
        for (String s : sections) {
            b.append(s).append('\n');
        }
        return b.append("</LIST_IMPORT>\n").toString();
    }

    static ImportMapping parse(String xml) {
        return new MappingParser().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "map.xml");
    }

    static MappingException refusal(String xml) {
        return assertThrows(MappingException.class, () -> parse(xml));
    }

    static ImportMapping resource(String name) {
        try (InputStream in = MappingFiles.class.getResourceAsStream("/mapping/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /mapping/" + name);
            }
            return new MappingParser().parse(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
