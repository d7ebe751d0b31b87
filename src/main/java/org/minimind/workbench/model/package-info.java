/**
 * The memory language model: the seed's {@code model_memory_1_4_4.py} on DJL's PyTorch engine.
 *
 * <p>{@link org.minimind.workbench.model.ModelConfig} (the seed's {@code LMConfig}), {@link
 * org.minimind.workbench.model.MemoryLM} with its blocks (attention, product-key {@code
 * MemoryGate}, {@code GatedMemoryFusion}), the seed's slot statistics ({@link
 * org.minimind.workbench.model.SlotUsage}, {@link org.minimind.workbench.model.MemoryUsage}) and
 * memory drift ({@link org.minimind.workbench.model.MemoryDrift}), checkpoints in the seed's
 * formats ({@link org.minimind.workbench.model.Checkpoint}, file formats in {@code model.io}).
 * Headless: nothing here knows of JavaFX.
 *
 * <p>The Java classes hold the structure (parameters, blocks, the memory read, the key/value
 * cache); the tensor functions are the seed's own torch operations in TorchScript, run by {@link
 * org.minimind.workbench.model.Kernels}. {@link org.minimind.workbench.model.EngineSetup} prepares
 * the process before the engine loads (an installed PyTorch, the allocators).
 */
package org.minimind.workbench.model;
