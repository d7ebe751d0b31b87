package org.minimind.workbench.model.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A checkpoint file that cannot be read, written or accepted.
 *
 * <p>The message always starts with the file and, where one tensor is at fault, names it, then says
 * what was expected and what was found, for example {@code model.safetensors: tensor
 * 'layers.0.attention.wq.weight': expected shape [64, 64], found [64, 32]}. The parts are also
 * available separately so that a user interface can point at the tensor.
 */
public class CheckpointException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String tensor;
  private final String detail;

  /** A problem with the file as a whole (no single tensor at fault). */
  public CheckpointException(Path file, String detail) {
    this(file, null, detail, null);
  }

  /** A problem with the file as a whole, caused by {@code cause}. */
  public CheckpointException(Path file, String detail, Throwable cause) {
    this(file, null, detail, cause);
  }

  /** A problem with one tensor ({@code tensor} may be null when there is none). */
  public CheckpointException(Path file, String tensor, String detail) {
    this(file, tensor, detail, null);
  }

  /** A problem with one tensor, caused by {@code cause} ({@code tensor} may be null). */
  public CheckpointException(Path file, String tensor, String detail, Throwable cause) {
    super(format(file, tensor, detail), cause);
    this.file = file;
    this.tensor = tensor;
    this.detail = detail;
  }

  private static String format(Path file, String tensor, String detail) {
    StringBuilder sb = new StringBuilder();
    sb.append(file == null ? "<unknown file>" : file.toString()).append(": ");
    if (tensor != null) {
      sb.append("tensor '").append(tensor).append("': ");
    }
    return sb.append(detail).toString();
  }

  /** The checkpoint file, as it was given to the reader or writer. */
  public Path file() {
    return file;
  }

  /** The tensor at fault, if the problem concerns one. */
  public Optional<String> tensor() {
    return Optional.ofNullable(tensor);
  }

  /** The message without the file and tensor prefix: what was expected and what was found. */
  public String detail() {
    return detail;
  }
}
