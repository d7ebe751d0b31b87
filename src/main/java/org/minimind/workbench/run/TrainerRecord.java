package org.minimind.workbench.run;

import java.util.Map;
import org.minimind.workbench.train.TrainSettings;

/**
 * What a checkpoint records about the loop besides the weights: the counters, the data position,
 * the settings and each parameter's optimizer step count; enough to resume the run exactly where
 * the checkpoint was taken.
 *
 * @param step the training step the checkpoint was saved at
 * @param tokensSeen tokens trained on so far
 * @param bestValLoss the lowest validation loss so far (NaN before the first evaluation)
 * @param valLoss the latest validation loss (NaN before the first evaluation)
 * @param dataPosition the batch sampler's position, as its own text
 * @param settings the run's training settings
 * @param optimizerSteps AdamW's step count per parameter name
 * @param elapsedSeconds training wall time so far, counted on across resumes (0 in records written
 *     before it was kept)
 */
public record TrainerRecord(
    long step,
    long tokensSeen,
    double bestValLoss,
    double valLoss,
    String dataPosition,
    TrainSettings settings,
    Map<String, Long> optimizerSteps,
    double elapsedSeconds) {}
