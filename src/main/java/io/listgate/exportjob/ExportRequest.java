package io.listgate.exportjob;

import java.util.List;
import java.util.Optional;

/**
 * ExportList as the client sent it, elements read but not yet checked (xmlapi-more.md section 8).
 * Booleans are already read by the request rules of section 0; {@code columns} empty means all.
 */
public record ExportRequest(String listId, Optional<String> exportType, Optional<String> exportFormat,
                            Optional<String> email, Optional<String> fileEncoding, boolean addToStoredFiles,
                            Optional<String> dateStart, Optional<String> dateEnd, boolean useCreatedDate,
                            boolean includeLeadSource, boolean includeListId, boolean includeRecipientId,
                            Optional<String> listDateFormat, List<String> columns) {
}
