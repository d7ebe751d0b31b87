package org.minimind.workbench.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.ModelConfig;

/**
 * Streaming, stopping and cancelling, driven token by token: a scripted stepper makes the wanted id
 * the only likely one at each step, so the generated ids are exactly the script.
 */
class StreamingTest {
  static ModelConfig config; // seed-tiny's: vocab 512, max_seq_len 64
  static BpeTokenizer tokenizer;

  @BeforeAll
  static void setUp() throws IOException {
    config = Checkpoint.readConfig(Fixtures.dir("seed-tiny"));
    tokenizer = GenerationFixtures.tokenizer(config.vocabSize());
  }

  /** Logits that put the script's next id far ahead of every other. */
  static final class Scripted implements Stepper {
    final int[] script;
    int calls;

    Scripted(int[] script) {
      this.script = script;
    }

    @Override
    public Output run(int[] sequence, int windowStart, int end, boolean allTraces) {
      float[] logits = new float[config.vocabSize()];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = -i * 1e-3f; // distinct, so alternatives have an order
      }
      logits[script[calls++]] = 50;
      int from = allTraces ? windowStart : end - 1;
      List<MemoryTrace> traces =
          IntStream.range(from, end).mapToObj(p -> new MemoryTrace(p, List.of())).toList();
      return new Output(logits, traces);
    }

