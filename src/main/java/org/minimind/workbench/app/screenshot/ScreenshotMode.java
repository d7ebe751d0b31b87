package org.minimind.workbench.app.screenshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.minimind.workbench.app.FileDialogs;
import org.minimind.workbench.app.FxTaskExecutor;
import org.minimind.workbench.app.ViewLoader;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.WorkbenchApp;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.run.RunDirectoryReader;
import org.minimind.workbench.app.slotpage.SlotPageViewModel;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.model.DeviceChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders each view of the workbench with a model loaded and writes one PNG per view: {@code
 * dashboard.png}, {@code heatmap.png}, {@code token-slots.png}, {@code drift.png}, {@code
 * generation.png} (after a seeded generation, one token hovered), {@code model.png} and {@code
 * slot.png} (the most selected slot of layer 1; the slot index is built first when the checkpoint
 * has none beside it, and written there). Runs without a display. The model is drawn as saved: a
 * bare checkpoint, which brings no training history, leaves the dashboard and drift views saying
 * so.
 */
public final class ScreenshotMode {
  private static final Logger LOG = LoggerFactory.getLogger(ScreenshotMode.class);
  private static final Duration LOAD_TIMEOUT =
      Duration.ofSeconds(Long.getLong("minimind.screenshot.timeout", 300));

  /** Tokens of the seeded generation, and the one shown hovered. */
  static final int GENERATED_TOKENS = 48;

  static final int HOVERED_TOKEN = 5;

  /** The layer whose most selected slot the slot page shows. */
  static final int SLOT_LAYER = 1;

  private ScreenshotMode() {}

  /**
   * Writes the PNGs into {@code outDir}.
   *
   * @param model a checkpoint or run directory to open
   * @param compare run directories shown beside it on the dashboard
   * @param device where to run the model
   * @return the files written
   */
  public static List<Path> run(Path outDir, Path model, List<Path> compare, DeviceChoice device)
      throws Exception {
    return run(outDir, model, compare, device, null);
  }

