package org.minimind.workbench.app.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.minimind.workbench.app.Drainable;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.Readouts;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.slots.PromptAnalysis;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.app.slots.SlotGridModel;
import org.minimind.workbench.app.slots.SlotHighlight;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.generate.GeneratedToken;
import org.minimind.workbench.model.generate.GenerationListener;
import org.minimind.workbench.model.generate.GenerationResult;
import org.minimind.workbench.model.generate.GenerationSettings;
import org.minimind.workbench.model.generate.Generator;
import org.minimind.workbench.model.generate.SamplingSettings;
import org.minimind.workbench.slots.InterventionComparison;

/**
 * Live generation with the open model: the {@link Generator} runs on a worker thread under the
 * model's read lock; its listener only queues each token, and the UI drains the queue on the pump's
 * beat. Hovering a token describes it (probability, top-5 alternatives, the slots read to predict
 * it) and highlights those slots on every heatmap; one layer's grid here counts the slots the whole
 * generation read.
 *
 * <p>With an {@link InterventionForm intervention} set, Generate instead runs the same generation
 * twice from the same seed, without and with it ({@link InterventionComparison}), and shows both
 * texts, where they part and how the intervention changed each token's probability.
 */
public final class GenerationViewModel implements Drainable {
  /** The prompt offered when a model with a tokenizer opens. */
  public static final String DEFAULT_PROMPT = "The memory";

