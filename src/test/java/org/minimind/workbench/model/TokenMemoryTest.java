package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.model.io.DType;

/** The token-based memory (experiment 1.4.6): its EMA write, sparse cache and compression. */
class TokenMemoryTest {
  /** Four unit-norm embeddings (V = 4, D = 4): each token's own logit is its largest. */
  static final float[] E = {
    1, 0, 0, 0, //
    0, 1, 0, 0, //
    0, 0, 1, 0, //
    0.6f, 0.8f, 0, 0
  };

  static ModelConfig config(double decay) {
    return new ModelConfig(4, 1, 2, 2, 4, 8, 0, 1e-5, 1e4, 4, 2, 1)
        .withMemoryVariant(MemoryVariant.TOKEN)
        .withTokenMemory(
            new TokenMemorySettings(2, decay, 1, TokenMemorySettings.KnowledgeRead.MEAN));
  }

  @Test
  void emaUpdateOfAHandComputedCase() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray emb = m.create(E, new Shape(4, 4));
      // slots: 0 = [0, 1], 1 = [0, 0], 2 = [3, 3], 3 = [2, 2]
      TokenMemory tm = TokenMemory.of(m, config(0.3), new int[] {0, 1, 0, 0, 3, 3, 2, 2});
      // One sequence, ids 3 1 3 1 2 1; positions 1, 3, 5 select slot 0, the others slot 3.
      // Windows of L = 2 ending there: slot 0 sees (3,1) (3,1) (2,1); slot 3 sees (-,3) (1,3)
      // (1,2).
      tm.record(new long[] {3, 1, 3, 1, 2, 1}, 1, 6, List.of(new long[] {3, 0, 3, 0, 3, 0}));
      TokenMemory.Update u = tm.update(emb);
      // slot 0, position 0: 0.3 E0 + 0.7 (2/3 E3 + 1/3 E2) = (.58, .373, .233, 0);
      //   logits (.58, .373, .233, .647): token 3.  position 1: 0.3 E1 + 0.7 E1 = E1: token 1.
      assertArrayEquals(new int[] {3, 1}, tm.slot(0));
      // slot 3, position 0: 0.3 E2 + 0.7 E1: logits (0, .7, .3, .56): token 1.
      //   position 1: 0.3 E2 + 0.7 (2/3 E3 + 1/3 E2) = (.28, .373, .533, 0): token 2.
      assertArrayEquals(new int[] {1, 2}, tm.slot(3));
      assertEquals(new TokenMemory.Update(2, 4, 2, 2), u);
      assertEquals(0, tm.cachedEntries(), "the cache empties at the interval's end");
    }
  }

  @Test
  void untouchedSlotsNeverChange() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray emb = m.create(E, new Shape(4, 4));
      int[] before = {0, 1, 0, 0, 3, 3, 2, 2};
      // decay 0: a touched position becomes exactly what was cached.
      TokenMemory tm = TokenMemory.of(m, config(0.0), before);
      tm.record(new long[] {2, 2, 2, 2}, 1, 4, List.of(new long[] {1, 1, 1, 1}));
      tm.update(emb);
      assertArrayEquals(new int[] {2, 2}, tm.slot(1), "slot 1 took what it read");
      assertArrayEquals(new int[] {0, 1}, tm.slot(0));
      assertArrayEquals(new int[] {3, 3}, tm.slot(2));
      assertArrayEquals(new int[] {2, 2}, tm.slot(3));
    }
  }

  @Test
  void aFeatureEqualToATokensEmbeddingCompressesToThatToken() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray emb = m.create(E, new Shape(4, 4));
      for (int token = 0; token < 4; token++) {
        // decay 1: the feature is the slot's own embedding, whatever was cached.
        TokenMemory keep =
            TokenMemory.of(m, config(1.0), new int[] {token, token, 0, 0, 0, 0, 0, 0});
        keep.record(
            new long[] {(token + 1) % 4, (token + 2) % 4}, 1, 2, List.of(new long[] {0, 0}));
        keep.update(emb);
        assertArrayEquals(new int[] {token, token}, keep.slot(0));
        // decay 0 with one cached token: the feature is that token's embedding.
        TokenMemory take = TokenMemory.of(m, config(0.0), new int[] {0, 0, 0, 0, 0, 0, 0, 0});
        take.record(new long[] {token, token}, 1, 2, List.of(new long[] {2, 2}));
        take.update(emb);
        assertEquals(token, take.slot(2)[1]);
      }
    }
  }

  @Test
  void bothReadsMatchADirectComputation() {
    for (TokenMemorySettings.KnowledgeRead read : TokenMemorySettings.KnowledgeRead.values()) {
      ModelConfig cfg =
          new ModelConfig(8, 1, 2, 1, 11, 8, 0, 1e-5, 1e4, 9, 4, 2)
              .withMemoryVariant(MemoryVariant.TOKEN)
              .withTokenMemory(new TokenMemorySettings(3, 0.9, 5, read));
      try (MemoryLM model = MemoryLM.initialize(cfg, Device.cpu(), 4);
          NDManager pass = NDManager.newBaseManager()) {
        float[] e = model.parameters().get(MemoryLM.EMBEDDING).toFloatArray(); // (11, 8)
        float[] w = model.parameters().get(MemoryLM.MEMORY_PROJ).toFloatArray(); // (4, 8 or 24)
        int slot = 5;
        int[] ids = model.tokenMemory().orElseThrow().slot(slot);
        NDArray got =
            model.readSlots(model.bind(pass, false), pass.create(new long[] {slot}, new Shape(1)));
        float[] v = got.toFloatArray();
        for (int q = 0; q < 4; q++) {
          double want = 0;
          for (int l = 0; l < 3; l++) {
            for (int d = 0; d < 8; d++) {
              double x = e[ids[l] * 8 + d];
              want +=
                  read == TokenMemorySettings.KnowledgeRead.MEAN
                      ? w[q * 8 + d] * x / 3
                      : w[q * 24 + l * 8 + d] * x;
            }
          }
          assertEquals(want, v[q], 1e-5, read + " q=" + q);
        }
      }
    }
  }

  @Test
  void checkpointsKeepTheTokenBank(@TempDir Path tmp) throws IOException {
    ModelConfig cfg =
        new ModelConfig(16, 1, 2, 1, 50, 8, 0, 1e-5, 1e4, 16, 4, 2)
            .withMemoryVariant(MemoryVariant.TOKEN);
    try (MemoryLM model = MemoryLM.initialize(cfg, Device.cpu(), 4)) {
      model
          .tokenMemory()
          .orElseThrow()
          .initializeFromWindows(new int[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 3);
      Checkpoint.save(model, tmp, DType.F32, Map.of());
      try (MemoryLM back = Checkpoint.load(tmp, Device.cpu())) {
        assertEquals(MemoryVariant.TOKEN, back.config().memoryVariant());
        assertArrayEquals(model.tokenMemory().get().ids(), back.tokenMemory().orElseThrow().ids());
        assertTrue(back.parameters().contains(MemoryLM.MEMORY_PROJ));
        assertTrue(!back.parameters().contains(MemoryLM.MEMORY_BANK), "no float bank, no gradient");
      }
    }
  }
}
