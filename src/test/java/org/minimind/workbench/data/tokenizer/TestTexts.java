package org.minimind.workbench.data.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Shared test data: the committed corpus, a tokenizer trained on it, and varied strings. */
final class TestTexts {

  /** Vocabulary size of the shared test tokenizer. */
  static final int VOCAB = 1500;

  private static String corpus;
  private static BpeTokenizer tokenizer;

  private TestTexts() {}

  static synchronized String corpus() {
    if (corpus == null) {
      try (InputStream in = TestTexts.class.getResourceAsStream("/tokenizer/corpus.txt")) {
        if (in == null) {
          throw new IllegalStateException("test resource /tokenizer/corpus.txt is missing");
        }
        corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return corpus;
  }

  /** The corpus as documents (split at blank lines). */
  static List<String> documents() {
    return Arrays.asList(corpus().split("\n\n"));
  }

  /** A tokenizer trained once on the corpus with MiniMind's specials. */
  static synchronized BpeTokenizer tokenizer() {
    if (tokenizer == null) {
      tokenizer = BpeTrainer.builder().vocabSize(VOCAB).build().train(documents());
    }
    return tokenizer;
  }

  /** Hand-written strings covering the tricky cases of the GPT-2 split and of UTF-8. */
  static List<String> tricky() {
    return List.of(
        "",
        " ",
        "  ",
        "\n",
        "\n\n\n",
        "a",
        "床前明月光，疑是地上霜。",
        "举头望明月，低头思故乡。\n",
        "It is a truth universally acknowledged, that a single man in possession of a good fortune,"
            + " must be in want of a wife.",
        "I'm sure you'll see they're fine, we've said it'd be done; don't Don'T SHE'S",
        "'s 't 're 've 'm 'll 'd '' ''s ' s",
        "hello   world",
        "hello\t\tworld  \n  next line   ",
        "trailing spaces    ",
        "    leading spaces",
        "numbers 123 4567 3.14159 1,000,000 ½ ² Ⅻ ٣٤ ١٢٣",
        "x=1+2*3; y = f(x) -> [a, b] {\"k\": \"v\"} // ~!@#$%^&*()_+",
        "emoji 😀😃😄 👍🏽 🇨🇳🇬🇧 ❤️",
        "family 👨‍👩‍👧‍👦 and 👩🏽‍💻 zwj",
        "中文English混合mixed文本text，还有123数字和emoji🎉！",
        "日本語のテキスト、カタカナ。한국어 텍스트입니다.",
        "Русский текст, Ελληνικά, العربية, עברית, हिन्दी भाषा",
        "combining: e\u0301 a\u0308 n\u0303 Z\u0351\u0362o\u0336",
        "spaces: a\u00A0b c\u3000d e\u2003f g\u202Fh \u1680i",
        "separators: a\u2028b\u2029c\u0085d",
        "control: a\u000Bb\u000Cc\rd\u001Fe\u0000f",
        "zero width: a\u200Bb\u200Cc\u200Dd\uFEFFe",
        "special <s>text</s> and <unk> inside",
        "<s><s></s></s><unk>",
        "< s> </ s> <s </s <unk",
        "a<s>b",
        "supplementary 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀𠀁 𝟘𝟙𝟚",
        "mixed\r\nline\rendings\n",
        "。。。！！？？……——《》「」『』",
        "   \n   \n",
        "tab\tseparated\tvalues\t1\t2");
  }

  /** Random strings drawn from a pool of characters of every split class. */
  static List<String> random(int count, long seed) {
    String[] pool = {
      " ",
      " ",
      " ",
      "  ",
      "\n",
      "\t",
      "\r\n",
      "\u00A0",
      "\u3000",
      "\u2028",
      "a",
      "b",
      "e",
      "s",
      "t",
      "T",
      "Z",
      "'",
      "'s",
      "'re",
      "'ll",
      "'M",
      "0",
      "7",
      "42",
      "½",
      "²",
      "Ⅻ",
      ",",
      ".",
      "!",
      "?",
      "-",
      "_",
      "(",
      ")",
      "<",
      ">",
      "/",
      "\"",
      "#",
      "，",
      "。",
      "！",
      "“",
      "”",
      "、",
      "月",
      "光",
      "山",
      "水",
      "人",
      "天",
      "風",
      "花",
      "雪",
      "の",
      "テ",
      "한",
      "ж",
      "λ",
      "ع",
      "ह",
      "ि",
      "\u0301",
      "\u200B",
      "\uFEFF",
      "😀",
      "👍🏽",
      "👨‍👩‍👧",
      "🇨🇳",
      "𝔘",
      "𠀀",
      "\u0000",
      "\u001F"
    };
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int len = r.nextInt(30);
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < len; k++) {
        sb.append(pool[r.nextInt(pool.length)]);
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** A few hundred varied lines: corpus lines, the tricky strings and random strings. */
  static List<String> varied() {
    List<String> out = new ArrayList<>();
    String[] lines = corpus().split("\n");
    for (int i = 0; i < lines.length && out.size() < 150; i += 7) {
      out.add(lines[i]);
    }
    List<String> docs = documents();
    for (int i = 0; i < docs.size() && i < 30; i += 3) {
      out.add(docs.get(i));
    }
    out.addAll(tricky());
    out.addAll(random(150, 20240601L));
    return out;
  }
}
