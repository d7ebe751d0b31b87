package org.minimind.workbench.data;

/**
 * SplitMix64, the small 64-bit generator of Steele, Lea and Flood (2014), written out here so that
 * shuffles and splits are bit-identical on every JVM version: {@link java.util.SplittableRandom}
 * uses the same algorithm but does not promise its bounded draws never change.
 */
final class SplitMix64 {

  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** SplitMix64's output function: a bijective 64-bit mix with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GAMMA;
    return mix(state);
  }

  /** Uniform in {@code [0, bound)}, without modulo bias (rejection on 63 bits). */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound (" + bound + ") must be positive");
    }
    long r = nextLong() >>> 1;
    long v = r % bound;
    while (r - v + (bound - 1) < 0) {
      r = nextLong() >>> 1;
      v = r % bound;
    }
    return (int) v;
  }
}
