package org.minimind.workbench.data.tokenizer;

/**
 * A progress report from {@link BpeTrainer}.
 *
 * @param stage what the trainer is doing
 * @param done units finished in this stage (texts, words or merges)
 * @param total units in this stage, or -1 when unknown (while texts are still being read)
 */
public record TrainingProgress(Stage stage, long done, long total) {

  /** The trainer's stages, in order. */
  public enum Stage {
    /** Pre-tokenizing the texts and counting distinct words; {@code done} counts texts. */
    COUNT_WORDS,
    /** Counting adjacent symbol pairs; {@code done} counts distinct words. */
    COUNT_PAIRS,
    /** Learning merges; {@code done} counts merges, {@code total} the most that fit the vocab. */
    MERGE,
    /** Finished; {@code done} and {@code total} give the final vocabulary size. */
    DONE
  }

  /** Fraction done in [0, 1], or -1 when the total is unknown. */
  public double fraction() {
    if (total <= 0) {
      return total == 0 ? 1.0 : -1.0;
    }
    return Math.min(1.0, (double) done / total);
  }
}
