package org.minimind.workbench.app.slotpage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.SampleModels;
import org.minimind.workbench.data.SplitConfig;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.slots.IndexCorpus;
import org.minimind.workbench.slots.IndexHeader;
import org.minimind.workbench.slots.IndexedCheckpoint;
import org.minimind.workbench.slots.SlotIndex;
import org.minimind.workbench.slots.SlotIndexBuilder;
import org.minimind.workbench.slots.SlotReport;

/**
 * Where the slot page gets its index: the file beside the checkpoint ({@link
 * RunDirectory#slotIndexFile}), or a new one built over the default corpus as {@code --index-slots}
 * builds it (the run's corpus, split as the run split it, validation documents first; the sample
 * corpus when the checkpoint has no run or its corpus moved away). Headless; every method runs on a
 * worker thread.
 */
final class SlotIndexSource {
  private SlotIndexSource() {}

  /**
   * An index ready for the page.
   *
   * @param report the index with the run's records
   * @param file where it lives, or null when kept in memory only
   * @param note what the user should know about it (kept in memory, built for another checkpoint),
   *     or empty
   */
  record Loaded(SlotReport report, Path file, String note) {}

  /** The index file of {@code model}'s checkpoint. */
  static Path fileOf(LoadedModel model) {
    return RunDirectory.slotIndexFile(model.source());
  }

  /** Opens the index beside the checkpoint, or empty when there is none. */
  static Optional<Loaded> open(LoadedModel model) throws IOException {
    Path file = fileOf(model);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    SlotIndex index = SlotIndex.open(file);
    check(index.header(), model.config(), file);
    String note = "";
    String fingerprint = index.header().checkpointFingerprint();
    if (!fingerprint.isEmpty()
        && !fingerprint.equals(
            IndexedCheckpoint.sha256(Checkpoint.locate(model.source()).weights()))) {
      note =
          "this index was built for other weights than the open checkpoint's; rebuild it to be"
              + " sure";
    }
    return Optional.of(new Loaded(report(index, model), file, note));
  }

  /**
   * Builds an index of {@code model} over the default corpus with {@code builder}, and writes it
   * beside the checkpoint; when that folder cannot be written, keeps it in memory and says so.
   */
  static Loaded build(LoadedModel model, SlotIndexBuilder builder, long maxTokens)
      throws Exception {
    IndexCorpus corpus = defaultCorpus(model, maxTokens);
    IndexedCheckpoint source = IndexedCheckpoint.of(model.source());
    SlotIndex index = model.use(m -> builder.build(m, corpus, source));
    Path file = fileOf(model);
    try {
      if (!Files.isWritable(file.getParent())) {
        throw new IOException(file.getParent() + " is not writable");
      }
      index.write(file);
      return new Loaded(report(index, model), file, "");
    } catch (IOException e) {
      return new Loaded(
          report(index, model),
          null,
          "kept in memory only: cannot write " + file + " (" + e.getMessage() + ")");
    }
  }

  /**
   * What a build reads: the run's corpus (else the sample corpus), its validation documents first,
   * then training documents, up to {@code maxTokens}.
   */
  static IndexCorpus defaultCorpus(LoadedModel model, long maxTokens) throws IOException {
    BpeTokenizer tokenizer = model.tokenizer();
    if (tokenizer == null) {
      throw new IOException("the checkpoint has no tokenizer to read a corpus with");
    }
    IndexCorpus.Part part = IndexCorpus.Part.VALIDATION_THEN_TRAIN;
    long max = maxTokens;
    Optional<Path> run =
        RunDirectory.runOf(model.source())
            .filter(r -> Files.isRegularFile(RunDirectory.manifestFile(r)));
    if (run.isPresent() && Files.exists(RunDirectory.readCorpusRecord(run.get()).path())) {
      return IndexCorpus.ofRun(run.get(), null, tokenizer, part, max);
    }
    Path sample = SampleModels.corpus();
    if (sample == null) {
      throw new IOException(
          "no corpus to index: the run records none that is still there, and"
              + " the sample corpus ("
              + SampleModels.CORPUS
              + ") was not found");
    }
    return run.isPresent()
        ? IndexCorpus.ofRun(run.get(), sample, tokenizer, part, max)
        : IndexCorpus.read(sample, tokenizer, part, SplitConfig.DEFAULT, max);
  }

  /**
   * The index with the run's records, read now (they are read on a report's first page otherwise),
   * so that every page opens at the speed of the index.
   */
  private static SlotReport report(SlotIndex index, LoadedModel model) {
    SlotReport report =
        new SlotReport(index, RunDirectory.runOf(model.source()).orElse(null), model.tokenizer());
    report.countHistory(0, 0);
    report.drift(0);
    report.tokenIds(0);
    return report;
  }

  private static void check(IndexHeader h, ModelConfig c, Path file) throws IOException {
    if (h.layers() != c.nLayers() || h.knowledgeNum() != c.knowledgeNum()) {
      throw new IOException(
          file
              + ": an index of "
              + h.layers()
              + " layers x "
              + h.knowledgeNum()
              + " slots, but the model has "
              + c.nLayers()
              + " x "
              + c.knowledgeNum());
    }
  }
}
