package org.minimind.workbench.app.generation;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.minimind.workbench.slots.InterventionComparison.Result;
import org.minimind.workbench.slots.InterventionComparison.TokenChange;

/**
 * How the generation view words and colours a comparison of a generation with and without an
 * intervention ({@link org.minimind.workbench.slots.InterventionComparison}): the summary line, one
 * token's probability change, the largest changes, and the tint that marks a token whose
 * probability the intervention raised (green) or lowered (red).
 */
public final class ComparisonText {
  /** How many of the largest changes the list shows. */
  public static final int LISTED = 8;

  private ComparisonText() {}

  /** "parted at token 2 (' Emma' / ' Miss')" or "identical for all 24 tokens". */
  public static String summary(Result r, List<String> baseline, List<String> intervened) {
    int at = r.firstDifference();
    if (at < 0) {
      return "identical for all " + r.baseline().generatedTokens() + " tokens";
    }
    return String.format(
        Locale.ROOT,
        "parted at token %d (baseline %s, intervened %s); %d and %d tokens",
        at,
        quoted(baseline, at),
        quoted(intervened, at),
        r.baseline().generatedTokens(),
        r.intervened().generatedTokens());
  }

  private static String quoted(List<String> pieces, int at) {
    return at < pieces.size() ? "'" + GenerationViewModel.visible(pieces.get(at)) + "'" : "its end";
  }

  /** "token 3 ' the': p 0.4120 -> 0.0710 (-0.3410)", baseline then intervened. */
  public static String describe(TokenChange c, String label) {
    return String.format(
        Locale.ROOT,
        "token %d '%s': p %.4f -> %.4f (%+.4f)",
        c.index(),
        label,
        c.baseline(),
        c.intervened(),
        c.delta());
  }

  /**
   * The hovered token's change (if not null), then the {@link #LISTED} largest changes, then every
   * token's, one a line; {@code labels} are the tokens as shown.
   */
  public static String changes(
      List<TokenChange> changes, List<String> labels, TokenChange hovered) {
    StringBuilder sb = new StringBuilder();
    if (hovered != null) {
      sb.append(describe(hovered, label(labels, hovered.index()))).append("\n\n");
    }
    sb.append("probability of the intervened tokens, baseline -> intervened; largest changes:");
    for (TokenChange c : largest(changes)) {
      sb.append("\n  ").append(describe(c, label(labels, c.index())));
    }
    sb.append("\n\nevery token:");
    for (TokenChange c : changes) {
      sb.append("\n  ").append(describe(c, label(labels, c.index())));
    }
    return sb.toString();
  }

  private static String label(List<String> labels, int i) {
    return i < labels.size() ? labels.get(i) : "";
  }

  /** The changes of largest size first, at most {@link #LISTED}. */
  public static List<TokenChange> largest(List<TokenChange> changes) {
    return changes.stream()
        .sorted(
            Comparator.comparingDouble((TokenChange c) -> -Math.abs(c.delta()))
                .thenComparingInt(TokenChange::index))
        .limit(LISTED)
        .toList();
  }

  /**
   * A translucent background for a token whose probability went from {@code baseline} to {@code
   * intervened}: green when it rose, red when it fell, opaque in proportion to the log ratio (a
   * factor of 10 or more is the strongest); transparent when unchanged. Translucent, so the light
   * and dark themes both keep their text readable.
   */
  public static String tint(double baseline, double intervened) {
    double ratio = Math.log10(Math.max(intervened, 1e-12) / Math.max(baseline, 1e-12));
    double alpha = Math.min(1, Math.abs(ratio)) * 0.55;
    String rgb = ratio >= 0 ? "46, 160, 67" : "229, 57, 53";
    return String.format(Locale.ROOT, "rgba(%s, %.3f)", rgb, alpha);
  }
}
