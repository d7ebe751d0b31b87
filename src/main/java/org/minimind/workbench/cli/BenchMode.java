package org.minimind.workbench.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.Gson;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.minimind.workbench.metrics.DeviceMemory;
import org.minimind.workbench.metrics.ProcessMemory;
import org.minimind.workbench.model.GraphDecoder;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.Precision;
import org.minimind.workbench.model.generate.GenerationListener;
import org.minimind.workbench.model.generate.GenerationResult;
import org.minimind.workbench.model.generate.GenerationSettings;
import org.minimind.workbench.model.generate.Generator;
import org.minimind.workbench.train.Preset;
import org.minimind.workbench.train.RandomTokenRun;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainingListener;
import org.minimind.workbench.train.TrainingSummary;

/**
 * {@code --bench train}: training throughput and peak memory on random ids at a preset's shape.
 * {@code --bench generate}: generation speed with and without the key/value cache.
 */
final class BenchMode {
  private BenchMode() {}

  /** {@code --bench tokenizer}: trains the BPE on a corpus and encodes it, timed. */
  static int tokenizer(java.nio.file.Path corpusPath, int vocabSize, PrintWriter out)
      throws java.io.IOException {
    java.util.List<String> docs = new java.util.ArrayList<>();
    long[] bytes = {0};
    org.minimind.workbench.data.Corpus.open(corpusPath)
        .forEach(
            d -> {
              docs.add(d.text());
              bytes[0] += d.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            });
    var r =
        org.minimind.workbench.data.tokenizer.TokenizerBenchmark.run(
            docs, bytes[0], vocabSize, org.minimind.workbench.data.tokenizer.TrainingListener.NONE);
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("bench", "tokenizer");
    j.put("corpus", corpusPath.toString());
    j.put("documents", r.documents());
    j.put("mb", r.trainBytes() / 1e6);
    j.put("vocab_size", vocabSize);
    j.put("train_s", r.trainSeconds());
    j.put("train_mb_per_s", r.trainMBps());
    j.put("encode_s", r.encodeSeconds());
    j.put("encode_mb_per_s", r.encodeMBps());
    j.put("tokens", r.tokens());
    j.put("bytes_per_token", r.bytesPerToken());
    out.println(new Gson().toJson(j));
    out.flush();
    return 0;
  }

