package io.listgate.contacts;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one rule for naming a database's columns: as in the vendor's databases, names are matched
 * without regard to case ({@code Email} in a mapping is the column {@code EMAIL}), and the database
 * keeps its own spelling, which answers and files show. Mapping files, hot folders, recipient calls and
 * EXPORT_COLUMNS all resolve names here. Case is folded per character, as
 * {@link String#equalsIgnoreCase} does, independent of the locale.
 */
public final class ColumnNames {

    /** Orders names as this rule matches them: names equal under it compare as 0. */
    public static final Comparator<String> ORDER = String.CASE_INSENSITIVE_ORDER;

    private ColumnNames() {
    }

    /** Whether two names name the same column. */
    public static boolean same(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    /**
     * The column of {@code columns} that {@code name} names. Databases made before names were
     * case-insensitive may hold two columns differing only in case: the exactly spelled one wins.
     */
    public static Optional<ListColumn> find(List<ListColumn> columns, String name) {
        return find(columns, ListColumn::name, name);
    }

    /** As {@link #find(List, String)} over anything that has a name. */
    public static <T> Optional<T> find(Collection<T> items, Function<T, String> nameOf, String name) {
        Optional<T> exact = items.stream().filter(c -> nameOf.apply(c).equals(name)).findFirst();
        return exact.isPresent() ? exact : items.stream().filter(c -> same(nameOf.apply(c), name)).findFirst();
    }

    /** Whether {@code name} names one of {@code names}. */
    public static boolean contains(Collection<String> names, String name) {
        return names.stream().anyMatch(n -> same(n, name));
    }
}