    @Override
    public void close() {}
  }

  static Generator scripted(int[] script) {
    return new Generator(null, config, tokenizer, s -> new Scripted(script));
  }

  static GenerationSettings settings(int maxNew) {
    return GenerationSettings.defaults()
        .withSampling(SamplingSettings.greedy())
        .withMaxNewTokens(maxNew)
        .withEosId(BpeTokenizer.EOS_ID);
  }

  /** Collects the pieces. */
  static final class Pieces implements GenerationListener {
    final List<GeneratedToken> tokens = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    @Override
    public void onToken(GeneratedToken token) {
      tokens.add(token);
      text.append(token.piece());
    }
  }

  static final String TEXT = "床前明月光，疑是地上霜。Emma smiled; “quoted” — 宮詞 done.";

  @Test
  void piecesConcatenateToTheTextEvenWhenACharacterSpansTokens() {
    int[] ids = tokenizer.encode(TEXT);
    Pieces pieces = new Pieces();
    GenerationResult r = scripted(ids).generate(new int[] {1}, settings(ids.length), pieces);
    assertEquals(StopReason.MAX_NEW_TOKENS, r.stopReason());
    assertEquals(TEXT, pieces.text.toString());
    assertEquals(TEXT, r.text());
    assertEquals("", r.tail());
    assertEquals(tokenizer.decode(r.ids(), true), r.text());
    // The 512-id vocabulary splits some characters over tokens: those tokens show nothing yet.
    long empty = pieces.tokens.stream().filter(t -> t.piece().isEmpty()).count();
    assertTrue(empty > 0, "no character was split across tokens; the test needs one");
    assertTrue(pieces.tokens.stream().noneMatch(t -> t.piece().contains("\uFFFD")));
    for (GeneratedToken t : pieces.tokens) {
      assertEquals(1.0, t.probability(), "greedy");
      assertEquals(5, t.alternatives().size());
      assertEquals(t.id(), t.alternatives().get(0).id());
      assertEquals(0.0, t.alternatives().get(1).probability());
      assertTrue(t.alternatives().get(1).modelProbability() > 0);
    }
  }

  @Test
  void piecesOfARealGenerationConcatenateToItsText() {
    // A hot sampler over seed-tiny's 512 ids draws many lone byte tokens: broken and split
    // characters alike.
    try (org.minimind.workbench.model.MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      Generator g = new Generator(model, tokenizer);
      Pieces pieces = new Pieces();
      GenerationResult r =
          g.generate(
              "床前明月光",
              GenerationSettings.defaults()
                  .withSampling(SamplingSettings.defaults().withTemperature(1.5).withTopP(1))
                  .withMaxNewTokens(120)
                  .withEosId(-1)
                  .withContextPolicy(ContextPolicy.SLIDE),
              pieces);
      assertEquals(120, r.generatedTokens());
      assertEquals(r.text(), pieces.text + r.tail());
      assertEquals(tokenizer.decode(r.ids(), true), r.text());
      assertTrue(pieces.tokens.stream().anyMatch(t -> t.piece().isEmpty()));
      assertEquals(BpeTokenizer.BOS_ID, r.promptIds()[0]);
    }
  }

  @Test
  void anUnfinishedCharacterAtTheEndIsTheTail() {
    String ch =
        TEXT.codePoints()
            .mapToObj(Character::toString)
            .filter(c -> tokenizer.encode(c).length > 1)
            .findFirst()
            .orElseThrow(() -> new AssertionError("every character is one token"));
    int[] ids = tokenizer.encode(ch);
    Pieces pieces = new Pieces();
    GenerationResult r = scripted(ids).generate(new int[] {1}, settings(1), pieces);
    assertEquals("", pieces.text.toString());
    assertEquals("\uFFFD", r.tail());
    assertEquals(pieces.text + r.tail(), r.text());
    assertEquals(tokenizer.decode(r.ids(), true), r.text());
  }

  @Test
  void theEndTokenStopsAndShowsNoText() {
    int[] hello = tokenizer.encode("Hello there");
    int[] script = IntStream.concat(IntStream.of(hello), IntStream.of(2, 100, 101)).toArray();
    Pieces pieces = new Pieces();
    GenerationResult r = scripted(script).generate(new int[] {1}, settings(50), pieces);
    assertEquals(StopReason.EOS, r.stopReason());
    assertEquals(hello.length + 1, r.generatedTokens());
    assertEquals(2, r.ids()[r.ids().length - 1]);
    assertEquals("Hello there", r.text());
    assertEquals("", pieces.tokens.get(pieces.tokens.size() - 1).piece());
  }

  @Test
  void aStopStringEndsTheTextThatContainsIt() {
    int[] script = tokenizer.encode("Hello world. Goodbye now.");
    GenerationResult r =
        scripted(script)
            .generate(
                new int[] {1},
                settings(50).withStopStrings(List.of("xyz", "ld.")),
                GenerationListener.NONE);
    assertEquals(StopReason.STOP_STRING, r.stopReason());
    assertEquals("ld.", r.stopString());
    assertTrue(r.text().startsWith("Hello world."), r.text());
    assertFalse(r.text().contains("Goodbye"), r.text());
    assertEquals("Hello wor", r.textBeforeStop());
    GenerationResult none =
        scripted(script)
            .generate(
                new int[] {1},
                settings(script.length).withStopStrings(List.of("xyz")),
                GenerationListener.NONE);
    assertEquals(StopReason.MAX_NEW_TOKENS, none.stopReason());
    assertNull(none.stopString());
  }

  @Test
  void cancelFromAnotherThreadStopsBeforeTheNextToken() throws Exception {
    int[] script = IntStream.range(0, 60).map(i -> 10 + i).toArray();
    CountDownLatch third = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    GenerationListener listener =
        token -> {
          if (token.index() == 2) {
            third.countDown();
            try {
              cancelled.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    GenerationHandle h = scripted(script).start(new int[] {1}, settings(60), listener);
    assertTrue(third.await(10, TimeUnit.SECONDS));
    h.cancel();
    cancelled.countDown();
    GenerationResult r = h.result().get(10, TimeUnit.SECONDS);
    assertEquals(StopReason.CANCELLED, r.stopReason());
    assertEquals(3, r.generatedTokens());
    assertTrue(h.isCancelRequested());
  }

  @Test
  void badArgumentsAreRejectedUpFront() {
    Generator g = scripted(new int[] {5});
    assertThrows(
        IllegalArgumentException.class,
        () -> g.generate(new int[0], settings(1), GenerationListener.NONE));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> g.generate(new int[] {1, 512}, settings(1), GenerationListener.NONE));
    assertEquals("prompt id 512 at 1 is outside the vocabulary [0, 512)", e.getMessage());
    Generator idsOnly = new Generator(null, config, null, s -> new Scripted(new int[] {5}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            idsOnly.generate(
                new int[] {1}, settings(1).withStopStrings(List.of("x")), GenerationListener.NONE));
  }

  @Test
  void aTextPromptStartsWithTheBeginToken() {
    int[] ids = scripted(new int[0]).encode("Hello", true);
    assertEquals(BpeTokenizer.BOS_ID, ids[0]);
    assertEquals(tokenizer.encode("Hello").length + 1, ids.length);
  }
}
