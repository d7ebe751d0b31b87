package org.minimind.workbench.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;

/** One sampling step against the seed's, and the draws against the distribution. */
class SamplerTest {
  static final java.util.List<String> FIXTURES = Fixtures.ALL;

  /** The seed's recorded step: logits, the ids before them, and the distribution it drew from. */
  record Recorded(float[] logits, int[] prior, double[] probs, SamplingSettings settings) {}

  static Recorded recorded(String fixture) throws IOException {
    Path dir = Fixtures.dir(fixture);
    Map<String, TensorData> t = SafeTensors.read(dir.resolve("expected.safetensors"));
    long[] prior = t.get("sampling_prior_ids").toLongs();
    int[] ids = new int[prior.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) prior[i];
    }
    float[] probs = t.get("sampling_probs").toFloats();
    double[] p = new double[probs.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = probs[i];
    }
    JsonObject s =
        JsonParser.parseString(Files.readString(dir.resolve("expected.json")))
            .getAsJsonObject()
            .getAsJsonObject("sampling");
    SamplingSettings settings =
        new SamplingSettings(
            s.get("temperature").getAsDouble(),
            s.get("top_p").getAsDouble(),
            0,
            0,
            s.get("repetition_penalty").getAsDouble(),
            42);
    assertEquals(1.3, settings.repetitionPenalty());
    assertEquals(0.75, settings.temperature());
    assertEquals(0.9, settings.topP());
    return new Recorded(t.get("sampling_logits").toFloats(), ids, p, settings);
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void distributionMatchesTheSeed(String fixture) throws IOException {
    Recorded r = recorded(fixture);
    double[] p = Sampler.distribution(r.logits, r.prior, r.prior.length, r.settings);
    assertEquals(r.probs.length, p.length);
    int kept = 0;
    for (int i = 0; i < p.length; i++) {
      assertEquals(r.probs[i], p[i], 1e-6, fixture + ": probability of id " + i);
      assertEquals(r.probs[i] == 0, p[i] == 0, fixture + ": id " + i + " filtered or not");
      kept += p[i] > 0 ? 1 : 0;
    }
    // The filter must have removed something, or this would not test top-p (seed-tiny's logits are
    // so peaked that one token is left).
    assertTrue(kept >= 1 && kept < p.length, fixture + ": " + kept + " of " + p.length + " kept");
  }

  /** The fixtures that keep more than one token. */
  static final java.util.List<String> SPREAD = java.util.List.of("seed-wide", "seed-mha");

  @ParameterizedTest
  @FieldSource("SPREAD")
  void theSeedsStepDiffersWithoutPenaltyOrTopP(String fixture) throws IOException {
    // The fixture tells the steps apart: leaving one out moves the distribution by far more than
    // the tolerance.
    Recorded r = recorded(fixture);
    double[] noPenalty =
        Sampler.distribution(
            r.logits, r.prior, r.prior.length, r.settings.withRepetitionPenalty(1));
    double[] noTopP =
        Sampler.distribution(r.logits, r.prior, r.prior.length, r.settings.withTopP(1));
    assertTrue(maxDiff(noTopP, r.probs) > 1e-3);
    if (fixture.equals("seed-mha")) { // in seed-wide no prior id is a likely one
      assertTrue(maxDiff(noPenalty, r.probs) > 1e-3);
    }
  }

  /**
   * Distributions to draw from: the seed's recorded step on seed-mha (12 tokens kept), and the same
   * logits hotter (temperature 3, top-p 0.95), which keeps most of the 200 ids in play.
   */
  static SamplingSettings[] cases(Recorded r) {
    return new SamplingSettings[] {r.settings, r.settings.withTemperature(3).withTopP(0.95)};
  }

  @Test
  void drawsFollowTheDistribution() throws IOException {
    Recorded r = recorded("seed-mha");
    for (SamplingSettings s : cases(r)) {
      double[] p = Sampler.distribution(r.logits, r.prior, r.prior.length, s);
      ChiSquare c = ChiSquare.of(draws(new Sampler(s), p, 200_000), p);
      assertTrue(c.df() >= 10, c.toString());
      assertTrue(c.statistic() < c.critical(), s + ": " + c);
    }
  }

