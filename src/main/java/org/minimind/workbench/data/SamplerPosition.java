package org.minimind.workbench.data;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a {@link BatchSampler} stands: enough to resume training on exactly the batch it would have
 * drawn next. Save it with a checkpoint, as Java serialization or as the one-line text of {@link
 * #format()}.
 *
 * @param seed the sampler's shuffle seed
 * @param epoch epoch of the next batch, from 0
 * @param indexInEpoch sequences of that epoch already drawn (a multiple of the batch size)
 */
public record SamplerPosition(long seed, long epoch, long indexInEpoch) implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Pattern TEXT = Pattern.compile("seed=(-?\\d+);epoch=(\\d+);index=(\\d+)");

  public SamplerPosition {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch (" + epoch + ") must be >= 0");
    }
    if (indexInEpoch < 0) {
      throw new IllegalArgumentException("indexInEpoch (" + indexInEpoch + ") must be >= 0");
    }
  }

  /** The start of training: epoch 0, nothing drawn. */
  public static SamplerPosition start(long seed) {
    return new SamplerPosition(seed, 0, 0);
  }

  /** {@code seed=S;epoch=E;index=I}, read back by {@link #parse}. */
  public String format() {
    return "seed=" + seed + ";epoch=" + epoch + ";index=" + indexInEpoch;
  }

  /** Reads the text of {@link #format()}. */
  public static SamplerPosition parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "sampler position (" + text + ") must look like seed=S;epoch=E;index=I");
    }
    try {
      return new SamplerPosition(
          Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("sampler position (" + text + ") is out of range", e);
    }
  }
}
