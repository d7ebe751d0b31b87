package org.minimind.workbench.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.data.tokenizer.StreamingDecoder;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.LayerTrace;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates text with a {@link MemoryLM}: the seed's {@code MiniMindLM._stream}
 * (model_memory_1_4_4.py) with a key/value cache, streaming and memory traces.
 *
 * <p>The seed's loop runs the model on the whole sequence for every new token, takes the last
 * position's logits, applies the repetition penalty, temperature and top-p, draws the next id,
 * yields, and stops after {@code eos_token_id} or {@code max_new_tokens}. Here the prompt is run
 * once and each further token costs one position (see {@link GenerationSettings#useCache}); the
 * last position's logits (V floats) are copied to the host once per token and the step is finished
 * there by {@link Sampler}. Each token is reported to a {@link GenerationListener} with its text
 * piece (from the tokenizer's {@link StreamingDecoder}, since a byte-level token can end in the
 * middle of a character), its probability, the five most likely alternatives and the memory slots
 * read. Generation also stops on stop strings, at the context limit ({@link ContextPolicy}) and
 * when cancelled.
 *
 * <p>Nothing a generation allocates outlives it: each forward pass has its own manager, closed
 * before its token is reported, and the cache is closed at the end. The model's parameters are only
 * read.
 */
public final class Generator {
  /** How many alternatives each token reports. */
  public static final int ALTERNATIVES = 5;

  private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

  private final MemoryLM model;
  private final ModelConfig config;
  private final BpeTokenizer tokenizer;
  private final Function<GenerationSettings, Stepper> steppers;

  /**
   * A generator that decodes with {@code tokenizer}.
   *
   * @throws IllegalArgumentException if the tokenizer has more ids than the model's vocabulary
   */
  public Generator(MemoryLM model, BpeTokenizer tokenizer) {
    this(
        Objects.requireNonNull(model, "model"),
        model.config(),
        tokenizer,
        s -> new ModelStepper(model, s.useCache(), s.intervention()));
  }

  /** A generator whose steps come from {@code steppers} (tests script the logits). */
  Generator(
      MemoryLM model,
      ModelConfig config,
      BpeTokenizer tokenizer,
      Function<GenerationSettings, Stepper> steppers) {
    this.model = model;
    this.config = config;
    this.tokenizer = tokenizer;
    this.steppers = steppers;
    if (tokenizer != null && tokenizer.vocabSize() > config.vocabSize()) {
      throw new IllegalArgumentException(
          "the tokenizer has "
              + tokenizer.vocabSize()
              + " ids but the model's vocab_size is "
              + config.vocabSize());
    }
  }

  /** A generator working on ids only (no text pieces, no stop strings), e.g. for benchmarks. */
  public Generator(MemoryLM model) {
    this(model, null);
  }

  public MemoryLM model() {
    return model;
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * The prompt's ids: {@code <s>} first if asked (MiniMind's pretraining format), then the text.
   */
  public int[] encode(String prompt, boolean prependBos) {
    requireTokenizer();
    int[] ids = tokenizer.encode(prompt);
    if (!prependBos) {
      return ids;
    }
    int bos = tokenizer.tokenToId(BpeTokenizer.BOS).orElse(BpeTokenizer.BOS_ID);
    int[] withBos = new int[ids.length + 1];
    withBos[0] = bos;
    System.arraycopy(ids, 0, withBos, 1, ids.length);
    return withBos;
  }

  /** Encodes {@code prompt} (see {@link #encode}) and generates. */
  public GenerationResult generate(
      String prompt, GenerationSettings settings, GenerationListener listener) {
    return generate(encode(prompt, settings.prependBos()), settings, listener, new AtomicBoolean());
  }

  /** Generates after {@code promptIds}, on the calling thread. */
  public GenerationResult generate(
      int[] promptIds, GenerationSettings settings, GenerationListener listener) {
    return generate(promptIds, settings, listener, new AtomicBoolean());
  }

  /**
   * Generates after {@code promptIds} on the calling thread, stopping when {@code cancel} becomes
   * true (checked before each forward pass and before each token is reported).
   *
   * @throws IllegalArgumentException for an empty prompt, an id outside the vocabulary, stop
   *     strings without a tokenizer, or (under {@link ContextPolicy#STOP}) a prompt that leaves no
   *     room in the context
   */
  public GenerationResult generate(
      int[] promptIds,
      GenerationSettings settings,
      GenerationListener listener,
      AtomicBoolean cancel) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(listener, "listener");
    check(promptIds, settings);
    return new Run(promptIds, settings, listener, cancel).execute();
  }

  /** Encodes {@code prompt} and generates on a new thread. */
  public GenerationHandle start(
      String prompt, GenerationSettings settings, GenerationListener listener) {
    return start(encode(prompt, settings.prependBos()), settings, listener);
  }

  /**
   * Generates on a new daemon thread; the handle cancels it and completes with the result (or with
   * the exception that ended it). Arguments are checked before the thread starts.
   */
  public GenerationHandle start(
      int[] promptIds, GenerationSettings settings, GenerationListener listener) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(listener, "listener");
    check(promptIds, settings);
    GenerationHandle handle = new GenerationHandle();
    int[] prompt = promptIds.clone();
    Thread thread =
        new Thread(
            () -> {
              try {
                handle
                    .future()
                    .complete(new Run(prompt, settings, listener, handle.flag()).execute());
              } catch (Throwable e) {
                LOG.debug("generation failed", e);
                handle.future().completeExceptionally(e);
              }
            },
            "generate");
    thread.setDaemon(true);
    thread.start();
    return handle;
  }

  private void check(int[] promptIds, GenerationSettings settings) {
    ModelConfig cfg = config;
    if (promptIds == null || promptIds.length == 0) {
      throw new IllegalArgumentException("the prompt is empty (give at least one token, e.g. <s>)");
    }
    for (int i = 0; i < promptIds.length; i++) {
      if (promptIds[i] < 0 || promptIds[i] >= cfg.vocabSize()) {
        throw new IllegalArgumentException(
            "prompt id "
                + promptIds[i]
                + " at "
                + i
                + " is outside the vocabulary [0, "
                + cfg.vocabSize()
                + ")");
      }
    }
    settings.intervention().validateFor(cfg);
    if (settings.contextPolicy() == ContextPolicy.STOP && promptIds.length >= cfg.maxSeqLen()) {
      throw new IllegalArgumentException(
          "the prompt has "
              + promptIds.length
              + " tokens but the model's context (max_seq_len) is "
              + cfg.maxSeqLen()
              + ": at most "
              + (cfg.maxSeqLen() - 1)
              + " leave room for a new"
              + " token; shorten it or let the window slide");
    }
    if (!settings.stopStrings().isEmpty() && tokenizer == null) {
      throw new IllegalArgumentException("stop strings need a tokenizer");
    }
  }

  private void requireTokenizer() {
    if (tokenizer == null) {
      throw new IllegalStateException("this generator has no tokenizer");
    }
  }

  /** A token on its own as text ({@link TokenText#of}). */
  private String tokenText(int id) {
    return TokenText.of(tokenizer, id);
  }

  /**
   * Runs the model once over {@code ids} (cut at max_seq_len) and records which memory slots every
   * layer selected for every position, with the tokens as text. The pass works in its own manager,
   * closed before returning. Background threads only.
   *
   * @throws IllegalArgumentException for no ids or an id outside the vocabulary
   */
  public SlotTrace trace(int[] ids) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("the prompt is empty");
    }
    for (int id : ids) {
      if (id < 0 || id >= config.vocabSize()) {
        throw new IllegalArgumentException(
            "token id " + id + " is outside the vocabulary (0.." + (config.vocabSize() - 1) + ")");
      }
    }
    int t = Math.min(ids.length, config.maxSeqLen());
    long[] longIds = new long[t];
    for (int i = 0; i < t; i++) {
      longIds[i] = ids[i];
    }
    List<MemoryTrace> traces;
    try (NDManager pass = model.parameters().manager().newSubManager()) {
      NDArray input = pass.create(longIds, new Shape(1, t)); // (1, T)
      ForwardOutput out =
          model.forward(model.bind(pass, false), input, ForwardOptions.evaluation());
      NDList indices = new NDList();
      NDList scores = new NDList();
      for (LayerTrace layer : out.layers()) {
        indices.add(layer.memoryIndices()); // (1, T, k)
        scores.add(layer.memoryScores()); // (1, T, k)
      }
      traces = MemoryTrace.of(NDArrays.stack(indices), NDArrays.stack(scores), 0); // (L, 1, T, k)
    }
    List<PromptToken> tokens = new ArrayList<>(t);
    for (MemoryTrace m : traces) {
      int id = ids[m.position()];
      tokens.add(new PromptToken(m.position(), id, tokenText(id), m));
    }
    return new SlotTrace(tokens, config.knowledgeNum(), ids.length > t);
  }

  /** The state of one generation. */
  private final class Run {
    private final int[] prompt;
    private final GenerationSettings settings;
    private final GenerationListener listener;
    private final AtomicBoolean cancel;
    private final int contextLength;
    private final int keep;
    private int[] sequence;
    private int length;
    private int windowStart;
    private int slides;
    private final StreamingDecoder decoder;
    private final StringBuilder text = new StringBuilder();
    private final int longestStop;

    Run(
        int[] prompt,
        GenerationSettings settings,
        GenerationListener listener,
        AtomicBoolean cancel) {
      this.prompt = prompt;
      this.settings = settings;
      this.listener = listener;
      this.cancel = cancel;
      this.contextLength = config.maxSeqLen();
      this.keep = Math.max(1, contextLength / 2);
      // Grown as tokens come: under STOP the context limit ends generation long before a large
      // max_new_tokens would be reached.
      this.sequence =
          Arrays.copyOf(prompt, prompt.length + Math.min(settings.maxNewTokens(), contextLength));
      this.length = prompt.length;
      this.decoder = tokenizer == null ? null : tokenizer.streamingDecoder(true);
      this.longestStop = settings.stopStrings().stream().mapToInt(String::length).max().orElse(0);
    }

    GenerationResult execute() {
      boolean limitThreads = settings.cpuThreads() > 0 && model != null && !model.device().isGpu();
      if (limitThreads) {
        IntraOpThreads.limit(settings.cpuThreads());
      }
      try {
        return generate();
      } finally {
        if (limitThreads) {
          IntraOpThreads.restore();
        }
      }
    }

    private GenerationResult generate() {
      long start = System.nanoTime();
      long first = -1;
      long last = -1;
      int generated = 0;
      StopReason reason = null;
      String stopString = null;
      Sampler sampler = new Sampler(settings.sampling());
      if (length >= contextLength) { // only under SLIDE: start with the newest tokens
        windowStart = length - keep;
      }
      try (Stepper stepper = steppers.apply(settings)) {
        boolean promptPass = true;
        while (reason == null) {
          if (cancel.get()) {
            reason = StopReason.CANCELLED;
            break;
          }
          if (length - windowStart >= contextLength) {
            if (settings.contextPolicy() == ContextPolicy.STOP) {
              reason = StopReason.CONTEXT_FULL;
              break;
            }
            windowStart = length - keep;
            slides++;
            LOG.debug("window slid to start at {} ({} tokens)", windowStart, keep);
          }
          Stepper.Output out = stepper.run(sequence, windowStart, length, promptPass);
          if (promptPass) {
            listener.onPrompt(promptTokens(out.traces()));
            promptPass = false;
          }
          listener.onLogits(length, out.logits());
          double[] probs = sampler.distribution(out.logits(), sequence, length);
          int id = sampler.draw(probs);
          if (cancel.get()) { // computed after the request: not reported
            reason = StopReason.CANCELLED;
            break;
          }
          if (length == sequence.length) {
            sequence = Arrays.copyOf(sequence, length + Math.max(1, length / 2));
          }
          sequence[length] = id;
          String piece = piece(id);
          int before = text.length();
          text.append(piece);
          last = System.nanoTime();
          if (first < 0) {
            first = last;
          }
          MemoryTrace trace = out.traces().get(out.traces().size() - 1);
          listener.onToken(token(generated, length, id, piece, probs, out.logits(), trace));
          length++;
          generated++;
          if (id == settings.eosId()) {
            reason = StopReason.EOS;
          } else if ((stopString = findStop(before)) != null) {
            reason = StopReason.STOP_STRING;
          } else if (generated == settings.maxNewTokens()) {
            reason = StopReason.MAX_NEW_TOKENS;
          }
        }
      }
      String tail = decoder == null ? "" : decoder.flush();
      text.append(tail);
      long end = System.nanoTime();
      double total = (end - start) / 1e9;
      GenerationResult result =
          new GenerationResult(
              text.toString(),
              tail,
              prompt.clone(),
              Arrays.copyOfRange(sequence, prompt.length, length),
              reason,
              stopString,
              slides,
              first < 0 ? Double.NaN : (first - start) / 1e9,
              total,
              generated / total,
              generated < 2 ? Double.NaN : (generated - 1) / ((last - first) / 1e9));
      LOG.debug(
          "generated {} tokens ({}), {} tokens/s",
          generated,
          reason,
          String.format("%.1f", result.tokensPerSecond()));
      listener.onFinish(result);
      return result;
    }

    private String piece(int id) {
      if (decoder == null) {
        return "";
      }
      if (id < tokenizer.vocabSize()) {
        try {
          return decoder.push(id);
        } catch (IllegalArgumentException e) {
          // an id inside the tokenizer's range that it has no token for
        }
      }
      return decoder.flush() + "\uFFFD"; // an id the tokenizer does not know
    }

    /** The first stop string ending in the text appended after {@code before}, or null. */
    private String findStop(int before) {
      if (longestStop == 0 || text.length() == before) {
        return null;
      }
      int from = Math.max(0, before - longestStop + 1);
      for (String s : settings.stopStrings()) {
        if (text.indexOf(s, from) >= 0) {
          return s;
        }
      }
      return null;
    }

    private List<PromptToken> promptTokens(List<MemoryTrace> traces) {
      List<PromptToken> tokens = new ArrayList<>(traces.size());
      for (MemoryTrace t : traces) {
        int id = sequence[t.position()];
        tokens.add(new PromptToken(t.position(), id, tokenText(id), t));
      }
      return tokens;
    }

    private GeneratedToken token(
        int index,
        int position,
        int id,
        String piece,
        double[] probs,
        float[] logits,
        MemoryTrace trace) {
      double[] model = Sampler.softmax(logits);
      List<TokenAlternative> alternatives = new ArrayList<>(ALTERNATIVES);
      for (int alt : Sampler.mostLikely(probs, logits, ALTERNATIVES)) {
        alternatives.add(new TokenAlternative(alt, tokenText(alt), probs[alt], model[alt]));
      }
      return new GeneratedToken(
          index, position, id, piece, probs[id], model[id], alternatives, trace);
    }
  }
}
