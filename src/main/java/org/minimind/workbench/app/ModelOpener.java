package org.minimind.workbench.app;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.app.run.RunReader;
import org.minimind.workbench.run.RunDirectory;

/**
 * Loads a path the user opened: a training run directory (the checkpoint {@link
 * RunDirectory#modelToLoad} picks, plus the run's metrics), a checkpoint directory (possibly with
 * the run's metrics beside the weights, as the sample model has), or a {@code .safetensors} or
 * {@code .pth} file. What counts as a run and which of its checkpoints loads is {@link
 * RunDirectory}'s rule, the same as the command line's {@code --checkpoint}. Runs in a background
 * thread.
 */
public final class ModelOpener {
  private final RunReader runReader;

  public ModelOpener(RunReader runReader) {
    this.runReader = runReader;
  }

  /**
   * What was opened.
   *
   * @param model the model, or null for a run directory without checkpoints
   * @param run the run's history, or null when the path has no metrics
   * @param checkpointStep the training step the checkpoint was saved at, or -1 when it does not say
   *     (only a checkpoint written by a run does)
   */
  public record Opened(LoadedModel model, RunHistory run, long checkpointStep) {}

  /** Loads {@code path} onto {@code device}. */
  public Opened open(Path path, Device device) throws IOException {
    return open(path, device, null);
  }

  /**
   * Loads {@code path} onto {@code device}, decoding with {@code tokenizer} when given instead of
   * the checkpoint's own.
   */
  public Opened open(Path path, Device device, Path tokenizer) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(path + ": no such file or directory");
    }
    if (RunDirectory.isRun(path)) {
      Path checkpoint = RunDirectory.checkpointToLoad(path).orElse(null);
      RunHistory run = runReader.hasMetrics(path) ? runReader.read(path) : null;
      if (checkpoint == null && run == null) {
        throw new IOException(path + ": run directory without checkpoints or metrics");
      }
      LoadedModel model =
          checkpoint == null ? null : LoadedModel.load(checkpoint, device, tokenizer);
      return new Opened(model, run, checkpoint == null ? -1 : RunDirectory.stepOf(checkpoint));
    }
    LoadedModel model = LoadedModel.load(path, device, tokenizer);
    try {
      RunHistory run =
          Files.isDirectory(path) && runReader.hasMetrics(path) ? runReader.read(path) : null;
      return new Opened(model, run, RunDirectory.stepOf(path));
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
