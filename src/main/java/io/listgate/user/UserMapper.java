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

    /** Clears the failure count; 0 when the user is locked at {@code now}, and nothing changes. */
    int recordSuccess(@Param("userId") long userId, @Param("now") LocalDateTime now);

    /** Adds one failure to the count in the row (restarting it after a lock that ran out before {@code now}). */
    void countFailure(@Param("userId") long userId, @Param("now") LocalDateTime now);

    /** The failure count; read after {@link #countFailure} in its transaction, it holds that failure. */
    int failedLogins(@Param("userId") long userId);

    void lock(@Param("userId") long userId, @Param("lockedUntil") LocalDateTime lockedUntil);

    /** A new password hash, the failures forgotten and any lock lifted; 0 when there is no such user. */
    int resetPassword(@Param("username") String username, @Param("passwordHash") String passwordHash);

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
