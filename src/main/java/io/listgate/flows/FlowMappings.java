package io.listgate.flows;

import io.listgate.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Mappings a hot folder hands the import pipeline, made from the flow's {@code import/map.xml}: the
 * same file pointed at the flow's database with another action, its contact lists, or, for the
 * delete and opt-out folders, only the columns that name a contact.
 */
final class FlowMappings {

    /** LIST_INFO elements that describe a database to create, dropped when the database exists. */
    private static final List<String> CREATE_ONLY = List.of("LIST_NAME", "LIST_TYPE", "LIST_VISIBILITY",
            "PARENT_FOLDER_PATH");

    private FlowMappings() {
    }

    /**
     * {@code map.xml} aimed at the existing database {@code listId} with {@code action}; with
     * {@code contactList}, its contacts also go into that list (synced when {@code sync}).
     */
    static byte[] into(byte[] mapXml, long listId, String action, Long contactList, boolean sync) throws IOException {
        Document doc = parse(mapXml);
        Element info = child(doc.getDocumentElement(), "LIST_INFO");
        CREATE_ONLY.forEach(name -> remove(info, name));
        remove(info, "LIST_ID");
        remove(info, "SYNC_CONTACT_LISTS");
        set(info, "ACTION", action);
        set(info, "LIST_ID", String.valueOf(listId));
        remove(doc.getDocumentElement(), "CONTACT_LISTS");
        if (contactList != null) {
            Element lists = doc.createElement("CONTACT_LISTS");
            Element id = doc.createElement("CONTACT_LIST_ID");
            id.setTextContent(String.valueOf(contactList));
            lists.appendChild(id);
            doc.getDocumentElement().appendChild(lists);
            if (sync) {
                set(info, "SYNC_CONTACT_LISTS", "true");
            }
        }
        return write(doc);
    }

    /**
     * A mapping for a file whose header names the contacts' key columns: {@code action} on
     * {@code listId}, each key column mapped from the header's field of that name; with
     * {@code syncField}, rows are matched on that column instead of the database's key.
     */
    static byte[] byKey(byte[] mapXml, long listId, String action, Map<String, Integer> keyFields, String syncField)
            throws IOException {
        Document doc = parse(mapXml);
        Element root = doc.getDocumentElement();
        Element info = child(root, "LIST_INFO");
        CREATE_ONLY.forEach(name -> remove(info, name));
        remove(info, "LIST_ID");
        remove(info, "SYNC_CONTACT_LISTS");
        set(info, "ACTION", action);
        set(info, "LIST_ID", String.valueOf(listId));
        set(info, "HASHEADERS", "true");
        for (String name : List.of("COLUMNS", "MAPPING", "SYNC_FIELDS", "CONSENT", "CONTACT_LISTS")) {
            remove(root, name);
        }
        Element mapping = doc.createElement("MAPPING");
        keyFields.forEach((name, index) -> {
            Element column = doc.createElement("COLUMN");
            Element indexElement = doc.createElement("INDEX");
            indexElement.setTextContent(String.valueOf(index));
            Element nameElement = doc.createElement("NAME");
            nameElement.setTextContent(name);
            column.appendChild(indexElement);
            column.appendChild(nameElement);
            mapping.appendChild(column);
        });
        root.appendChild(mapping);
        if (syncField != null) {
            Element fields = doc.createElement("SYNC_FIELDS");
            Element field = doc.createElement("SYNC_FIELD");
            Element name = doc.createElement("NAME");
            name.setTextContent(syncField);
            field.appendChild(name);
            fields.appendChild(field);
            root.appendChild(fields);
        }
        return write(doc);
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            return HardenedXml.documentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new IOException("import/map.xml is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) throws IOException {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new IOException("import/map.xml has no " + name);
    }

    private static void remove(Element parent, String name) {
        Node n = parent.getFirstChild();
        while (n != null) {
            Node next = n.getNextSibling();
            if (n instanceof Element e && e.getTagName().equals(name)) {
                parent.removeChild(e);
            }
            n = next;
        }
    }

    private static void set(Element parent, String name, String value) {
        remove(parent, name);
        Element e = parent.getOwnerDocument().createElement(name);
        e.setTextContent(value);
        parent.appendChild(e);
    }

    private static byte[] write(Document doc) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            var transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IOException("cannot write the flow's mapping: " + e.getMessage(), e);
        }
    }
}
