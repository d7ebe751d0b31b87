package org.minimind.workbench.app.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a run directory that another process is writing: every poll reads the complete rows
 * appended to {@code metrics.csv} since the last one (parsed by {@link MetricsCsv}, with the file's
 * header in front), new {@code slot_counts.bin} snapshots and a replaced {@code slot_drift.bin},
 * and queues them as {@link RunEvent}s for the UI to drain.
 */
public final class RunFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunFollower.class);

  private final Path directory;
  private final RunEventQueue queue;
  private ScheduledExecutorService timer;
  private String header;
  private long metricsOffset;
  private long countsSize = -1;
  private long lastCountsStep = Long.MIN_VALUE;
  private FileTime driftTime;
  private String lastError;

  public RunFollower(Path directory, RunEventQueue queue) {
    this.directory = directory;
    this.queue = queue;
  }

  /** Polls every {@code periodMillis} on a daemon thread until {@link #close()}. */
  public void start(long periodMillis) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "run-follower");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::pollQuietly, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void pollQuietly() {
    try {
      poll();
      lastError = null;
    } catch (IOException | RuntimeException e) {
      String message = ErrorMessages.describe("following " + directory, e);
      if (!message.equals(lastError)) { // report a lasting problem once
        LOG.warn(message);
        queue.offer(new RunEvent.Failed(message));
        lastError = message;
      }
    }
  }

  /** Reads whatever the run appended since the last poll. */
  public synchronized void poll() throws IOException {
    pollMetrics();
    pollCounts();
    pollDrift();
  }

  private void pollMetrics() throws IOException {
    Path file = RunDirectory.metricsFile(directory);
    if (!Files.isRegularFile(file)) {
      return;
    }
    long size = Files.size(file);
    if (size < metricsOffset) { // rewritten (a resumed run rewinds it): start over
      header = null;
      metricsOffset = 0;
    }
    if (size == metricsOffset) {
      return;
    }
    byte[] bytes;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      raf.seek(metricsOffset);
      bytes = new byte[(int) Math.min(size - metricsOffset, Integer.MAX_VALUE - 8)];
      raf.readFully(bytes);
    }
    int end = lastNewline(bytes);
    if (end < 0) {
      return; // no complete line yet
    }
    String text = new String(bytes, 0, end + 1, StandardCharsets.UTF_8);
    metricsOffset += end + 1;
    if (header == null) {
      int nl = text.indexOf('\n');
      header = text.substring(0, nl + 1);
      text = text.substring(nl + 1);
    }
    if (text.isBlank()) {
      return;
    }
    Path chunk = Files.createTempFile("metrics-", ".csv");
    try {
      Files.writeString(chunk, header + text, StandardCharsets.UTF_8);
      queue.offer(new RunEvent.Rows(MetricsCsv.readTable(chunk)));
    } finally {
      Files.deleteIfExists(chunk);
    }
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void pollCounts() throws IOException {
    Path file = RunDirectory.slotCountsFile(directory);
    if (!Files.isRegularFile(file)) {
      return;
    }
    long size = Files.size(file);
    if (size == countsSize) {
      return;
    }
    if (size < countsSize) {
      lastCountsStep = Long.MIN_VALUE;
    }
    countsSize = size;
    List<SlotCountsFile.Snapshot> all = SlotCountsFile.read(file);
    for (SlotCountsFile.Snapshot s : all) {
      if (s.step() > lastCountsStep) {
        queue.offer(new RunEvent.Counts(s));
        lastCountsStep = s.step();
      }
    }
  }

  private void pollDrift() throws IOException {
    Path file = RunDirectory.slotDriftFile(directory);
    if (!Files.isRegularFile(file)) {
      return;
    }
    FileTime time = Files.getLastModifiedTime(file);
    if (time.equals(driftTime)) {
      return;
    }
    driftTime = time;
    queue.offer(new RunEvent.Drift(SlotDriftFile.read(file)));
  }

  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
