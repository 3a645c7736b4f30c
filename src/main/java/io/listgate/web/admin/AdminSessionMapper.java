package io.listgate.web.admin;

import java.time.LocalDateTime;
import java.util.Optional;
import org.apache.ibatis.annotations.Param;

/** Admin sign-in sessions, by the hash of their token; see AdminSessionMapper.xml. */
public interface AdminSessionMapper {

    /** One stored session. */
    record Row(String username, String csrf, LocalDateTime lastUsedAt) {
    }

    void insert(@Param("tokenHash") String tokenHash, @Param("username") String username, @Param("csrf") String csrf,
                @Param("now") LocalDateTime now);

    Optional<Row> find(String tokenHash);

    void touch(@Param("tokenHash") String tokenHash, @Param("now") LocalDateTime now);

    void delete(String tokenHash);

    /** Removes every session last used before {@code before}. */
    int deleteIdle(LocalDateTime before);
}
