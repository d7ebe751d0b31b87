package org.minimind.workbench.app.slotpage;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.TaskHandle;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.slots.IndexSettings;
import org.minimind.workbench.slots.SlotIndex;
import org.minimind.workbench.slots.SlotIndexBuilder;

/**
 * How fast the slot page of the sample model opens from a loaded index: the time from {@link
 * SlotPageViewModel#show} until its page, numbers and contexts are set, for the top slots of each
 * layer and random ones, the background parts (logit effects) left out as they follow the page.
 * Prints the numbers, asserts nothing, and is not part of {@code mvn verify}; run with {@code mvn
 * -o test -Dtest=SlotPageBenchmark}. The index is built once into {@code target/slot-bench} (about
 * 20 s).
 */
class SlotPageBenchmark {
  private static final Path COPY = Path.of("target", "slot-bench", "minimind-memory-small");

  /** Runs the page's own task now and drops the rest (what follows the page). */
  private static final class PageOnly implements TaskExecutor {
    @Override
    public <T> TaskHandle execute(
        String name,
        Callable<T> work,
        Consumer<? super T> onSuccess,
        Consumer<? super Throwable> onFailure) {
      if (name.startsWith("logit effects")) {
        return TaskHandle.DONE;
      }
      try {
        onSuccess.accept(work.call());
      } catch (Exception e) {
        onFailure.accept(e);
      }
      return TaskHandle.DONE;
    }

    @Override
    public void runOnUiThread(Runnable action) {
      action.run();
    }

    @Override
    public void shutdown() {}
  }

  @Test
  void pageOpenTimes() throws Exception {
    Files.createDirectories(COPY);
    try (Stream<Path> files = Files.list(Path.of("sample-models", "minimind-memory-small"))) {
      for (Path f :
          files.filter(f -> !f.getFileName().toString().equals("slot-index.bin")).toList()) {
        if (!Files.exists(COPY.resolve(f.getFileName()))) {
          Files.copy(f, COPY.resolve(f.getFileName()));
        }
      }
    }
    WorkbenchState state = new WorkbenchState();
    TaskExecutor executor = new PageOnly();
    SlotFocus focus = new SlotFocus(state, executor);
    LoadedModel model = LoadedModel.load(COPY, Device.cpu());
    if (!Files.exists(SlotIndexSource.fileOf(model))) {
      SlotIndexSource.build(
          model,
          new SlotIndexBuilder(IndexSettings.DEFAULTS, null),
          IndexSettings.DEFAULT_MAX_TOKENS);
    }
    long t0 = System.nanoTime();
    SlotIndex.open(SlotIndexSource.fileOf(model));
    double openMs = (System.nanoTime() - t0) / 1e6;
    SlotPageViewModel vm = new SlotPageViewModel(state, focus, executor);
    state
        .modelProperty()
        .set(model); // loads the index (and the run's records) through the executor
    SlotIndex index = vm.report().index();
    int layers = index.header().layers();
    int slots = index.header().knowledgeNum();
    Random random = new Random(1);
    int n = 400;
    double[] ms = new double[n];
    for (int warm = 0; warm < 50; warm++) {
      vm.show(new SlotRef(random.nextInt(layers), random.nextInt(slots)));
    }
    for (int i = 0; i < n; i++) {
      int layer = i % layers;
      // half the most selected slots (16 contexts each), half random ones
      int slot = i % 2 == 0 ? index.mostSelected(layer, n)[i / 2] : random.nextInt(slots);
      long s = System.nanoTime();
      vm.show(new SlotRef(layer, slot));
      ms[i] = (System.nanoTime() - s) / 1e6;
      if (vm.pageProperty().get() == null) {
        throw new IllegalStateException("no page for " + layer + ":" + slot);
      }
    }
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "slot page benchmark: index opened in %.0f ms; page of %d slots"
            + " (top and random, %d layers): median %.2f ms, 95th percentile %.2f ms, max %.2f ms%n",
        openMs,
        n,
        layers,
        ms[n / 2],
        ms[(int) (n * 0.95)],
        ms[n - 1]);
    model.close();
  }
}
