package org.minimind.workbench.app.slotpage;

import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.TaskHandle;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.slots.ContextText;
import org.minimind.workbench.slots.IndexSettings;
import org.minimind.workbench.slots.SlotIndexBuilder;
import org.minimind.workbench.slots.SlotPage;
import org.minimind.workbench.slots.SlotReport;

/**
 * The slot page's state: the open model's slot index (loaded from beside the checkpoint in the
 * background, or built on request with progress and cancel), the slot shown (chosen on any grid
 * through {@link SlotFocus}, or typed as {@code layer:slot}) and its page. The page's numbers,
 * contexts and history come at once from the index; its logit effects, and the reverse lookup of a
 * typed token, are computed afterwards in the background. Choosing another slot supersedes the work
 * still running for the previous one.
 */
public final class SlotPageViewModel {
  /** Where the page's index is. */
  public enum IndexState {
    NO_MODEL,
    LOADING,
    MISSING,
    BUILDING,
    READY,
    FAILED
  }

  /** Rising and falling tokens listed. */
  public static final int EFFECT_TOKENS = 8;

  /** Slots listed per layer for a typed token. */
  public static final int QUERY_SLOTS = 6;

  /** One token whose probability the slot changes: its text and mean change. */
  public record Effect(String token, double meanDelta) {}

  private final WorkbenchState state;
  private final TaskExecutor executor;
  private final StringProperty input = new SimpleStringProperty(this, "input", "");
  private final ReadOnlyStringWrapper inputError =
      new ReadOnlyStringWrapper(this, "inputError", "");
  private final ReadOnlyObjectWrapper<IndexState> indexState =
      new ReadOnlyObjectWrapper<>(this, "indexState", IndexState.NO_MODEL);
  private final ReadOnlyStringWrapper indexStatus =
      new ReadOnlyStringWrapper(this, "indexStatus", "no model open");
  private final ReadOnlyDoubleWrapper buildProgress =
      new ReadOnlyDoubleWrapper(this, "buildProgress");
  private final ReadOnlyObjectWrapper<SlotRef> shown = new ReadOnlyObjectWrapper<>(this, "shown");
  private final ReadOnlyObjectWrapper<SlotPage> page = new ReadOnlyObjectWrapper<>(this, "page");
  private final ReadOnlyStringWrapper title =
      new ReadOnlyStringWrapper(this, "title", "no slot chosen");
  private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");
  private final ReadOnlyStringWrapper share = new ReadOnlyStringWrapper(this, "share", "");
  private final ReadOnlyStringWrapper rank = new ReadOnlyStringWrapper(this, "rank", "");
  private final ReadOnlyStringWrapper grid = new ReadOnlyStringWrapper(this, "grid", "");
  private final ReadOnlyStringWrapper drift = new ReadOnlyStringWrapper(this, "drift", "");
  private final ReadOnlyStringWrapper tokenIds = new ReadOnlyStringWrapper(this, "tokenIds", "");
  private final ReadOnlyStringWrapper historyNote =
      new ReadOnlyStringWrapper(this, "historyNote", "");
  private final ReadOnlyStringWrapper notes = new ReadOnlyStringWrapper(this, "notes", "");
  private final ObservableList<ContextText> contexts = FXCollections.observableArrayList();
  private final DoubleDataSet history = new DoubleDataSet("selections per snapshot");
  private final ObservableList<Effect> rises = FXCollections.observableArrayList();
  private final ObservableList<Effect> falls = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper effectsNote =
      new ReadOnlyStringWrapper(this, "effectsNote", "");
  private final StringProperty query = new SimpleStringProperty(this, "query", "");
  private final ReadOnlyStringWrapper queryNote = new ReadOnlyStringWrapper(this, "queryNote", "");
  private final ObservableList<LayerSlots> queryResults = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<SlotRef> ablateRequest =
      new ReadOnlyObjectWrapper<>(this, "ablateRequest");
  private Consumer<SlotRef> onAblate = s -> {};
  private SlotReport report;
  private LoadedModel reportModel; // the model the report's index belongs to
  private SlotIndexBuilder builder;
  private TaskHandle pageTask = TaskHandle.DONE;
  private TaskHandle effectsTask = TaskHandle.DONE;
  private long request; // the page asked for last; older results are dropped

  /** The slots one layer selects most for a typed token. */
  public record LayerSlots(
      int layer, List<org.minimind.workbench.slots.TokenQuery.SlotHits> slots) {}

