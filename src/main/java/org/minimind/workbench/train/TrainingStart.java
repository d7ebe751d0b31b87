package org.minimind.workbench.train;

import org.minimind.workbench.model.ModelConfig;

/**
 * What a run starts with.
 *
 * @param config model shape
 * @param settings training settings
 * @param firstStep step the loop starts from (0, or the resumed step)
 * @param parameterCount scalars in the model
 * @param memoryBankCount scalars in the memory bank
 * @param device the device the model lives on
 */
public record TrainingStart(
    ModelConfig config,
    TrainSettings settings,
    long firstStep,
    long parameterCount,
    long memoryBankCount,
    String device) {}
