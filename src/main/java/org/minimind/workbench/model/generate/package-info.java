/**
 * Text generation with the memory language model: the seed's {@code MiniMindLM.generate} / {@code
 * _stream} (model_memory_1_4_4.py), with a key/value cache, streaming and the memory trace of every
 * token.
 *
 * <ul>
 *   <li>{@link org.minimind.workbench.model.generate.SamplingSettings} and {@link
 *       org.minimind.workbench.model.generate.Sampler}: one sampling step exactly as the seed takes
 *       it (repetition penalty, temperature, top-p), plus top-k, min-p, greedy decoding and a
 *       seeded draw on the host.
 *   <li>{@link org.minimind.workbench.model.generate.GenerationSettings}: how many tokens, when to
 *       stop, what to do at the context limit ({@link
 *       org.minimind.workbench.model.generate.ContextPolicy}), cached or not.
 *   <li>{@link org.minimind.workbench.model.generate.Generator}: runs a generation, synchronously
 *       or on its own thread ({@link org.minimind.workbench.model.generate.GenerationHandle},
 *       cancellable), reporting each token to a {@link
 *       org.minimind.workbench.model.generate.GenerationListener} as it is produced; or traces a
 *       sequence in one pass ({@link org.minimind.workbench.model.generate.Generator#trace}).
 *   <li>{@link org.minimind.workbench.model.generate.MemoryTrace} (per position: per layer the k
 *       slots read, best first, with their scores, as {@link
 *       org.minimind.workbench.model.generate.SlotSelection}s) and {@link
 *       org.minimind.workbench.model.generate.SlotTrace} (a sequence's tokens with theirs): the one
 *       record of slot reads; {@link org.minimind.workbench.model.generate.TokenText}: a token on
 *       its own as text.
 * </ul>
 *
 * <p>The seed recomputes the whole sequence for every new token. Here the prompt is run once and
 * each new token costs one position per layer (one memory lookup per layer), reading earlier
 * positions' keys and values from a {@link org.minimind.workbench.model.KvCache}; the uncached path
 * is kept for tests and benchmarks, and the two agree. Headless: nothing here knows of JavaFX.
 */
package org.minimind.workbench.model.generate;