  @Test
  void theChiSquareTestCatchesAWrongSampler() throws IOException {
    Recorded r = recorded("seed-mha");
    int n = 200_000;
    for (SamplingSettings s : cases(r)) {
      double[] right = Sampler.distribution(r.logits, r.prior, r.prior.length, s);
      // Ignores top-p: draws filtered tokens.
      double[] noTopP = Sampler.distribution(r.logits, r.prior, r.prior.length, s.withTopP(1));
      ChiSquare a = ChiSquare.of(draws(new Sampler(s), noTopP, n), right);
      assertTrue(a.statistic() > a.critical(), "no top-p: " + a);
      // Ignores the repetition penalty, top-p kept.
      double[] noPenalty =
          Sampler.distribution(r.logits, r.prior, r.prior.length, s.withRepetitionPenalty(1));
      ChiSquare b = ChiSquare.of(draws(new Sampler(s), noPenalty, n), right);
      assertTrue(b.statistic() > b.critical(), "no penalty: " + b);
      // Draws from the right distribution with the cumulative sum off by one id.
      long[] shifted = new long[right.length];
      Sampler sampler = new Sampler(s);
      for (int i = 0; i < n; i++) {
        shifted[Math.min(right.length - 1, sampler.draw(right) + 1)]++;
      }
      ChiSquare c = ChiSquare.of(shifted, right);
      assertTrue(c.statistic() > c.critical(), "shifted: " + c);
    }
  }

  private static long[] draws(Sampler sampler, double[] p, int n) {
    long[] counts = new long[p.length];
    for (int i = 0; i < n; i++) {
      counts[sampler.draw(p)]++;
    }
    return counts;
  }

  /**
   * Pearson's chi-square of observed counts against a distribution, at significance 0.001. Ids of
   * expected count below 5 are pooled into one bin; a draw of an id of probability 0 makes the
   * statistic infinite.
   */
  record ChiSquare(double statistic, int df, double critical) {
    static ChiSquare of(long[] counts, double[] p) {
      long n = 0;
      for (long c : counts) {
        n += c;
      }
      double stat = 0;
      int bins = 0;
      double pooledExpected = 0;
      long pooledObserved = 0;
      for (int i = 0; i < p.length; i++) {
        double e = p[i] * n;
        if (p[i] == 0) {
          if (counts[i] > 0) {
            stat = Double.POSITIVE_INFINITY;
          }
        } else if (e < 5) {
          pooledExpected += e;
          pooledObserved += counts[i];
        } else {
          stat += (counts[i] - e) * (counts[i] - e) / e;
          bins++;
        }
      }
      if (pooledExpected > 0) {
        stat +=
            (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
        bins++;
      }
      int df = bins - 1;
      // Wilson-Hilferty: chi2 quantile ~ df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3, z(0.999) = 3.0902.
      double a = 2.0 / (9 * df);
      double critical = df * Math.pow(1 - a + 3.0902 * Math.sqrt(a), 3);
      return new ChiSquare(stat, df, critical);
    }
  }

  @Test
  void greedyTakesTheArgmaxAfterThePenalty() {
    float[] logits = {1f, 3f, 2.9f, -1f};
    SamplingSettings greedy = SamplingSettings.greedy();
    assertArrayEquals(
        new double[] {0, 1, 0, 0}, Sampler.distribution(logits, new int[0], 0, greedy));
    // Penalising id 1 (3 / 1.3 = 2.31) hands the top to id 2.
    double[] p = Sampler.distribution(logits, new int[] {1}, 1, greedy.withRepetitionPenalty(1.3));
    assertArrayEquals(new double[] {0, 0, 1, 0}, p);
    Sampler s = new Sampler(greedy);
    for (int i = 0; i < 10; i++) {
      assertEquals(2, s.draw(p));
    }
  }

