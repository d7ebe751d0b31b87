/**
 * Checkpoint file I/O: reading and writing model weights as plain tensors, without a tensor engine.
 *
 * <ul>
 *   <li>{@link org.minimind.workbench.model.io.SafeTensors} reads and atomically writes the {@code
 *       .safetensors} format, validating every header field against the file.
 *   <li>{@link org.minimind.workbench.model.io.PthReader} reads {@code torch.save(state_dict)} zip
 *       checkpoints written by the original PyTorch code.
 *   <li>{@link org.minimind.workbench.model.io.StateDictCheck} checks a loaded state dict against
 *       the layout a model expects (names, shapes, dtypes, tied weights, finite values).
 * </ul>
 *
 * <p>Tensors are {@link org.minimind.workbench.model.io.TensorData}: a name, a {@link
 * org.minimind.workbench.model.io.DType}, a shape and little-endian bytes. Every problem with a
 * file is reported as a {@link org.minimind.workbench.model.io.CheckpointException} naming the
 * file, the tensor and what was expected. Nothing in this package depends on DJL or native code.
 */
package org.minimind.workbench.model.io;
