package org.minimind.workbench.app;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.app.run.RunReader;
import org.minimind.workbench.metrics.RunDirectory;
import org.minimind.workbench.model.Checkpoint;

/**
 * Decides what a path the user opened is, and loads it: a checkpoint directory (possibly with the
 * run's metrics beside the weights, as the sample model has), a {@code .safetensors} or {@code
 * .pth} file, or a training run directory (its best checkpoint, else its latest, plus its
 * metrics). Runs in a background thread.
 */
public final class ModelOpener {
  /** Where a run directory keeps its checkpoints. */
  public static final String CHECKPOINTS = "checkpoints";

  private final RunReader runReader;

  public ModelOpener(RunReader runReader) {
    this.runReader = runReader;
  }

  /**
   * What was opened.
   *
   * @param model the model, or null for a run directory without checkpoints
   * @param run the run's history, or null when the path has no metrics
   * @param checkpointStep the training step the checkpoint was saved at, or -1 when it does not
   *     say (a checkpoint written by a run carries {@code trainer.json})
   */
  public record Opened(LoadedModel model, RunHistory run, long checkpointStep) {}

  /** Loads {@code path} onto {@code device}. */
  public Opened open(Path path, Device device) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(path + ": no such file or directory");
    }
    if (Files.isDirectory(path) && isRunDirectory(path)) {
      Path checkpoint = checkpointOf(path);
      RunHistory run = runReader.hasMetrics(path) ? runReader.read(path) : null;
      if (checkpoint == null && run == null) {
        throw new IOException(path + ": run directory without checkpoints or metrics");
      }
      LoadedModel model = checkpoint == null ? null : LoadedModel.load(checkpoint, device);
      return new Opened(model, run, checkpoint == null ? -1 : stepOf(checkpoint));
    }
    LoadedModel model = LoadedModel.load(path, device);
    try {
      RunHistory run =
          Files.isDirectory(path) && runReader.hasMetrics(path) ? runReader.read(path) : null;
      return new Opened(model, run, stepOf(path));
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The step in a checkpoint's {@code trainer.json}, or -1. */
  static long stepOf(Path checkpoint) {
    Path dir = Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
    if (dir == null || !Files.isRegularFile(dir.resolve(RunDirectory.TRAINER))) {
      return -1;
    }
    try {
      return RunDirectory.readTrainerRecord(dir).step();
    } catch (IOException e) {
      return -1;
    }
  }

  /** A run directory: has a {@code checkpoints/} folder and no weights of its own. */
  public static boolean isRunDirectory(Path dir) {
    boolean weights =
        Files.isRegularFile(dir.resolve(Checkpoint.WEIGHTS_FILE))
            || Files.isRegularFile(dir.resolve(Checkpoint.PTH_FILE));
    return !weights && (Files.isDirectory(dir.resolve(CHECKPOINTS)) || Files.isRegularFile(dir.resolve("run.json")));
  }

  /** The run's {@code checkpoints/best}, else its latest {@code checkpoints/step-*}, or null. */
  public static Path checkpointOf(Path runDir) throws IOException {
    Path root = runDir.resolve(CHECKPOINTS);
    if (!Files.isDirectory(root)) {
      return null;
    }
    Path best = root.resolve("best");
    if (Files.isDirectory(best)) {
      return best;
    }
    List<Path> steps = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(root, "step-*")) {
      for (Path p : s) {
        if (Files.isDirectory(p)) {
          steps.add(p);
        }
      }
    }
    if (steps.isEmpty()) {
      return null;
    }
    Collections.sort(steps); // step-000120 < step-001000: zero-padded names sort by step
    return steps.get(steps.size() - 1);
  }
}