  private final WorkbenchState state;
  private final SlotFocus focus;
  private final TaskExecutor executor;
  private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
  private final DoubleProperty temperature =
      new SimpleDoubleProperty(this, "temperature", SamplingSettings.DEFAULT_TEMPERATURE);
  private final DoubleProperty topP =
      new SimpleDoubleProperty(this, "topP", SamplingSettings.DEFAULT_TOP_P);
  private final IntegerProperty topK = new SimpleIntegerProperty(this, "topK", 0);
  private final DoubleProperty repetitionPenalty =
      new SimpleDoubleProperty(
          this, "repetitionPenalty", SamplingSettings.DEFAULT_REPETITION_PENALTY);
  private final IntegerProperty maxTokens = new SimpleIntegerProperty(this, "maxTokens", 64);
  private final StringProperty seed =
      new SimpleStringProperty(this, "seed", Long.toString(SamplingSettings.DEFAULT_SEED));
  private final IntegerProperty gridLayer = new SimpleIntegerProperty(this, "gridLayer", 0);
  private final ObservableList<GeneratedToken> tokens = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
  private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper(this, "speed", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
  private final ReadOnlyStringWrapper shownPrompt =
      new ReadOnlyStringWrapper(this, "shownPrompt", "");
  private final ReadOnlyIntegerWrapper hovered = new ReadOnlyIntegerWrapper(this, "hovered", -1);
  private final SlotGridModel grid = new SlotGridModel();
  private final Queue<GeneratedToken> pending = new ConcurrentLinkedQueue<>();
  private final InterventionForm intervention = new InterventionForm();
  private final ReadOnlyObjectWrapper<InterventionComparison.Result> comparison =
      new ReadOnlyObjectWrapper<>(this, "comparison");
  private AtomicBoolean cancel = new AtomicBoolean();
  private long started;
  private boolean noTokenizer;

  public GenerationViewModel(WorkbenchState state, SlotFocus focus, TaskExecutor executor) {
    this.state = state;
    this.focus = focus;
    this.executor = executor;
    gridLayer.addListener((o, a, b) -> redrawGrid());
    focus.reportChoices(grid);
    state
        .modelProperty()
        .addListener(
            (o, a, b) -> {
              stop();
              tokens.clear();
              text.set("");
              speed.set("");
              details.set("");
              comparison.set(null);
              intervention.checkAgainst(b == null ? null : b.config());
              noTokenizer = b != null && b.tokenizer() == null;
              if (b != null) {
                prompt.set(noTokenizer ? "1 2 3" : DEFAULT_PROMPT);
              }
            });
  }

  /**
   * Generates from {@link #promptProperty()} with the current settings (in the background): with an
   * intervention set, with and without it ({@link #comparisonProperty()}).
   */
  public void generate() {
    LoadedModel model = state.model();
    if (model == null) {
      status.set("open a checkpoint first");
      return;
    }
    if (running.get()) {
      return;
    }
    GenerationSettings settings;
    int[] ids;
    try {
      long s = Long.parseLong(seed.get().trim());
      settings =
          GenerationSettings.defaults()
              .withMaxNewTokens(maxTokens.get())
              .withSampling(
                  new SamplingSettings(
                      temperature.get(), topP.get(), topK.get(), 0, repetitionPenalty.get(), s));
      ids =
          model.tokenizer() == null
              ? PromptAnalysis.tokenize(null, prompt.get(), model.config().vocabSize())
              : null;
    } catch (NumberFormatException e) {
      status.set("the seed must be a whole number, got '" + seed.get() + "'");
      return;
    } catch (IllegalArgumentException e) {
      status.set(e.getMessage());
      return;
    }
    Intervention change;
    try {
      change = intervention.intervention();
    } catch (IllegalArgumentException e) {
      status.set(e.getMessage());
      return;
    }
    String promptText = prompt.get();
    AtomicBoolean flag = new AtomicBoolean();
    cancel = flag;
    comparison.set(null);
    if (!change.isEmpty()) {
      compare(model, settings, ids, promptText, change, flag);
      return;
    }
    begin(promptText, "generating");
    started = System.nanoTime();
    GenerationListener listener = pending::add;
    executor.execute(
        "generate",
        () ->
            model.use(
                m -> {
                  Generator g =
                      model.tokenizer() == null
                          ? new Generator(m)
                          : new Generator(m, model.tokenizer());
                  int[] promptIds = ids != null ? ids : g.encode(promptText, settings.prependBos());
                  return g.generate(promptIds, settings, listener, flag);
                }),
        result -> {
          drain();
          running.set(false);
          speed.set(""); // the result's line says it all: one tokens/s figure, not two
          status.set(describe(result));
        },
        error -> {
          drain();
          running.set(false);
          status.set(ErrorMessages.describe("generation failed", error));
        });
  }

  /** Clears the view for a generation of {@code promptText} and marks it running. */
  private void begin(String promptText, String message) {
    pending.clear();
    tokens.clear();
    text.set("");
    shownPrompt.set(promptText);
    hovered.set(-1);
    details.set("");
    running.set(true);
    status.set(message);
  }

  private void compare(
      LoadedModel model,
      GenerationSettings settings,
      int[] ids,
      String promptText,
      Intervention change,
      AtomicBoolean flag) {
    begin(promptText, "generating without and with " + change);
    executor.execute(
        "compare",
        () ->
            model.use(
                m -> {
                  int[] promptIds =
                      ids != null
                          ? ids
                          : new Generator(m, model.tokenizer())
                              .encode(promptText, settings.prependBos());
                  return InterventionComparison.compare(
                      m, model.tokenizer(), promptIds, settings, change, flag);
                }),
        result -> {
          running.set(false);
          comparison.set(result);
          details.set(changesList(null));
          status.set(ComparisonText.summary(result, pieces(result, false), pieces(result, true)));
        },
        error -> {
          running.set(false);
          status.set(flag.get() ? "stopped" : ErrorMessages.describe("comparison failed", error));
        });
  }

  /** The text of each token of the comparison's baseline (or intervened) generation. */
  public List<String> pieces(InterventionComparison.Result r, boolean intervened) {
    if (!noTokenizer) {
      return intervened ? r.intervenedPieces() : r.baselinePieces();
    }
    int[] ids = intervened ? r.intervened().ids() : r.baseline().ids();
    List<String> out = new ArrayList<>();
    for (int id : ids) {
      out.add("#" + id + " ");
    }
    return out;
  }

  /**
   * Describes the probability change of intervened token {@code index} above the list of the
   * largest changes (-1: the list alone).
   */
  public void hoverChange(int index) {
    InterventionComparison.Result r = comparison.get();
    if (r == null) {
      return;
    }
    InterventionComparison.TokenChange c =
        index >= 0 && index < r.changes().size() ? r.changes().get(index) : null;
    details.set(changesList(c));
  }

  private String changesList(InterventionComparison.TokenChange hovered) {
    InterventionComparison.Result r = comparison.get();
    List<String> labels =
        pieces(r, true).stream().map(p -> visible(noTokenizer ? p.strip() : p)).toList();
    return ComparisonText.changes(r.changes(), labels, hovered);
  }

  /**
   * Adds {@code slot} to the slots to ablate, as a right click on the view's grid does; for other
   * views that offer to ablate a slot in generation.
   */
  public void ablate(SlotRef slot) {
    intervention.ablate(slot);
  }

  /** Stops a running generation after its current token. */
  public void stop() {
    cancel.set(true);
  }

  @Override
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Moves queued tokens into the view: the text, the token list, the speed, the grid. */
  @Override
  public void drain() {
    List<GeneratedToken> batch = new ArrayList<>();
    GeneratedToken t;
    while ((t = pending.poll()) != null) {
      batch.add(t);
    }
    if (batch.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder(text.get());
    for (GeneratedToken g : batch) {
      sb.append(pieceOf(g));
    }
    text.set(sb.toString());
    tokens.addAll(batch);
    double seconds = (System.nanoTime() - started) / 1e9;
    speed.set(
        String.format(
            Locale.ROOT,
            "%d tokens, %s tokens/s",
            tokens.size(),
            state.readouts().rate(tokens.size() / Math.max(seconds, 1e-9))));
    redrawGrid();
  }

  /** A token as the view shows it: its text piece, or its id when there is no tokenizer. */
  public String pieceOf(GeneratedToken t) {
    return noTokenizer ? "#" + t.id() + " " : t.piece();
  }

  private String describe(GenerationResult r) {
    String why =
        switch (r.stopReason()) {
          case EOS -> "end of text";
          case STOP_STRING -> "stop string";
          case MAX_NEW_TOKENS -> "max tokens";
          case CONTEXT_FULL -> "context full";
          case CANCELLED -> "stopped";
        };
    Readouts out = state.readouts();
    return String.format(
        Locale.ROOT,
        "%d tokens in %s s: %s tokens/s (%s after the first); %s",
        r.generatedTokens(),
        out.seconds(r.totalSeconds()),
        out.rate(r.tokensPerSecond()),
        out.rate(Double.isNaN(r.decodeTokensPerSecond()) ? 0 : r.decodeTokensPerSecond()),
        why);
  }

  /**
   * Describes generated token {@code index} and highlights the slots read to predict it on the
   * heatmaps (-1 clears).
   */
  public void hover(int index) {
    hovered.set(index);
    if (index < 0 || index >= tokens.size()) {
      details.set("");
      focus.highlightProperty().set(SlotHighlight.NONE);
      grid.setHighlight(new int[0]);
      return;
    }
    GeneratedToken t = tokens.get(index);
    details.set(TokenDescription.of(t, label(t)));
    int[][] slots = t.memory().slotsPerLayer();
    focus
        .highlightProperty()
        .set(new SlotHighlight("generated token " + t.index() + " '" + label(t) + "'", slots));
    grid.setHighlight(slots.length > gridLayer.get() ? slots[gridLayer.get()] : new int[0]);
  }

  private String label(GeneratedToken t) {
    return noTokenizer ? "#" + t.id() : visible(t.piece());
  }

  /** Shows {@code message} (an export's outcome) in the status line. */
  public void report(String message) {
    status.set(message);
  }

  /** Whitespace made visible for labels. */
  /**
   * The text colour of a token drawn with probability {@code p}: from the text's own (p = 1) to red
   * (p = 0.001 and below), in proportion to {@code -log10(p) / 3}, so that surprising tokens stand
   * out in the prose.
   */
  public static String surpriseColour(double p) {
    double t = p > 0 ? Math.min(1, Math.max(0, -Math.log10(p) / 3)) : 1;
    int[] from = {0x26, 0x32, 0x38};
    int[] to = {0xc6, 0x28, 0x28};
    StringBuilder hex = new StringBuilder("#");
    for (int i = 0; i < 3; i++) {
      hex.append(String.format(Locale.ROOT, "%02x", Math.round(from[i] + t * (to[i] - from[i]))));
    }
    return hex.toString();
  }

  public static String visible(String piece) {
    return piece.replace("\n", "\u23ce").replace("\t", "\u21e5");
  }

  private void redrawGrid() {
    int layer = gridLayer.get();
    LoadedModel m = state.model();
    if (m == null || tokens.isEmpty()) {
      return;
    }
    int[] counts = new int[m.config().knowledgeNum()];
    for (GeneratedToken t : tokens) {
      if (layer < t.memory().layers().size()) {
        for (int s : t.memory().layers().get(layer).slots()) {
          counts[s]++;
        }
      }
    }
    int h = hovered.get();
    if (h >= 0 && h < tokens.size() && layer < tokens.get(h).memory().layers().size()) {
      grid.setHighlight(tokens.get(h).memory().layers().get(layer).slots());
    }
    grid.show(layer, counts, true);
  }

  public StringProperty promptProperty() {
    return prompt;
  }

  public DoubleProperty temperatureProperty() {
    return temperature;
  }

  public DoubleProperty topPProperty() {
    return topP;
  }

  public IntegerProperty topKProperty() {
    return topK;
  }

  public DoubleProperty repetitionPenaltyProperty() {
    return repetitionPenalty;
  }

  public IntegerProperty maxTokensProperty() {
    return maxTokens;
  }

  public StringProperty seedProperty() {
    return seed;
  }

  /** The layer whose grid counts the slots the generation read. */
  public IntegerProperty gridLayerProperty() {
    return gridLayer;
  }

  /** The generated tokens so far. */
  public ObservableList<GeneratedToken> tokens() {
    return tokens;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** The prompt of the generation shown (set when it starts). */
  public ReadOnlyStringProperty shownPromptProperty() {
    return shownPrompt.getReadOnlyProperty();
  }

  /** The generated text so far. */
  public ReadOnlyStringProperty textProperty() {
    return text.getReadOnlyProperty();
  }

  /** "42 tokens, 31.5 tokens/s" while generating; empty once the generation has ended. */
  public ReadOnlyStringProperty speedProperty() {
    return speed.getReadOnlyProperty();
  }

  /** How the last generation ended, or why it could not start. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The hovered token's description. */
  public ReadOnlyStringProperty detailsProperty() {
    return details.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty hoveredProperty() {
    return hovered.getReadOnlyProperty();
  }

  /** The intervention row's fields. */
  public InterventionForm intervention() {
    return intervention;
  }

  /** The last comparison with and without an intervention; null after a plain generation. */
  public ReadOnlyObjectProperty<InterventionComparison.Result> comparisonProperty() {
    return comparison.getReadOnlyProperty();
  }

  public SlotGridModel grid() {
    return grid;
  }
}
