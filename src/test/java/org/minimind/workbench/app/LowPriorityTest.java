package org.minimind.workbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LowPriorityTest {
  @BeforeEach
  void linuxOnly() {
    assumeTrue(
        Files.isSymbolicLink(Path.of("/proc/thread-self")), "per-thread nice values are Linux's");
  }

  @Test
  void lowersOnlyTheCallingThread() throws Exception {
    OptionalInt before = LowPriority.currentNice();
    assertTrue(before.isPresent());
    AtomicReference<Boolean> result = new AtomicReference<>();
    AtomicReference<OptionalInt> lowered = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              result.set(LowPriority.lowerCurrentThread());
              lowered.set(LowPriority.currentNice());
            });
    t.start();
    t.join();
    assertTrue(result.get(), "renice failed");
    assertEquals(OptionalInt.of(LowPriority.NICE), lowered.get());
    assertEquals(before, LowPriority.currentNice(), "the test's own thread was lowered too");
  }

  /** PyTorch's compute threads started for a lowered thread run at its priority too. */
  @Test
  void pytorchComputeThreadsOfALoweredThreadAreLowered() throws Exception {
    Engine.getEngine("PyTorch");
    assumeTrue(JniUtils.getNumThreads() > 1, "PyTorch computes on one thread here");
    List<Integer> before = threadsAtNice(LowPriority.NICE);
    AtomicReference<List<Integer>> during = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              LowPriority.lowerCurrentThread();
              try (NDManager m = NDManager.newBaseManager()) {
                NDArray a = m.randomNormal(new Shape(512, 512));
                for (int i = 0; i < 10; i++) {
                  a = a.matMul(a).tanh();
                }
                a.toFloatArray();
                during.set(threadsAtNice(LowPriority.NICE));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            "lowered-matmul");
    t.start();
    t.join();
    List<Integer> lowered = new ArrayList<>(during.get());
    lowered.removeAll(before);
    // the lowered thread itself and at least one compute thread it started
    assertTrue(lowered.size() >= 2, "threads at nice " + LowPriority.NICE + ": " + lowered);
  }

  private static List<Integer> threadsAtNice(int nice) throws IOException {
    return ProcessThreads.now().stream()
        .filter(t -> t.nice().equals(OptionalInt.of(nice)))
        .map(ProcessThreads.Task::id)
        .toList();
  }
}
