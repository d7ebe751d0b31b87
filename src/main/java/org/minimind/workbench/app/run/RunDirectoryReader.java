package org.minimind.workbench.app.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.run.RunDirectory;

/**
 * Reads what a training run wrote (its metrics, slot counts and drift; see {@link RunDirectory})
 * into a {@link RunHistory}, with the metrics package's readers. A checkpoint directory that
 * carries these files (the sample model) reads the same way.
 */
public final class RunDirectoryReader implements RunReader {

  @Override
  public RunHistory read(Path directory) throws IOException {
    Path name = directory.toAbsolutePath().normalize().getFileName();
    RunHistory history =
        new RunHistory(name == null ? directory.toString() : name.toString(), directory);
    Path metrics = RunDirectory.metricsFile(directory);
    if (Files.isRegularFile(metrics) && Files.size(metrics) > 0) {
      MetricColumns.appendTable(history, MetricsCsv.readTable(metrics));
    }
    Path counts = RunDirectory.slotCountsFile(directory);
    if (Files.isRegularFile(counts) && Files.size(counts) > 0) {
      for (SlotCountsFile.Snapshot s : SlotCountsFile.read(counts)) {
        history.addSlotCounts(s);
      }
    }
    Path drift = RunDirectory.slotDriftFile(directory);
    if (Files.isRegularFile(drift)) {
      history.setLatestDrift(SlotDriftFile.read(drift));
    }
    return history;
  }

  /** A lone metrics file ({@code metrics.csv} or an export of one), named after the file. */
  public RunHistory readMetrics(Path csv) throws IOException {
    RunHistory history = new RunHistory(String.valueOf(csv.getFileName()), csv.getParent());
    MetricColumns.appendTable(history, MetricsCsv.readTable(csv));
    return history;
  }

  @Override
  public boolean hasMetrics(Path directory) {
    return Files.isRegularFile(RunDirectory.metricsFile(directory))
        || Files.isRegularFile(RunDirectory.slotCountsFile(directory));
  }
}
