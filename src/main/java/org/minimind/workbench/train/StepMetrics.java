package org.minimind.workbench.train;

import java.util.List;
import java.util.Map;
import org.minimind.workbench.model.MemoryDrift;

/**
 * Everything recorded at a logged training step, as plain numbers: what {@code metrics.csv} holds
 * and what the dashboard plots. No tensor leaves the training loop.
 *
 * @param step 1-based count of optimizer steps taken
 * @param tokensSeen training tokens consumed so far
 * @param loss {@code ce + auxCoefficient * aux}, as the seed's training reports it
 * @param ce next-token cross entropy
 * @param aux the seed's balance loss summed over layers (no gradient)
 * @param lr learning rate used for this step
 * @param tokensPerSecond training throughput over the last logging interval
 * @param gradNorm total gradient norm before clipping
 * @param layers per-layer slot-usage stats of this step's batch
 * @param drift memory-bank drift over the last logging interval
 * @param groupGradNorms gradient norm per parameter group; {@code null} where no parameter of the
 *     group received a gradient (the seed's memory gate)
 * @param valLoss validation cross entropy when measured at this step, else NaN
 * @param elapsedSeconds wall time spent training, summed over the runs of a resumed run
 */
public record StepMetrics(
    long step,
    long tokensSeen,
    double loss,
    double ce,
    double aux,
    double lr,
    double tokensPerSecond,
    double gradNorm,
    List<LayerStats> layers,
    MemoryDrift drift,
    Map<ParameterGroup, Double> groupGradNorms,
    double valLoss,
    double elapsedSeconds) {}
