package org.minimind.workbench.app;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;

/**
 * A model the workbench has open: the network, its tokenizer when the checkpoint has one, and where
 * it came from.
 *
 * <p>Several background tasks may read the model at once (a prompt analysis, a generation); they go
 * through {@link #use}, which holds a read lock, so that {@link #close()} (opening another model,
 * switching device) waits for them instead of freeing arrays under their feet.
 */
public final class LoadedModel implements AutoCloseable {
  /** The tokenizer file a checkpoint directory may carry. */
  public static final String TOKENIZER_FILE = "tokenizer.json";

  private final Path source;
  private final MemoryLM model;
  private final BpeTokenizer tokenizer;
  private final ParameterSummary parameters;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  public LoadedModel(Path source, MemoryLM model, BpeTokenizer tokenizer) {
    this.source = source;
    this.model = model;
    this.tokenizer = tokenizer;
    this.parameters = ParameterSummary.of(model.config());
  }

  /**
   * Loads a checkpoint directory, {@code .safetensors} or {@code .pth} file onto {@code device},
   * with the {@code tokenizer.json} found in the directory (or beside the file), if any.
   */
  public static LoadedModel load(Path path, Device device) throws IOException {
    return load(path, device, null);
  }

  /**
   * As {@link #load(Path, Device)}, decoding with {@code tokenizer} when it is given (the command
   * line's {@code --tokenizer}, e.g. for a {@code .pth} saved without one) instead of the one the
   * checkpoint carries.
   */
  public static LoadedModel load(Path path, Device device, Path tokenizer) throws IOException {
    Checkpoint.Location location = Checkpoint.locate(path);
    Path tokenizerFile =
        tokenizer != null ? tokenizer : location.config().resolveSibling(TOKENIZER_FILE);
    if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
      throw new IOException(tokenizer + ": no such tokenizer file (--tokenizer)");
    }
    return load(path, device, location, tokenizerFile);
  }

  private static LoadedModel load(
      Path path, Device device, Checkpoint.Location location, Path tokenizerFile)
      throws IOException {
    BpeTokenizer tokenizer =
        Files.isRegularFile(tokenizerFile) ? BpeTokenizer.load(tokenizerFile) : null;
    if (tokenizer != null) {
      try {
        ModelConfig.read(location.config()).checkTokenizerVocabulary(tokenizer.vocabSize());
      } catch (IllegalArgumentException e) {
        throw new IOException(tokenizerFile + ": " + e.getMessage(), e);
      }
    }
    MemoryLM model = Checkpoint.load(path, device);
    return new LoadedModel(path, model, tokenizer);
  }

  /** Work that reads the model. */
  @FunctionalInterface
  public interface ModelWork<T> {
    T apply(MemoryLM model) throws Exception;
  }

  /** Runs {@code work} on the model under its read lock (in the caller's, background, thread). */
  public <T> T use(ModelWork<T> work) throws Exception {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the model " + displayName() + " was closed");
      }
      return work.apply(model);
    } finally {
      lock.readLock().unlock();
    }
  }

  public Path source() {
    return source;
  }

  /** The checkpoint's folder or file name. */
  public String displayName() {
    Path name = source.getFileName();
    return name == null ? source.toString() : name.toString();
  }

  public ModelConfig config() {
    return model.config();
  }

  /** The tokenizer, or null when the checkpoint has none (prompts are then typed as token ids). */
  public BpeTokenizer tokenizer() {
    return tokenizer;
  }

  public ParameterSummary parameters() {
    return parameters;
  }

  /** Where the model lives, as PyTorch names it: "cpu", "cuda:0". */
  public String device() {
    ai.djl.Device d = model.device();
    return d.isGpu() ? "cuda:" + d.getDeviceId() : "cpu";
  }

  /** Waits for readers to finish, then frees the model's arrays. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        model.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
