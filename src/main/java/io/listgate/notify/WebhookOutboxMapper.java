package io.listgate.notify;

import java.time.LocalDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Webhook deliveries not yet made; see WebhookOutboxMapper.xml and V11. */
public interface WebhookOutboxMapper {

    /** One delivery still to be made. */
    record Pending(long id, String deliveryId, long jobId, String organization, String url, byte[] body, int attempts) {
    }

    void insert(@Param("deliveryId") String deliveryId, @Param("jobId") long jobId,
                @Param("organization") String organization, @Param("url") String url, @Param("body") byte[] body,
                @Param("owner") String owner, @Param("now") LocalDateTime now, @Param("leaseUntil") LocalDateTime leaseUntil);

    /** Takes over the deliveries whose lease ran out: their owner stopped or died. */
    int adoptExpired(@Param("owner") String owner, @Param("now") LocalDateTime now,
                     @Param("leaseUntil") LocalDateTime leaseUntil);

    /** The owner's deliveries due now, oldest first. */
    List<Pending> due(@Param("owner") String owner, @Param("now") LocalDateTime now, @Param("limit") int limit);

    /** A failed try: the next one at {@code nextTryAt}, the lease running past it. */
    void failed(@Param("id") long id, @Param("nextTryAt") LocalDateTime nextTryAt,
                @Param("leaseUntil") LocalDateTime leaseUntil);

    void delete(long id);
}
