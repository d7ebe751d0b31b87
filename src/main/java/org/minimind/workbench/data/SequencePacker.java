package org.minimind.workbench.data;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns documents into one token stream, {@code <s> doc </s> <s> doc </s> ...}, for {@link
 * PackedSequences} to cut into training sequences.
 *
 * <p>Packing instead of padding wastes no compute on pad tokens; the {@code </s>} and {@code <s>}
 * at every boundary tell the model where one document ends and the next, unrelated one begins. The
 * encoder is any function from text to token ids that adds no special tokens itself (the tokenizer
 * module's encode method fits), so this class does not depend on a tokenizer.
 */
public final class SequencePacker {

  private final Function<String, int[]> encoder;
  private final int bosId;
  private final int eosId;

  /**
   * @param encoder text to token ids, without {@code <s>}/{@code </s>}; must not return null
   * @param bosId id of {@code <s>}, written before each document
   * @param eosId id of {@code </s>}, written after each document
   */
  public SequencePacker(Function<String, int[]> encoder, int bosId, int eosId) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    if (bosId < 0) {
      throw new IllegalArgumentException("bosId (" + bosId + ") must be >= 0");
    }
    if (eosId < 0) {
      throw new IllegalArgumentException("eosId (" + eosId + ") must be >= 0");
    }
    this.bosId = bosId;
    this.eosId = eosId;
  }

  public int bosId() {
    return bosId;
  }

  public int eosId() {
    return eosId;
  }

  /**
   * The tokens of one document as packed: {@code bosId}, the encoding of {@code text}, {@code
   * eosId}.
   *
   * @throws IllegalArgumentException when the encoder returns null or a negative id
   */
  public int[] encodeDocument(String text) {
    int[] body = encoder.apply(text);
    if (body == null) {
      throw new IllegalArgumentException(
          "encoder returned null for a text of " + text.length() + " characters");
    }
    int[] out = new int[body.length + 2];
    out[0] = bosId;
    for (int i = 0; i < body.length; i++) {
      if (body[i] < 0) {
        throw new IllegalArgumentException(
            "encoder returned token id " + body[i] + " at position " + i + " (ids must be >= 0)");
      }
      out[i + 1] = body[i];
    }
    out[out.length - 1] = eosId;
    return out;
  }

  /** Appends one document, wrapped in {@code <s>}/{@code </s>}, to {@code sink}. */
  public void append(Document document, TokenSink sink) throws IOException {
    int[] tokens;
    try {
      tokens = encodeDocument(document.text());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(document.where() + ": " + e.getMessage(), e);
    }
    sink.write(tokens, 0, tokens.length);
  }

  /**
   * Packs the documents of {@code source} that {@code include} accepts into {@code sink}, in source
   * order.
   *
   * @return the number of documents packed
   */
  public long pack(DocumentSource source, Predicate<Document> include, TokenSink sink)
      throws IOException {
    long[] count = {0};
    source.forEach(
        d -> {
          if (include.test(d)) {
            append(d, sink);
            count[0]++;
          }
        });
    return count[0];
  }

  /** Packs every document of {@code source} into memory. */
  public IntArrayTokenStream packToArray(DocumentSource source) throws IOException {
    IntArrayTokenStream.Builder b = new IntArrayTokenStream.Builder();
    pack(source, d -> true, b);
    return b.build();
  }
}
