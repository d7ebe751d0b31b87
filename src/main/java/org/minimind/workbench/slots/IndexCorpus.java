package org.minimind.workbench.slots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.minimind.workbench.data.Corpus;
import org.minimind.workbench.data.CorpusFingerprint;
import org.minimind.workbench.data.PackedCorpus;
import org.minimind.workbench.data.SequencePacker;
import org.minimind.workbench.data.SplitConfig;
import org.minimind.workbench.data.TokenStream;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.run.RunDirectory;

/**
 * The token stream a slot index is built over: a corpus encoded and packed as training packs it
 * ({@code <s> document </s>} per document, see {@link SequencePacker}), one part of its split, cut
 * to at most the tokens asked for.
 *
 * @param name what was read, for the index's header and the user
 * @param tokens the ids, in corpus order
 * @param documentStarts positions of each document's {@code <s>} in {@code tokens}, ascending
 * @param available tokens the part had before the cut
 */
public record IndexCorpus(String name, int[] tokens, int[] documentStarts, long available) {

  /** Which documents of the corpus are read. */
  public enum Part {
    /**
     * The held-out documents first, then the training documents until the token budget is reached
     * (the default: text the model was not fit to comes first, and a small corpus's held-out part
     * alone is too short to show most slots more than once).
     */
    VALIDATION_THEN_TRAIN,
    /** The held-out documents, as the run split them. */
    VALIDATION,
    /** The documents the model was trained on. */
    TRAIN,
    /** Every document. */
    ALL;

    /**
     * The part named on the command line ({@code validation-then-train}, {@code validation}, {@code
     * train}, {@code all}).
     */
    public static Part parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "split must be validation-then-train, validation, train or all, not '" + s + "'");
      }
    }

    /** How the index's header names it: "validation then train", "validation", ... */
    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  public IndexCorpus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(documentStarts, "documentStarts");
    if (tokens.length == 0) {
      throw new IllegalArgumentException(name + ": no tokens to index (an empty corpus or split)");
    }
  }

  /** A given token stream (no document boundaries known). */
  public static IndexCorpus of(String name, int[] tokens) {
    return new IndexCorpus(name, tokens, new int[0], tokens.length);
  }

  /** Whether fewer tokens were indexed than the part holds. */
  public boolean cut() {
    return tokens.length < available;
  }

  /**
   * One part of the corpus a run was trained on, split as the run split it (its manifest's
   * validation fraction and seed).
   *
   * @param runDir the run (a directory with {@code run.json}, see {@link RunDirectory#runOf})
   * @param corpus the corpus to read instead of the recorded one, or null for the recorded one,
   *     which must still have the fingerprint the run recorded
   */
  public static IndexCorpus ofRun(
      Path runDir, Path corpus, BpeTokenizer tokenizer, Part part, long maxTokens)
      throws IOException {
    RunDirectory.CorpusRecord record = RunDirectory.readCorpusRecord(runDir);
    Path path = corpus != null ? corpus : record.path();
    if (!Files.exists(path)) {
      throw new IOException(path + ": the run's corpus is not there (moved?); pass --corpus");
    }
    SplitConfig split = new SplitConfig(record.validationFraction(), record.seed());
    return read(path, tokenizer, part, split, maxTokens, corpus == null ? record.sha256() : null);
  }

  /** One part of a corpus, split by {@code split}. */
  public static IndexCorpus read(
      Path corpus, BpeTokenizer tokenizer, Part part, SplitConfig split, long maxTokens)
      throws IOException {
    return read(corpus, tokenizer, part, split, maxTokens, null);
  }

  private static IndexCorpus read(
      Path path,
      BpeTokenizer tokenizer,
      Part part,
      SplitConfig split,
      long maxTokens,
      String expectedSha256)
      throws IOException {
    Corpus corpus = Corpus.open(path);
    SequencePacker packer =
        new SequencePacker(tokenizer::encode, BpeTokenizer.BOS_ID, BpeTokenizer.EOS_ID);
    List<TokenStream> streams; // read one after the other
    CorpusFingerprint fingerprint;
    if (part == Part.ALL) {
      streams = List.of(packer.packToArray(corpus));
      fingerprint = corpus.fingerprint();
    } else {
      PackedCorpus packed = PackedCorpus.build(corpus, split, packer, 1);
      TokenStream validation = packed.validation().tokens();
      TokenStream train = packed.train().tokens();
      streams =
          switch (part) {
            case VALIDATION_THEN_TRAIN -> List.of(validation, train);
            case VALIDATION -> List.of(validation);
            default -> List.of(train);
          };
      fingerprint = packed.fingerprint();
    }
    if (expectedSha256 != null && !fingerprint.sha256().equals(expectedSha256)) {
      throw new IOException(
          path
              + ": not the corpus the run was trained on (fingerprint "
              + fingerprint.sha256()
              + ", the run recorded "
              + expectedSha256
              + "); pass --corpus to index it anyway");
    }
    String sha = fingerprint.shortId();
    long available = 0;
    for (TokenStream stream : streams) {
      available += stream.size();
    }
    int n = (int) Math.min(Math.min(available, maxTokens), Integer.MAX_VALUE - 8);
    int[] tokens = new int[n];
    int filled = 0;
    for (TokenStream stream : streams) {
      int take = (int) Math.min(stream.size(), n - filled);
      stream.copy(0, tokens, filled, take);
      filled += take;
    }
    String name =
        part.label() + " documents of " + path.toAbsolutePath().normalize() + " (" + sha + ")";
    return new IndexCorpus(name, tokens, starts(tokens), available);
  }

  private static int[] starts(int[] tokens) {
    int[] out = new int[16];
    int n = 0;
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == BpeTokenizer.BOS_ID) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
