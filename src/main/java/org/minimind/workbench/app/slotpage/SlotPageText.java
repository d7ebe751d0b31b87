package org.minimind.workbench.app.slotpage;

import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import java.util.Locale;
import org.minimind.workbench.app.chart.Numbers;
import org.minimind.workbench.slots.LogitEffects;
import org.minimind.workbench.slots.SlotPage;
import org.minimind.workbench.slots.SlotReport;
import org.minimind.workbench.slots.TokenQuery;

/** The slot page's lines of text and its history series, from a {@link SlotPage}. */
final class SlotPageText {
  private SlotPageText() {}

  /** Fills {@code history} with the slot's count per snapshot (x: step). */
  static void history(SlotPage p, DoubleDataSet history) {
    List<SlotReport.CountPoint> counts = p.counts();
    double[] x = new double[counts.size()];
    double[] y = new double[counts.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = counts.get(i).step();
      y[i] = counts.get(i).count();
    }
    history.set(x, y);
  }

  /** "L2 change 0.0123 over the interval ending at step 3000", or why there is none. */
  static String drift(SlotPage p) {
    return p.drift()
        .map(
            d ->
                "latest L2 change "
                    + Numbers.readable(d.l2Change())
                    + " over the interval ending at step "
                    + d.step())
        .orElse("no memory drift recorded");
  }

  /** A token-memory slot's ids per checkpoint, one line each; empty for a continuous memory. */
  static String tokenIds(SlotPage p) {
    StringBuilder s = new StringBuilder();
    for (SlotReport.TokenIdsAt t : p.tokenIds()) {
      s.append(s.length() == 0 ? "" : "\n")
          .append(t.step() < 0 ? "checkpoint" : "step " + t.step())
          .append(": ")
          .append(java.util.Arrays.toString(t.ids()))
          .append(" '")
          .append(t.text())
          .append("'")
          .append(t.changed() ? " (changed)" : "");
    }
    return s.toString();
  }

  /**
   * An index's corpus name ("validation documents of /a/b/corpus (d496ca8dadde/12955)") with the
   * corpus's folder alone instead of its path, which differs from machine to machine.
   */
  static String corpusName(String name) {
    int of = name.indexOf(" of ");
    int paren = name.lastIndexOf(" (");
    if (of < 0 || paren < of) {
      return name;
    }
    String path = name.substring(of + 4, paren);
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return name.substring(0, of + 4) + path.substring(slash + 1) + name.substring(paren);
  }

  /** A mean change in probability: "+0.0123" or "-2.5e-4". */
  static String change(double meanDelta) {
    return (meanDelta > 0 ? "+" : "") + Numbers.readable(meanDelta, 3);
  }

  /** How the effects were computed, in one line. */
  static String effectsNote(LogitEffects.Result r) {
    return String.format(
        Locale.ROOT,
        "Mean change in next-token probability at the %d contexts that"
            + " selected this slot (%d select it again when run alone), with the slot removed from the"
            + " gate's candidates in layer %d.",
        r.contexts(),
        r.selecting(),
        r.layer());
  }

  /** What the reverse lookup ran on. */
  static String queryNote(String text, TokenQuery.Result r) {
    if (r.found() == 0) {
      return "'" + text + "' does not occur in the indexed text";
    }
    return String.format(
        Locale.ROOT,
        "'%s' (%d token%s): %,d occurrences in the indexed text, the"
            + " first %,d run; per layer the slots selected most at its last token",
        text,
        r.ids().length,
        r.ids().length == 1 ? "" : "s",
        r.found(),
        r.used());
  }
}