  public SlotPageViewModel(WorkbenchState state, SlotFocus focus, TaskExecutor executor) {
    this.state = state;
    this.executor = executor;
    history.setStyle("-fx-line-color: #0072bd; -fx-line-width: 1.5; -fx-fill-color: #0072bd;");
    state.modelProperty().addListener((o, a, b) -> modelChanged(b));
    // an invalidation listener: a repeated click on the same slot sets an equal, new SlotRef
    focus
        .chosenSlotProperty()
        .addListener(
            o -> {
              SlotRef s = focus.chosenSlotProperty().get();
              if (s != null) {
                show(s);
              }
            });
    modelChanged(state.model());
  }

  private void modelChanged(LoadedModel model) {
    cancelBuild();
    report = null;
    reportModel = null;
    clearPage();
    if (model == null) {
      setIndex(IndexState.NO_MODEL, "no model open");
      return;
    }
    setIndex(IndexState.LOADING, "loading the slot index " + SlotIndexSource.fileOf(model));
    executor.execute(
        "open slot index",
        () -> SlotIndexSource.open(model),
        loaded -> {
          if (state.model() != model) {
            return;
          }
          if (loaded.isEmpty()) {
            setIndex(
                IndexState.MISSING,
                "no slot index beside the checkpoint ("
                    + SlotIndexSource.fileOf(model).getFileName()
                    + "): build one to see what slots hold");
          } else {
            ready(model, loaded.get());
          }
        },
        e -> {
          if (state.model() == model) {
            setIndex(IndexState.FAILED, ErrorMessages.describe("cannot read the slot index", e));
          }
        });
  }

  private long indexTokens = IndexSettings.DEFAULT_MAX_TOKENS;

