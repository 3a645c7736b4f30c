/**
 * ExportList (xmlapi-more.md section 8): checks the call, names the file, and writes it when the job's
 * turn comes in the import queue, streaming contacts to {@code download/} in flat memory.
 */
package io.listgate.exportjob;
