package org.minimind.workbench.app.run;

import java.util.Arrays;

/**
 * A read-only prefix of a metric column: the first {@code size} entries of {@code values}. The
 * array is shared with the history and must not be modified. Missing values are NaN.
 */
public record ColumnView(double[] values, int size) {
  public static final ColumnView EMPTY = new ColumnView(new double[0], 0);

  public double get(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i + " >= " + size);
    }
    return values[i];
  }

  /** A copy of the valid entries. */
  public double[] toArray() {
    return Arrays.copyOf(values, size);
  }

  /** Whether every entry is missing (the memory gate's gradient norm in the seed's design). */
  public boolean allMissing() {
    for (int i = 0; i < size; i++) {
      if (!Double.isNaN(values[i])) {
        return false;
      }
    }
    return true;
  }

  /** The last entry that is not missing, or NaN. */
  public double lastPresent() {
    for (int i = size - 1; i >= 0; i--) {
      if (!Double.isNaN(values[i])) {
        return values[i];
      }
    }
    return Double.NaN;
  }
}
