package org.minimind.workbench.app.run;

import java.util.Arrays;

/**
 * An append-only column of doubles with one writer and any number of readers on other threads.
 *
 * <p>The writer replaces the backing array (copying) when it grows and publishes the new size
 * through a volatile field after writing the value, so a reader that takes {@link #view()} sees a
 * consistent prefix without locking and without copying 100k values on every refresh.
 */
final class GrowableColumn {
  private volatile double[] data;
  private volatile int size;

  GrowableColumn(int capacity) {
    data = new double[Math.max(16, capacity)];
  }

  /** A column of {@code n} missing values (NaN): a column that appears after the first rows. */
  static GrowableColumn missing(int n, int capacity) {
    GrowableColumn c = new GrowableColumn(Math.max(n, capacity));
    Arrays.fill(c.data, 0, n, Double.NaN);
    c.size = n;
    return c;
  }

  void add(double v) {
    double[] d = data;
    int n = size;
    if (n == d.length) {
      d = Arrays.copyOf(d, d.length * 2);
      data = d;
    }
    d[n] = v;
    size = n + 1;
  }

  int size() {
    return size;
  }

  double get(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i + " >= " + size);
    }
    return data[i];
  }

  /** The values so far: a shared array and how many of its entries are valid. */
  ColumnView view() {
    int n = size; // read size first: data then holds at least n valid entries
    return new ColumnView(data, n);
  }
}
