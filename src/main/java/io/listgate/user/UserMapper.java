package io.listgate.user;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Param;

/** Organizations and users; see UserMapper.xml. */
public interface UserMapper {

    Optional<UserRecord> findByUsername(String username);

    /** The organization's oldest user: the one hot-folder jobs run as. */
    Optional<UserRecord> firstUserOf(long organizationId);

    Optional<Organization> findOrganizationByName(String name);

    Optional<Organization> findOrganizationById(long id);

    /** Every organization, by name. */
    List<Organization> organizations();

    long countOrganizations();

    void insertOrganization(OrganizationInsert insert);

    void insertUser(@Param("organizationId") long organizationId, @Param("username") String username,
                    @Param("passwordHash") String passwordHash,
                    @Param("systemAdministrator") boolean systemAdministrator);

    int updateUser(@Param("username") String username, @Param("organizationId") long organizationId,
                   @Param("passwordHash") String passwordHash,
                   @Param("systemAdministrator") boolean systemAdministrator);

    void recordSuccess(long userId);

    void recordFailure(@Param("userId") long userId, @Param("failedLogins") int failedLogins,
                       @Param("lockedUntil") LocalDateTime lockedUntil);

    /** Mutable holder so MyBatis can hand back the generated id. */
    final class OrganizationInsert {
        public long id;
        public final String name;

        public OrganizationInsert(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }
    }
}
