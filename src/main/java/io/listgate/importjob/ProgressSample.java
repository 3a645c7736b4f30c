package io.listgate.importjob;

import java.time.LocalDateTime;

/** Rows a job had done at a checkpoint: one point of its rows-per-second chart. */
public record ProgressSample(LocalDateTime at, long rowsDone) {
}
