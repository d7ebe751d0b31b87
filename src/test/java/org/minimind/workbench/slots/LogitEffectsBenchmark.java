package org.minimind.workbench.slots;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.SampleModel;

/**
 * Times {@link LogitEffects#measure} on the CPU with the sample model (small preset: 65,536 slots x
 * 4 layers): 16 contexts of up to 512 tokens cut from the sample corpus, each ending where layer 1
 * selected its most frequent slot. Prints one line per run and a summary. Not a test: run it from
 * the project folder after {@code mvn test-compile} and {@code mvn package}:
 *
 * <pre>
 * java -cp target/minimind-workbench.jar:target/test-classes \
 *     org.minimind.workbench.slots.LogitEffectsBenchmark [RUNS]
 * </pre>
 */
public final class LogitEffectsBenchmark {
  static final int CONTEXTS = 16;
  static final int LENGTH = 512;
  static final int LAYER = 1;

  private LogitEffectsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path dir = SampleModel.locate().orElseThrow();
    BpeTokenizer tokenizer = BpeTokenizer.load(dir.resolve("tokenizer.json"));
    String text = Files.readString(Path.of("sample-models/corpus/austen.jsonl"));
    int[] all = tokenizer.encode(text.substring(0, 200_000));
    try (MemoryLM model = Checkpoint.load(dir, Device.cpu())) {
      // windows from across the text
      List<long[]> windows = new ArrayList<>();
      long[] flat = new long[CONTEXTS * LENGTH];
      for (int w = 0; w < CONTEXTS; w++) {
        int start = w * (all.length - LENGTH) / CONTEXTS;
        for (int i = 0; i < LENGTH; i++) {
          flat[w * LENGTH + i] = all[start + i];
        }
      }
      long[] chosen;
      try (NDManager scope = model.parameters().manager().newSubManager()) {
        chosen =
            model
                .forward(
                    model.bind(scope, false),
                    scope.create(flat, new Shape(CONTEXTS, LENGTH)),
                    ForwardOptions.evaluation().withoutUsage())
                .layers()
                .get(LAYER)
                .memoryIndices()
                .toLongArray(); // (B, T, k)
      }
      int k = model.config().numSelected();
      Map<Long, Integer> counts = new HashMap<>();
      for (long s : chosen) {
        counts.merge(s, 1, Integer::sum);
      }
      int slot =
          counts.entrySet().stream()
              .max(Map.Entry.comparingByValue())
              .orElseThrow()
              .getKey()
              .intValue();
      List<int[]> contexts = new ArrayList<>();
      for (int w = 0; w < CONTEXTS; w++) {
        int end = LENGTH - 1; // the last position that selected the slot, else the whole window
        search:
        for (int t = LENGTH - 1; t >= 0; t--) {
          for (int j = 0; j < k; j++) {
            if (chosen[(w * LENGTH + t) * k + j] == slot) {
              end = t;
              break search;
            }
          }
        }
        int[] c = new int[end + 1];
        for (int i = 0; i <= end; i++) {
          c[i] = (int) flat[w * LENGTH + i];
        }
        contexts.add(c);
      }
      int longest = contexts.stream().mapToInt(c -> c.length).max().orElseThrow();
      LogitEffects.Result r = LogitEffects.measure(model, contexts, LAYER, slot, 10); // warm-up
      double[] seconds = new double[runs];
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        r = LogitEffects.measure(model, contexts, LAYER, slot, 10);
        seconds[i] = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "run %d: %.3f s%n", i, seconds[i]);
      }
      java.util.Arrays.sort(seconds);
      System.out.printf(
          Locale.ROOT,
          "{\"contexts\": %d, \"longest\": %d, \"layer\": %d, \"slot\": %d, \"selecting\": %d,"
              + " \"median_s\": %.3f, \"min_s\": %.3f, \"threads\": %d}%n",
          contexts.size(),
          longest,
          LAYER,
          slot,
          r.selecting(),
          seconds[runs / 2],
          seconds[0],
          Runtime.getRuntime().availableProcessors());
      for (LogitEffects.TokenEffect e : r.rises()) {
        System.out.printf(
            Locale.ROOT,
            "rises %-12s %+.5f (baseline %.5f)%n",
            "\"" + tokenizer.decode(new int[] {e.id()}) + "\"",
            e.meanDelta(),
            e.baselineMean());
      }
      for (LogitEffects.TokenEffect e : r.falls()) {
        System.out.printf(
            Locale.ROOT,
            "falls %-12s %+.5f (baseline %.5f)%n",
            "\"" + tokenizer.decode(new int[] {e.id()}) + "\"",
            e.meanDelta(),
            e.baselineMean());
      }
    }
  }
}