  @Test
  void thePenaltyDividesNegativeLogitsToo() {
    // The seed divides every present id's logit, which raises a negative one.
    float[] logits = {-2f, 0f};
    SamplingSettings s = new SamplingSettings(1, 1, 0, 0, 2, 1);
    double[] p = Sampler.distribution(logits, new int[] {0, 0}, 2, s);
    assertEquals(Math.exp(-1) / (Math.exp(-1) + 1), p[0], 1e-6);
    // Only the first `length` ids count.
    double[] q = Sampler.distribution(logits, new int[] {1, 0}, 1, s);
    assertEquals(Math.exp(-2) / (Math.exp(-2) + 1), q[0], 1e-6);
  }

  @Test
  void topPKeepsTheTokenThatCrossesTheThreshold() {
    // Probabilities 0.5, 0.3, 0.2 (temperature 1): top-p 0.6 keeps the first two, 0.5 only the
    // first (0.5 is not above 0.5), 0.8 keeps two (0.8 not above 0.8).
    float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
    SamplingSettings t1 = new SamplingSettings(1 - Sampler.TEMPERATURE_EPSILON, 1, 0, 0, 1, 1);
    assertArrayEquals(
        new double[] {0.625, 0.375, 0},
        Sampler.distribution(logits, new int[0], 0, t1.withTopP(0.6)),
        1e-6);
    assertArrayEquals(
        new double[] {1, 0, 0},
        Sampler.distribution(logits, new int[0], 0, t1.withTopP(0.45)),
        1e-6);
    assertArrayEquals(
        new double[] {0.625, 0.375, 0},
        Sampler.distribution(logits, new int[0], 0, t1.withTopP(0.79)),
        1e-6);
    assertArrayEquals(
        new double[] {0.5, 0.3, 0.2},
        Sampler.distribution(logits, new int[0], 0, t1.withTopP(0.81)),
        1e-6);
  }

  @Test
  void topKAndMinPFilterAfterTopP() {
    float[] logits = {
      (float) Math.log(0.4), (float) Math.log(0.3), (float) Math.log(0.2), (float) Math.log(0.1)
    };
    SamplingSettings t1 = new SamplingSettings(1 - Sampler.TEMPERATURE_EPSILON, 1, 0, 0, 1, 1);
    assertArrayEquals(
        new double[] {4 / 7.0, 3 / 7.0, 0, 0},
        Sampler.distribution(logits, new int[0], 0, t1.withTopK(2)),
        1e-6);
    // min-p 0.45: keep p >= 0.18 (0.45 of 0.4).
    assertArrayEquals(
        new double[] {4 / 9.0, 3 / 9.0, 2 / 9.0, 0},
        Sampler.distribution(logits, new int[0], 0, t1.withMinP(0.45)),
        1e-6);
    // top-p 0.65 keeps three; top-k 2 then cuts to two.
    assertArrayEquals(
        new double[] {4 / 7.0, 3 / 7.0, 0, 0},
        Sampler.distribution(logits, new int[0], 0, t1.withTopP(0.65).withTopK(2)),
        1e-6);
    // min-p 0.6 after top-p 0.65: keep p >= 0.24 of the most likely: ids 0 and 1.
    assertArrayEquals(
        new double[] {4 / 7.0, 3 / 7.0, 0, 0},
        Sampler.distribution(logits, new int[0], 0, t1.withTopP(0.65).withMinP(0.6)),
        1e-6);
  }

  @Test
  void theSameSeedRepeatsTheDraws() throws IOException {
    Recorded r = recorded("seed-wide");
    double[] p = Sampler.distribution(r.logits, r.prior, r.prior.length, r.settings);
    long[] a = draws(new Sampler(r.settings.withSeed(9)), p, 50);
    long[] b = draws(new Sampler(r.settings.withSeed(9)), p, 50);
    long[] c = draws(new Sampler(r.settings.withSeed(10)), p, 50);
    assertArrayEquals(a, b);
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
  }

