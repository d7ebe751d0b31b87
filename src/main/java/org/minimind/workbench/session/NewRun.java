package org.minimind.workbench.session;

import ai.djl.Device;
import java.nio.file.Path;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.train.TrainSettings;

/**
 * What a new training run is made of.
 *
 * @param out the run directory to create
 * @param corpus a corpus file or folder
 * @param tokenizer the tokenizer.json to encode with (its vocabulary replaces the config's)
 * @param config model shape
 * @param presetName the preset the shape came from, for the manifest
 * @param settings training settings
 * @param saveDtype precision of saved weights
 * @param validationFraction share of documents held out
 * @param device where to train
 */
public record NewRun(
    Path out,
    Path corpus,
    Path tokenizer,
    ModelConfig config,
    String presetName,
    TrainSettings settings,
    DType saveDtype,
    double validationFraction,
    Device device) {}