  /**
   * Training tokens/s at a preset's shape on random ids: one warm-up step, then {@code steps} timed
   * ones; with {@code profile}, the engine's operations of the timed steps go to that file.
   */
  static int train(
      Preset preset,
      ModelConfig cfg,
      int steps,
      Integer batch,
      Precision precision,
      Device device,
      java.nio.file.Path profile,
      PrintWriter out) {
    int b = batch != null ? batch : preset.batchSize();
    int t = cfg.maxSeqLen();
    long[] stamps = new long[steps + 2];
    TrainSettings settings = RandomTokenRun.settings(steps + 1, b, 0).withPrecision(precision);
    try (DeviceMemory gpuMemory = DeviceMemory.start(device);
        RandomTokenRun run = RandomTokenRun.open(cfg, null, settings, t, device)) {
      MemoryLM model = run.model();
      Trainer trainer = run.trainer();
      double[] lastLoss = {Double.NaN};
      Trainer.HostTimes[] afterWarmUp = {null};
      trainer.addListener(
          new TrainingListener() {
            @Override
            public void onProgress(long step, long total, double loss, double tokPerSec) {
              stamps[(int) step] = System.nanoTime();
              lastLoss[0] = loss;
              if (step == 1) {
                afterWarmUp[0] = trainer.hostTimes();
                if (profile != null) {
                  JniUtils.startProfile(false, false, false);
                }
              }
              if (step == steps + 1 && profile != null) {
                JniUtils.stopProfile(profile.toAbsolutePath().toString());
              }
            }
          });
      stamps[0] = System.nanoTime();
      TrainingSummary summary = trainer.run();
      if (summary.reason() == TrainingSummary.Reason.FAILED) {
        throw new IllegalStateException("benchmark training failed", summary.error());
      }
      // Step 1 warms up (allocations, first-touch); time the rest, as the seed's benchmark does.
      double stepSeconds = (stamps[steps + 1] - stamps[1]) / 1e9 / steps;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("bench", "train");
      r.put("preset", preset.name().toLowerCase());
      r.put("memory_variant", cfg.memoryVariant().key());
      r.put("device", device.toString());
      r.put(
          "engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
      r.put("threads", Runtime.getRuntime().availableProcessors());
      r.put("params", model.parameters().count());
      r.put("batch", b);
      r.put("seq", t);
      r.put("precision", precision.toString());
      r.put("steps", steps);
      r.put("train_step_s", stepSeconds);
      r.put("train_tokens_per_s", b * t / stepSeconds);
      r.put("loss", lastLoss[0]);
      Trainer.HostTimes all = trainer.hostTimes();
      long timed = all.steps() - afterWarmUp[0].steps();
      r.put(
          "host_queue_ms_per_step",
          (all.queueSeconds() - afterWarmUp[0].queueSeconds()) * 1000 / timed);
      r.put(
          "host_wait_ms_per_step",
          (all.waitSeconds() - afterWarmUp[0].waitSeconds()) * 1000 / timed);
      r.put("peak_host_rss_gib", ProcessMemory.peakResidentGiB());
      if (profile != null) {
        r.put("profile", profile.toString());
        r.put("profile_note", "timed with PyTorch's profiler on, which slows every operation");
      }
      if (gpuMemory != null) {
        r.put("gpu_memory_used_peak_mib", gpuMemory.peakMiB());
        r.put(
            "gpu_memory_used_note",
            "device-wide (cudaMemGetInfo: total - free, the CUDA context included), sampled every "
                + DeviceMemory.PERIOD_MILLIS
                + " ms over the whole run");
      }
      out.println(new Gson().toJson(r));
      out.flush();
    }
    return 0;
  }

  /** Prompt length of the generation benchmark (the seed's benchmark uses the same). */
  static final int GEN_PROMPT = 16;

  /** Tokens each path generates untimed first, so that the JIT has compiled the hot paths. */
  static final int WARM_UP_TOKENS = 32;

  /**
   * Generation tokens/s of a randomly initialised model at the preset's shape after a 16-token
   * random prompt, sampled with the seed's defaults (temperature 0.75, top-p 0.9) and no end token,
   * with the key/value cache and without it (the seed's way). Each path first generates 32 tokens
   * untimed (the seed's benchmark warms up with 2; Python has no JIT to warm).
   */
  static int generate(
      Preset preset,
      ModelConfig cfg,
      int newTokens,
      Device device,
      java.nio.file.Path profile,
      PrintWriter out) {
    int room = cfg.maxSeqLen() - GEN_PROMPT;
    int n = Math.min(newTokens, room);
    java.util.SplittableRandom random = new java.util.SplittableRandom(0);
    int[] prompt = new int[GEN_PROMPT];
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = random.nextInt(cfg.vocabSize());
    }
    GenerationSettings settings = GenerationSettings.defaults().withEosId(-1).withMaxNewTokens(n);
    try (MemoryLM model = MemoryLM.initialize(cfg, device, 0)) {
      Generator generator = new Generator(model);
      GenerationSettings warmUp = settings.withMaxNewTokens(Math.min(WARM_UP_TOKENS, n));
      generator.generate(prompt, warmUp, GenerationListener.NONE);
      generator.generate(prompt, warmUp.withCache(false), GenerationListener.NONE);
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long cpuBefore = threads.getCurrentThreadCpuTime();
      if (profile != null) {
        JniUtils.startProfile(false, false, false);
      }
      GenerationResult cached = generator.generate(prompt, settings, GenerationListener.NONE);
      if (profile != null) {
        JniUtils.stopProfile(profile.toAbsolutePath().toString());
      }
      double cpuMsPerToken =
          (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6 / cached.generatedTokens();
      GenerationResult uncached =
          generator.generate(prompt, settings.withCache(false), GenerationListener.NONE);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("bench", "generate");
      r.put("preset", preset.name().toLowerCase());
      r.put("device", device.toString());
      r.put(
          "engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
      r.put("threads", Runtime.getRuntime().availableProcessors());
      r.put("params", model.parameters().count());
      r.put("max_seq_len", cfg.maxSeqLen());
      r.put("prompt_tokens", GEN_PROMPT);
      r.put("new_tokens_requested", newTokens);
      r.put("gen_new_tokens", cached.generatedTokens());
      if (n < newTokens) {
        r.put("capped", "new tokens capped at max_seq_len - prompt = " + room);
      }
      r.put("sampling", "temperature 0.75, top-p 0.9, no eos");
      r.put("cuda_graphs", device.isGpu() && GraphDecoder.graphsAvailable());
      r.put("gen_tokens_per_s", cached.tokensPerSecond());
      r.put("gen_decode_tokens_per_s", cached.decodeTokensPerSecond());
      r.put("gen_time_to_first_token_ms", cached.timeToFirstTokenSeconds() * 1000);
      // One intra-op thread: the generating thread does all the work, so its CPU time is the
      // cost of a token whatever else the machine is doing.
      r.put("gen_cpu_ms_per_token", cpuMsPerToken);
      r.put("gen_uncached_tokens_per_s", uncached.tokensPerSecond());
      r.put("gen_uncached_time_to_first_token_ms", uncached.timeToFirstTokenSeconds() * 1000);
      r.put("cached_vs_uncached", cached.tokensPerSecond() / uncached.tokensPerSecond());
      r.put("same_ids", java.util.Arrays.equals(cached.ids(), uncached.ids()));
      if (profile != null) {
        r.put("profile", profile.toString());
        r.put("profile_note", "the cached run was timed with PyTorch's profiler on");
      }
      out.println(new Gson().toJson(r));
      out.flush();
    }
    return 0;
  }
}