  /** The seed's step written plainly: a full sort, a cumulative sum, the shifted mask. */
  static double[] sortedReference(float[] logits, SamplingSettings s) {
    int v = logits.length;
    double[] z = new double[v];
    for (int i = 0; i < v; i++) {
      z[i] = logits[i] / (s.temperature() + Sampler.TEMPERATURE_EPSILON);
    }
    Integer[] order = new Integer[v];
    for (int i = 0; i < v; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (a, b) -> {
          int c = Float.compare((float) z[b], (float) z[a]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    double max = z[order[0]];
    double sum = 0;
    double[] e = new double[v];
    for (int i = 0; i < v; i++) {
      e[i] = Math.exp(z[i] - max);
      sum += e[i];
    }
    boolean[] removed = new boolean[v];
    double cumulative = 0;
    for (int r = 0; r < v; r++) {
      if (r > 0 && cumulative > s.topP()) {
        removed[order[r]] = true;
      }
      if (s.topK() > 0 && r >= s.topK()) {
        removed[order[r]] = true;
      }
      cumulative += e[order[r]] / sum;
    }
    double kept = 0;
    for (int i = 0; i < v; i++) {
      kept += removed[i] ? 0 : e[i];
    }
    double[] p = new double[v];
    for (int i = 0; i < v; i++) {
      p[i] = removed[i] ? 0 : e[i] / kept;
    }
    return p;
  }

  @Test
  void theSelectionBasedFiltersEqualAFullSort() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int v = 1 + random.nextInt(trial < 100 ? 70 : 7000);
      float[] logits = new float[v];
      double scale = random.nextDouble() * 6;
      for (int i = 0; i < v; i++) {
        // Some trials draw from few values, so that ties are common.
        logits[i] = trial % 3 == 0 ? random.nextInt(4) : (float) (random.nextGaussian() * scale);
      }
      double topP = trial % 5 == 0 ? 1 : 0.05 + random.nextDouble() * 0.95;
      int topK = trial % 4 == 0 ? 0 : 1 + random.nextInt(v + 2);
      SamplingSettings s = new SamplingSettings(0.5 + random.nextDouble(), topP, topK, 0, 1, 1);
      double[] expected = sortedReference(logits, s);
      double[] actual = Sampler.distribution(logits, new int[0], 0, s);
      for (int i = 0; i < v; i++) {
        assertEquals(expected[i] == 0, actual[i] == 0, "trial " + trial + ", id " + i + " kept?");
        assertEquals(expected[i], actual[i], 1e-12, "trial " + trial + ", id " + i);
      }
    }
  }

  @Test
  void mostLikelyRanksByProbabilityThenLogit() {
    double[] p = {0.1, 0.6, 0, 0.3, 0};
    float[] logits = {0f, 2f, 1.5f, 1f, -3f};
    assertArrayEquals(new int[] {1, 3, 0, 2, 4}, Sampler.mostLikely(p, logits, 5));
    assertArrayEquals(new int[] {1, 3}, Sampler.mostLikely(p, logits, 2));
  }

  @Test
  void settingsNameTheBadValue() {
    SamplingSettings d = SamplingSettings.defaults();
    assertEquals(
        "top-p (1.5) must be within (0, 1]",
        assertThrows(IllegalArgumentException.class, () -> d.withTopP(1.5)).getMessage());
    assertEquals(
        "top-p (0.0) must be within (0, 1]",
        assertThrows(IllegalArgumentException.class, () -> d.withTopP(0)).getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> d.withTemperature(-1))
            .getMessage()
            .startsWith("temperature (-1.0) must be >= 0"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> d.withTemperature(Double.NaN))
            .getMessage()
            .startsWith("temperature (NaN)"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> d.withTopK(-2))
            .getMessage()
            .startsWith("top-k (-2) must be >= 0"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> d.withMinP(1.2))
            .getMessage()
            .startsWith("min-p (1.2) must be within [0, 1]"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> d.withRepetitionPenalty(0))
            .getMessage()
            .startsWith("repetition penalty (0.0) must be > 0"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> GenerationSettings.defaults().withMaxNewTokens(0))
            .getMessage()
            .startsWith("max new tokens (0) must be within [1, 1048576]"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> GenerationSettings.defaults().withMaxNewTokens(Integer.MAX_VALUE))
            .getMessage()
            .startsWith("max new tokens (2147483647) must be within [1, 1048576]"));
  }

  private static double maxDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
