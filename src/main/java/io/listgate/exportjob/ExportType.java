package io.listgate.exportjob;

import io.listgate.contacts.ContactReader;

/**
 * EXPORT_TYPE: which contacts. {@code code} is the numeric PARAMETERS value (0 for ALL is captured;
 * the others follow the enum order, a choice), {@code word} goes in the file name and {@code adjective}
 * in JOB_DESCRIPTION (ALL's are the vendor's, the others our choice: xmlapi-more.md section 13).
 */
enum ExportType {
    ALL("All", "all", ContactReader.Subset.ALL),
    OPT_IN("Opt In", "opted-in", ContactReader.Subset.OPTED_IN),
    OPT_OUT("Opt Out", "opted-out", ContactReader.Subset.OPTED_OUT),
    UNDELIVERABLE("Undeliverable", "undeliverable", ContactReader.Subset.UNDELIVERABLE);

    final String word;
    final String adjective;
    final ContactReader.Subset subset;

    ExportType(String word, String adjective, ContactReader.Subset subset) {
        this.word = word;
        this.adjective = adjective;
        this.subset = subset;
    }

    int code() {
        return ordinal();
    }
}
