package org.minimind.workbench.cli;

import ai.djl.Device;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minimind.workbench.data.PackedCorpus;
import org.minimind.workbench.data.SplitConfig;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.session.TrainingSession;
import org.minimind.workbench.slots.InterventionEvaluation;
import org.minimind.workbench.train.CorpusTrainingData;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code --eval}: validation cross entropy of a checkpoint without and with an intervention (see
 * {@link InterventionEvaluation}), as one JSON line. The batches come from the run's own validation
 * split when the checkpoint carries a manifest recording its corpus (a run directory, or a
 * checkpoint directory with its run's {@code run.json}, as the sample model); otherwise from {@code
 * --corpus} (default: the sample corpus), split as {@code --train} would split it.
 */
final class EvalMode {
  /** Sequences per batch when --batch is not given. */
  static final int DEFAULT_BATCH = 8;

  /** Documents held out when the checkpoint records no split: {@code --train}'s default. */
  static final double VALIDATION_FRACTION = 0.01;

  private EvalMode() {}

  static int run(
      CommandLine cl,
      CommonOptions common,
      Path corpusOption,
      EvalOptions opts,
      Intervention intervention,
      Device device)
      throws IOException {
    if (opts.batches <= 0) {
      throw new ParameterException(cl, "--batches must be positive, got " + opts.batches);
    }
    int batch = common.batch != null ? common.batch : DEFAULT_BATCH;
    Path given = common.checkpoint != null ? common.checkpoint : GenerateMode.sampleModel();
    Path checkpoint = RunDirectory.modelToLoad(given);
    try (MemoryLM model = Checkpoint.load(checkpoint, device)) {
      try {
        intervention.validateFor(model.config());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cl, e.getMessage());
      }
      int seqLen = model.config().maxSeqLen();
      Path dir =
          RunDirectory.isRun(given)
              ? given
              : Files.isDirectory(checkpoint)
                  ? checkpoint
                  : checkpoint.toAbsolutePath().getParent();
      Optional<TrainingSession.RecordedCorpus> recorded =
          TrainingSession.recordedCorpus(dir, corpusOption, seqLen);
      PackedCorpus packed;
      String source;
      if (recorded.isPresent()) {
        packed = recorded.get().packed();
        source = "the run's validation split (" + packed.validation().size() + " sequences)";
      } else {
        Path tokenizerFile =
            common.tokenizer != null ? common.tokenizer : RunDirectory.tokenizerFile(dir);
        if (!Files.isRegularFile(tokenizerFile)) {
          throw new IOException(tokenizerFile + ": no such tokenizer file; pass --tokenizer FILE");
        }
        BpeTokenizer tokenizer = BpeTokenizer.load(tokenizerFile);
        Path corpus =
            corpusOption != null
                ? corpusOption
                : TrainMode.defaultFile(TrainMode.SAMPLE_CORPUS, "--corpus");
        packed =
            TrainingSession.pack(
                corpus, tokenizer, new SplitConfig(VALIDATION_FRACTION, common.seed), seqLen);
        source =
            "the validation split of " + corpus + " (" + packed.validation().size() + " sequences)";
      }
      List<long[]> batches =
          new CorpusTrainingData(packed, batch, common.seed).validationBatches(opts.batches);
      if (batches.isEmpty()) {
        throw new IOException(
            source
                + " packs into "
                + packed.validation().size()
                + " sequences, fewer than one batch of "
                + batch
                + "; pass a smaller --batch");
      }
      InterventionEvaluation.Result r =
          InterventionEvaluation.evaluate(model, batches, batch, seqLen, intervention);
      PrintWriter out = cl.getOut();
      out.println(
          new GsonBuilder()
              .disableHtmlEscaping()
              .create()
              .toJson(json(r, checkpoint, source, batch, seqLen)));
      out.flush();
    }
    return 0;
  }

  private static Map<String, Object> json(
      InterventionEvaluation.Result r, Path checkpoint, String source, int batch, int seqLen) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("checkpoint", checkpoint.toString());
    j.put("intervention", r.whole().intervention().toString());
    j.put("data", source);
    j.put("batches", r.batches());
    j.put("batch", batch);
    j.put("seq_len", seqLen);
    j.put("ce_baseline", r.baseline());
    j.put("ce_intervened", r.whole().crossEntropy());
    putChange(j, r.whole());
    List<Map<String, Object>> layers = new ArrayList<>();
    for (InterventionEvaluation.Change c : r.perLayer()) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("layer", c.intervention().layers().first());
      l.put("intervention", c.intervention().toString());
      l.put("ce_intervened", c.crossEntropy());
      putChange(l, c);
      layers.add(l);
    }
    j.put("per_layer", layers);
    return j;
  }

  private static void putChange(Map<String, Object> j, InterventionEvaluation.Change c) {
    j.put("delta", c.delta());
    j.put("delta_std", c.deltaStd());
    j.put("delta_stderr", c.deltaStandardError());
  }
}
