package io.listgate.contacts;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Param;

/** Databases, contact lists and their columns; see ContactListMapper.xml. */
public interface ContactListMapper {

    void insertList(ListInsert insert);

    Optional<ContactList> findList(@Param("organizationId") long organizationId, @Param("id") long id);

    Optional<ContactList> findByName(@Param("organizationId") long organizationId, @Param("parentId") Long parentId,
                                     @Param("name") String name);

    List<ContactList> lists(@Param("organizationId") long organizationId, @Param("visibility") Integer visibility,
                            @Param("types") List<Integer> types);

    List<ListColumn> columns(long listId);

    void insertColumn(ListColumn column);

    void markIndexed(@Param("listId") long listId, @Param("position") int position);

    void touch(long listId);

    /** Locks the list's row until the transaction ends: column additions to one database take turns. */
    Long lockList(long listId);

    long countMembers(long listId);

    void deleteColumns(long listId);

    void deleteList(long listId);

    /** Mutable holder so MyBatis can hand back the generated id. */
    final class ListInsert {
        public long id;
        public final long organizationId;
        public final Long parentId;
        public final String name;
        public final int listType;
        public final int visibility;
        public final String parentFolderPath;
        public final KeyKind keyKind;
        public final Long userId;

        public ListInsert(long organizationId, Long parentId, String name, int listType, int visibility,
                          String parentFolderPath, KeyKind keyKind, Long userId) {
            this.organizationId = organizationId;
            this.parentId = parentId;
            this.name = name;
            this.listType = listType;
            this.visibility = visibility;
            this.parentFolderPath = parentFolderPath;
            this.keyKind = keyKind;
            this.userId = userId;
        }
    }
}