  /**
   * As {@link #run(Path, Path, List, DeviceChoice)}, decoding with {@code tokenizer} (a {@code
   * tokenizer.json}) when given instead of the checkpoint's own.
   */
  public static List<Path> run(
      Path outDir, Path model, List<Path> compare, DeviceChoice device, Path tokenizer)
      throws Exception {
    if (model == null) {
      throw new IOException("no model to show: the sample model was not found; pass --checkpoint");
    }
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      throw new IOException(outDir + ": not a directory (--screenshot DIR)");
    }
    HeadlessFx.start();
    FxTaskExecutor executor = new FxTaskExecutor();
    Workbench wb = HeadlessFx.call(() -> open(executor), Duration.ofSeconds(60));
    Stage[] stage = new Stage[1];
    try {
      HeadlessFx.run(
          () -> {
            stage[0] = new Stage();
            Scene scene = new Scene(wb.root(), WorkbenchApp.WIDTH, WorkbenchApp.HEIGHT);
            scene.getStylesheets().add(ViewLoader.stylesheet());
            stage[0].setScene(scene);
            stage[0].show();
            wb.state().deviceProperty().set(device);
            wb.start(model, compare, tokenizer);
          });
      awaitIdle(executor);
      String error =
          HeadlessFx.call(() -> wb.mainViewModel().errorProperty().get(), Duration.ofSeconds(10));
      if (!error.isEmpty()) {
        throw new IOException(error);
      }
      String compareError =
          HeadlessFx.call(
              () ->
                  wb.state().comparisonRuns().size() < compare.size()
                      ? wb.dashboardViewModel().messageProperty().get()
                      : "",
              Duration.ofSeconds(10));
      if (!compareError.isEmpty()) {
        throw new IOException(compareError);
      }
      HeadlessFx.run(
          () -> {
            wb.tokenSlotsView()
                .table()
                .getSelectionModel()
                .select(Math.min(3, wb.tokenSlotsViewModel().rows().size() - 1));
          });
      awaitIdle(executor);
      Files.createDirectories(outDir); // only now: a model that fails to open leaves no folder
      List<Path> written = new ArrayList<>();
      written.add(shoot(wb, Workbench.DASHBOARD, outDir.resolve("dashboard.png")));
      written.add(shoot(wb, Workbench.HEATMAP, outDir.resolve("heatmap.png")));
      written.add(shoot(wb, Workbench.TOKEN_SLOTS, outDir.resolve("token-slots.png")));
      written.add(shoot(wb, Workbench.DRIFT, outDir.resolve("drift.png")));
      generate(wb, executor);
      written.add(shoot(wb, Workbench.GENERATION, outDir.resolve("generation.png")));
      written.add(shoot(wb, Workbench.MODEL, outDir.resolve("model.png")));
      if (showSlot(wb, executor)) {
        written.add(shoot(wb, Workbench.SLOT, outDir.resolve("slot.png")));
      }
      return written;
    } finally {
      HeadlessFx.run(
          () -> {
            wb.close();
            if (stage[0] != null) {
              stage[0].close();
            }
          });
    }
  }

  private static Workbench open(FxTaskExecutor executor) {
    return new Workbench(executor, FileDialogs.NONE, new RunDirectoryReader());
  }

  /** A seeded generation of {@link #GENERATED_TOKENS} tokens, with one token hovered. */
  private static void generate(Workbench wb, FxTaskExecutor executor) throws Exception {
    HeadlessFx.run(
        () -> {
          wb.generationViewModel().maxTokensProperty().set(GENERATED_TOKENS);
          wb.generationViewModel().seedProperty().set("1337");
          wb.generationViewModel().generate();
        });
    awaitIdle(executor);
    HeadlessFx.run(
        () -> {
          wb.generationViewModel().drain();
          int n = wb.generationViewModel().tokens().size();
          wb.generationViewModel().hover(Math.min(HOVERED_TOKEN, n - 1));
        });
    awaitIdle(executor);
  }

  /**
   * The page of layer {@link #SLOT_LAYER}'s most selected slot, the index read from beside the
   * checkpoint or built over the default corpus first; false (and no page) when no index can be
   * had, e.g. for a checkpoint without a tokenizer to read a corpus with.
   */
  private static boolean showSlot(Workbench wb, FxTaskExecutor executor) throws Exception {
    var page = wb.slotPageViewModel();
    if (HeadlessFx.call(() -> page.indexStateProperty().get(), Duration.ofSeconds(10))
        == SlotPageViewModel.IndexState.MISSING) {
      HeadlessFx.run(page::buildIndex);
      awaitIdle(executor);
    }
    String problem =
        HeadlessFx.call(
            () -> page.report() == null ? page.indexStatusProperty().get() : "",
            Duration.ofSeconds(10));
    if (!problem.isEmpty()) {
      LOG.warn("no slot page: {}", problem);
      return false;
    }
    HeadlessFx.run(
        () -> {
          int layer = Math.min(SLOT_LAYER, page.report().index().header().layers() - 1);
          page.show(new SlotRef(layer, page.report().index().mostSelected(layer, 1)[0]));
        });
    awaitIdle(executor);
    return true;
  }

  private static void awaitIdle(FxTaskExecutor executor) throws Exception {
    HeadlessFx.settle();
    if (!executor.awaitIdle(LOAD_TIMEOUT)) {
      throw new IOException(
          "the workbench did not finish loading within "
              + LOAD_TIMEOUT
              + "; still running: "
              + executor.runningTasks());
    }
    HeadlessFx.settle();
    // refreshes triggered by the last callbacks
    executor.awaitIdle(LOAD_TIMEOUT);
    HeadlessFx.settle();
  }

  private static Path shoot(Workbench wb, String tab, Path file) throws Exception {
    HeadlessFx.run(() -> wb.select(tab));
    HeadlessFx.settle();
    var image = HeadlessFx.call(() -> ChartExport.snapshot(wb.root()), Duration.ofSeconds(60));
    ChartExport.writePng(image, file);
    LOG.info("wrote {}", file);
    return file;
  }
}