  /**
   * How many tokens a build reads at most (default {@link IndexSettings#DEFAULT_MAX_TOKENS}: the
   * held-out documents, then training documents).
   */
  public void setIndexTokens(long tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("index tokens must be positive, got " + tokens);
    }
    this.indexTokens = tokens;
  }

  /** Builds an index of the open model over the default corpus (see {@link SlotIndexSource}). */
  public void buildIndex() {
    LoadedModel model = state.model();
    if (model == null || indexState.get() == IndexState.BUILDING) {
      return;
    }
    SlotIndexBuilder b =
        new SlotIndexBuilder(
            IndexSettings.DEFAULTS,
            (done, total) ->
                executor.runOnUiThread(() -> buildProgress.set((double) done / total)));
    builder = b;
    buildProgress.set(0);
    long tokens = indexTokens;
    setIndex(
        IndexState.BUILDING,
        String.format(
            Locale.ROOT,
            "indexing up to %,d tokens of the run's corpus, held-out documents first…",
            tokens));
    executor.execute(
        "build slot index",
        () -> SlotIndexSource.build(model, b, tokens),
        loaded -> {
          if (builder == b && state.model() == model) {
            builder = null;
            ready(model, loaded);
          }
        },
        e -> {
          if (builder == b) {
            builder = null;
            setIndex(IndexState.MISSING, ErrorMessages.describe("cannot build the slot index", e));
          }
        });
  }

  /** Stops a build in flight (before its next batch). */
  public void cancelBuild() {
    SlotIndexBuilder b = builder;
    builder = null;
    if (b != null) {
      b.cancel();
      setIndex(IndexState.MISSING, "building the slot index was cancelled");
    }
  }

  private void ready(LoadedModel model, SlotIndexSource.Loaded loaded) {
    report = loaded.report();
    reportModel = model;
    var h = report.index().header();
    String where = loaded.file() == null ? "" : loaded.file().getFileName() + ": ";
    String status =
        String.format(
            Locale.ROOT,
            "%s%,d tokens (%s), top %d contexts per slot",
            where,
            h.tokens(),
            SlotPageText.corpusName(h.corpus()),
            h.topK());
    setIndex(IndexState.READY, loaded.note().isEmpty() ? status : status + "; " + loaded.note());
    SlotRef s = shown.get();
    if (s != null) {
      show(s);
    }
  }

  private void setIndex(IndexState s, String status) {
    indexState.set(s);
    indexStatus.set(status);
  }

  /** Parses {@link #inputProperty()} as {@code layer:slot} and shows it, or says what is wrong. */
  public void openTyped() {
    LoadedModel model = state.model();
    if (model == null) {
      inputError.set("open a checkpoint first");
      return;
    }
    try {
      SlotRef s = parse(input.get(), model.config().nLayers(), model.config().knowledgeNum());
      inputError.set("");
      show(s);
    } catch (IllegalArgumentException e) {
      inputError.set(e.getMessage());
    }
  }

  /** {@code "1:1234"} as a slot of a model of {@code layers} x {@code slots}, checked. */
  public static SlotRef parse(String text, int layers, int slots) {
    String t = text == null ? "" : text.trim();
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("type layer:slot, e.g. 1:1234 (got '" + t + "')");
    }
    int layer;
    int slot;
    try {
      layer = Integer.parseInt(t.substring(0, colon).trim());
      slot = Integer.parseInt(t.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "type layer:slot as two whole numbers, e.g. 1:1234 (got '" + t + "')");
    }
    if (layer < 0 || layer >= layers) {
      throw new IllegalArgumentException(
          "layer " + layer + " does not exist: the model has layers 0 to " + (layers - 1));
    }
    if (slot < 0 || slot >= slots) {
      throw new IllegalArgumentException(
          "slot " + slot + " does not exist: layers have slots 0 to " + (slots - 1));
    }
    return new SlotRef(layer, slot);
  }

  /** Shows slot {@code s}: its page now (from the index), its logit effects when measured. */
  public void show(SlotRef s) {
    Objects.requireNonNull(s, "slot");
    LoadedModel model = state.model();
    if (model != null
        && (s.layer() >= model.config().nLayers() || s.slot() >= model.config().knowledgeNum())) {
      inputError.set("slot " + s.layer() + ":" + s.slot() + " is not in this model");
      return;
    }
    long r = ++request;
    pageTask.cancel();
    effectsTask.cancel();
    shown.set(s);
    input.set(s.layer() + ":" + s.slot());
    inputError.set("");
    title.set("layer " + s.layer() + ", slot " + s.slot());
    clearPage();
    SlotReport rep = report;
    if (rep == null) {
      return; // shown once the index is ready
    }
    pageTask =
        executor.execute(
            "slot page " + s,
            () -> rep.page(s.layer(), s.slot()),
            p -> {
              if (r == request) {
                fill(p);
                measureEffects(r, rep, reportModel, p);
              }
            },
            e -> {
              if (r == request) {
                notes.set(ErrorMessages.describe("cannot show the slot", e));
              }
            });
  }

  private void fill(SlotPage p) {
    page.set(p);
    var slot = p.slot();
    int side = report.index().header().gridSide();
    count.set(String.format(Locale.ROOT, "%,d", slot.count()));
    share.set(String.format(Locale.ROOT, "%.4f %%", 100 * slot.share()));
    rank.set(
        String.format(
            Locale.ROOT, "%,d of %,d", slot.rank(), report.index().header().knowledgeNum()));
    grid.set(
        String.format(
            Locale.ROOT, "row %d, column %d of %d x %d", slot.row(), slot.column(), side, side));
    contexts.setAll(p.contexts());
    SlotPageText.history(p, history);
    historyNote.set(p.counts().isEmpty() ? "no history recorded" : "");
    drift.set(SlotPageText.drift(p));
    tokenIds.set(SlotPageText.tokenIds(p));
    List<String> lines = new ArrayList<>();
    if (slot.count() == 0) {
      lines.add(
          "never selected in the "
              + String.format(Locale.ROOT, "%,d", report.index().header().tokens())
              + " indexed tokens (its rank ties with every unselected slot's, by id)");
    }
    lines.addAll(p.notes());
    notes.set(String.join("\n", lines));
  }

  private void measureEffects(long r, SlotReport rep, LoadedModel model, SlotPage p) {
    List<int[]> prefixes = new ArrayList<>();
    p.slot().contexts().forEach(c -> prefixes.add(c.prefix()));
    if (prefixes.isEmpty() || model == null) {
      effectsNote.set("no logit effects: the index holds no context where this slot was selected");
      return;
    }
    effectsNote.set("measuring the logit effects at " + prefixes.size() + " contexts…");
    int layer = p.slot().layer();
    int id = p.slot().id();
    effectsTask =
        executor.execute(
            "logit effects " + layer + ":" + id,
            () ->
                model.use(
                    m ->
                        org.minimind.workbench.slots.LogitEffects.measure(
                            m, prefixes, layer, id, EFFECT_TOKENS)),
            result -> {
              if (r != request) {
                return;
              }
              rises.setAll(
                  result.rises().stream()
                      .map(t -> new Effect(rep.piece(t.id()), t.meanDelta()))
                      .toList());
              falls.setAll(
                  result.falls().stream()
                      .map(t -> new Effect(rep.piece(t.id()), t.meanDelta()))
                      .toList());
              effectsNote.set(SlotPageText.effectsNote(result));
            },
            e -> {
              if (r == request) {
                effectsNote.set(ErrorMessages.describe("cannot measure the logit effects", e));
              }
            });
  }

  private void clearPage() {
    page.set(null);
    count.set("");
    share.set("");
    rank.set("");
    grid.set("");
    drift.set("");
    tokenIds.set("");
    historyNote.set("");
    notes.set("");
    contexts.clear();
    rises.clear();
    falls.clear();
    effectsNote.set("");
    history.clearData();
  }

  /** Which slots each layer selects most for {@link #queryProperty()} (in the background). */
  public void lookUp() {
    SlotReport rep = report;
    LoadedModel model = reportModel;
    String text = query.get();
    if (rep == null || model == null) {
      queryNote.set("no slot index yet");
      return;
    }
    if (text == null || text.isBlank()) {
      queryNote.set("type a token or word");
      return;
    }
    queryResults.clear();
    queryNote.set("looking up '" + text + "'…");
    executor.execute(
        "slots for " + text,
        () ->
            model.use(
                m ->
                    rep.slotsFor(
                        m,
                        text,
                        org.minimind.workbench.slots.TokenQuery.DEFAULT_OCCURRENCES,
                        QUERY_SLOTS)),
        result -> {
          if (rep != report || !text.equals(query.get())) {
            return;
          }
          List<LayerSlots> rows = new ArrayList<>();
          for (int l = 0; l < result.layers().size(); l++) {
            rows.add(new LayerSlots(l, result.layers().get(l)));
          }
          queryResults.setAll(rows);
          queryNote.set(SlotPageText.queryNote(text, result));
        },
        e -> queryNote.set(ErrorMessages.describe("cannot look up '" + text + "'", e)));
  }

  /** Asks whoever listens (the generation view) to ablate the shown slot. */
  public void ablate() {
    SlotRef s = shown.get();
    if (s != null) {
      ablateRequest.set(s);
      onAblate.accept(s);
    }
  }

  /** Called with the shown slot when the user asks to ablate it in a generation. */
  public void setOnAblate(Consumer<SlotRef> action) {
    onAblate = action == null ? s -> {} : action;
  }

  /** The slot last asked to be ablated (a new value on each request), or null. */
  public ReadOnlyObjectProperty<SlotRef> ablateRequestProperty() {
    return ablateRequest.getReadOnlyProperty();
  }

  public StringProperty inputProperty() {
    return input;
  }

  /** Why the typed slot cannot be shown; empty otherwise. */
  public ReadOnlyStringProperty inputErrorProperty() {
    return inputError.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<IndexState> indexStateProperty() {
    return indexState.getReadOnlyProperty();
  }

  /** One line about the index: where it is and what it read, or why there is none. */
  public ReadOnlyStringProperty indexStatusProperty() {
    return indexStatus.getReadOnlyProperty();
  }

  /** How far a build is, 0 to 1. */
  public ReadOnlyDoubleProperty buildProgressProperty() {
    return buildProgress.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<SlotRef> shownProperty() {
    return shown.getReadOnlyProperty();
  }

  /** The shown slot's page, null until it is computed. */
  public ReadOnlyObjectProperty<SlotPage> pageProperty() {
    return page.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty countProperty() {
    return count.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty shareProperty() {
    return share.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty rankProperty() {
    return rank.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty gridProperty() {
    return grid.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty driftProperty() {
    return drift.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty tokenIdsProperty() {
    return tokenIds.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty historyNoteProperty() {
    return historyNote.getReadOnlyProperty();
  }

  /** What the run's records could not give, one line each. */
  public ReadOnlyStringProperty notesProperty() {
    return notes.getReadOnlyProperty();
  }

  public ObservableList<ContextText> contexts() {
    return contexts;
  }

  /** The slot's selection count per training snapshot (x: step). */
  public DoubleDataSet history() {
    return history;
  }

  public ObservableList<Effect> rises() {
    return rises;
  }

  public ObservableList<Effect> falls() {
    return falls;
  }

  /** How the effects were measured, or that they are being measured, or why not. */
  public ReadOnlyStringProperty effectsNoteProperty() {
    return effectsNote.getReadOnlyProperty();
  }

  public StringProperty queryProperty() {
    return query;
  }

  public ReadOnlyStringProperty queryNoteProperty() {
    return queryNote.getReadOnlyProperty();
  }

  public ObservableList<LayerSlots> queryResults() {
    return queryResults;
  }

  /** The index behind the page, or null while there is none. */
  public SlotReport report() {
    return report;
  }
}
