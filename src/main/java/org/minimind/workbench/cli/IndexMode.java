package org.minimind.workbench.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.minimind.workbench.data.SplitConfig;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.slots.IndexCorpus;
import org.minimind.workbench.slots.IndexSettings;
import org.minimind.workbench.slots.IndexedCheckpoint;
import org.minimind.workbench.slots.SlotIndex;
import org.minimind.workbench.slots.SlotIndexBuilder;

/**
 * {@code --index-slots}: runs a checkpoint over a corpus and writes its slot index (see {@link
 * SlotIndexBuilder}), with a progress bar when stderr is a terminal and the speed at the end.
 */
final class IndexMode {
  private IndexMode() {}

  /**
   * @param corpus --corpus, or null for the run's own corpus (else the sample corpus)
   * @param topK contexts kept per slot (--top-k)
   */
  static int run(
      CommonOptions common,
      Path corpus,
      IndexOptions opts,
      int topK,
      Device device,
      PrintWriter out,
      boolean interactive)
      throws IOException {
    Path given = common.checkpoint != null ? common.checkpoint : GenerateMode.sampleModel();
    Path checkpoint = RunDirectory.modelToLoad(given);
    BpeTokenizer tokenizer = GenerateMode.tokenizer(common, checkpoint);
    IndexSettings settings =
        new IndexSettings(
            topK,
            opts.chunk == null ? 0 : opts.chunk,
            common.batch != null ? common.batch : IndexSettings.DEFAULT_BATCH,
            opts.tokens);
    IndexCorpus.Part part = IndexCorpus.Part.parse(opts.split);
    IndexCorpus tokens = corpus(checkpoint, corpus, tokenizer, part, opts.tokens, out);
    if (tokens.tokens().length < opts.tokens) {
      out.printf(
          Locale.ROOT,
          "%s: %,d tokens, fewer than the %,d asked; indexing all of them%n",
          tokens.name(),
          tokens.available(),
          opts.tokens);
    }
    Path file = common.out != null ? common.out : RunDirectory.slotIndexFile(checkpoint);
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": a directory; --out names the index file to write");
    }
    IndexedCheckpoint source = IndexedCheckpoint.of(checkpoint);
    try (MemoryLM model = Checkpoint.load(checkpoint, device)) {
      ProgressBar[] bar = {null};
      SlotIndexBuilder builder =
          new SlotIndexBuilder(
              settings,
              (done, total) -> {
                if (bar[0] != null) {
                  bar[0].stepTo(done);
                }
              });
      int chunk = builder.chunkLength(model.config());
      out.printf(
          Locale.ROOT,
          "indexing %,d tokens (%s) with %s on %s: %d layers x %,d slots,"
              + " chunks of %d, top %d contexts per slot%n",
          tokens.tokens().length,
          tokens.name(),
          checkpoint,
          device,
          model.config().nLayers(),
          model.config().knowledgeNum(),
          chunk,
          settings.topK());
      out.flush();
      long t0 = System.nanoTime();
      SlotIndex index;
      bar[0] = interactive ? bar(tokens.tokens().length) : null;
      try {
        index = builder.build(model, tokens, source);
      } finally {
        if (bar[0] != null) {
          bar[0].close();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      index.write(file);
      out.printf(
          Locale.ROOT,
          "indexed %,d tokens in %.1f s (%.0f tokens/s); wrote %s (%.1f MB)%n",
          index.header().tokens(),
          seconds,
          index.header().tokens() / seconds,
          file.toAbsolutePath(),
          Files.size(file) / 1e6);
    }
    return 0;
  }

  /**
   * The tokens to index: {@code part} of --corpus or of the run's corpus, split as the run split
   * it; of the sample corpus when the checkpoint has no run (or its corpus moved away).
   */
  private static IndexCorpus corpus(
      Path checkpoint,
      Path corpus,
      BpeTokenizer tokenizer,
      IndexCorpus.Part part,
      long maxTokens,
      PrintWriter out)
      throws IOException {
    Optional<Path> run =
        RunDirectory.runOf(checkpoint)
            .filter(r -> Files.isRegularFile(RunDirectory.manifestFile(r)));
    if (corpus != null && !Files.exists(corpus)) {
      throw new IOException(corpus + ": no such corpus file or folder (--corpus)");
    }
    if (run.isEmpty()) {
      Path p = corpus != null ? corpus : TrainMode.defaultFile(TrainMode.SAMPLE_CORPUS, "--corpus");
      return IndexCorpus.read(p, tokenizer, part, SplitConfig.DEFAULT, maxTokens);
    }
    if (corpus == null && !Files.exists(RunDirectory.readCorpusRecord(run.get()).path())) {
      Optional<Path> sample = ProjectFiles.find(TrainMode.SAMPLE_CORPUS);
      if (sample.isEmpty()) {
        throw new IOException(
            RunDirectory.readCorpusRecord(run.get()).path()
                + ": the run's corpus is not there (moved?); pass --corpus");
      }
      out.println(
          "the run's corpus "
              + RunDirectory.readCorpusRecord(run.get()).path()
              + " is not there; reading the sample corpus "
              + sample.get()
              + " instead");
      corpus = sample.get();
    }
    return IndexCorpus.ofRun(run.get(), corpus, tokenizer, part, maxTokens);
  }

  private static ProgressBar bar(long total) {
    return new ProgressBarBuilder()
        .setTaskName("index")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setUnit(" tok", 1)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }
}
