package dev.airid.bench;

import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Identity of a declaration from its bytes, against the floor: one SHA-256 over the same bytes (identity must read and
 * hash every byte at least once). The declarations are realistic: most bytes are content blocks of prompts and
 * retrieved passages, with some escapes and non-ASCII text, plus parameters and a tool schema.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdentityBenchmark {

  @Param({"4096", "1048576"})
  public int size;

  /**
   * {@code prose}: English prompt and retrieved text, a line break every ~80 bytes and an occasional quote; {@code
   * mixed}: the same prose with a non-ASCII word (accented Latin, Cyrillic, CJK, an emoji) in every ~20;
   * {@code dense}: a multilingual word salad with an escape every ~35 bytes and a non-ASCII character every ~25 —
   * a worst case for the parser's scan; {@code cjk}: Chinese text (three UTF-8 bytes a character) with a line break
   * every ~40 characters. All are reported; none is the one "real" corpus.
   */
  @Param({"prose", "mixed", "dense", "cjk"})
  public String corpus;

  private byte[] bytes;

  @Setup
  public void setUp() {
    bytes = corpusOfSize(corpus, size);
  }

  @Benchmark
  public RunIdentity identity() throws InputRejectedException {
    return Declaration.parse(bytes).identity();
  }

  @Benchmark
  public byte[] floorSha256() {
    return Sha256.of(bytes);
  }

  /** The declaration of about {@code size} bytes of the named corpus ({@code prose}, {@code dense} or {@code cjk}). */
  static byte[] corpusOfSize(String corpus, int size) {
    Random rnd = new Random(7);
    return switch (corpus) {
      case "prose" -> proseDeclarationOfSize(size, rnd);
      case "mixed" -> mixedDeclarationOfSize(size, rnd);
      case "dense" -> declarationOfSize(size, rnd);
      case "cjk" -> cjkDeclarationOfSize(size, rnd);
      default -> throw new IllegalArgumentException("no corpus " + corpus);
    };
  }

  static byte[] cjkDeclarationOfSize(int size, Random rnd) {
    JsonObject.Builder d = JsonObject.builder()
        .put("_type", Declaration.TYPE)
        .put("model", JsonObject.builder().put("name", "qwen-max").put("provider", "alibaba").build())
        .put("instructions", JsonArray.of(JsonObject.builder().put("role", "system").put("content", hanzi(rnd, 600)).build()))
        .put("inputs", JsonArray.of(JsonObject.builder().put("role", "user").put("content", hanzi(rnd, 300)).build()));
    return withContext(d, size, "https://kb.example.cn/doc/", n -> hanzi(rnd, n));
  }

  /**
   * Completes {@code d} with {@code context} items of up to 8 KiB of {@code text} each (sources {@code sourcePrefix}0,
   * 1, …), so that the compact declaration is about {@code size} bytes.
   */
  private static byte[] withContext(JsonObject.Builder d, int size, String sourcePrefix, IntFunction<String> text) {
    List<JsonValue> context = new ArrayList<>();
    int remaining = size - Json.compact(d.build()).length - 20;
    int i = 0;
    while (remaining > 120) {
      int chunk = Math.min(remaining - 80, 8192);
      context.add(JsonObject.builder().put("source", sourcePrefix + i++).put("content", text.apply(chunk)).build());
      remaining -= chunk + 80;
    }
    d.put("context", JsonArray.of(context));
    return Json.compact(d.build());
  }

  /** About {@code approxBytes} of UTF-8: CJK ideographs, a full stop now and then, a line break every ~40. */
  private static String hanzi(Random rnd, int approxBytes) {
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    while (bytes < approxBytes) {
      sb.append((char) (0x4E00 + rnd.nextInt(0x5000)));
      bytes += 3;
      if (rnd.nextInt(20) == 0) {
        sb.append('。');
        bytes += 3;
      }
      if (rnd.nextInt(40) == 0) {
        sb.append('\n');
        bytes += 2;
      }
    }
    return sb.toString();
  }

  static byte[] proseDeclarationOfSize(int size, Random rnd) {
    String[] sentences = {
      "The service reads the request parameters and validates them against the schema before dispatching.",
      "Retrieved passage: the quarterly report shows revenue growth of 12 percent, driven by enterprise contracts.",
      "Review the attached diff and list any security issues together with the affected line numbers.",
      "If the input contains personal data, redact it before summarising and say which fields were removed.",
      "The function returns a \"Result\" object; callers must check the status field before using the value.",
      "Customers in the pilot reported faster onboarding, but several asked for clearer error messages.",
    };
    JsonObject.Builder d = JsonObject.builder()
        .put("_type", Declaration.TYPE)
        .put("model", JsonObject.builder().put("name", "gpt-4o").put("provider", "openai").build())
        .put("parameters", JsonObject.builder().put("temperature", 0.2).put("max_tokens", 2048).build())
        .put("instructions", JsonArray.of(JsonObject.builder().put("role", "system").put("content", prose(rnd, sentences, 600)).build()))
        .put("inputs", JsonArray.of(JsonObject.builder().put("role", "user").put("content", prose(rnd, sentences, 300)).build()));
    return withContext(d, size, "https://kb.example.com/doc/", n -> prose(rnd, sentences, n));
  }

  /** English prose in which about one word in 20 is non-ASCII: names, places, quoted terms in other languages. */
  static byte[] mixedDeclarationOfSize(int size, Random rnd) {
    String[] words = ("the service reads request parameters and validates them against schema before dispatching "
        + "retrieved passage quarterly report shows revenue growth driven by enterprise contracts review attached diff "
        + "list security issues together with affected line numbers customers reported faster onboarding").split(" ");
    String[] foreign = {"données", "naïve", "Übersicht", "café", "São Paulo", "Zürich", "résumé", "Привет", "東京", "北京",
      "smörgåsbord", "ñandú", "Ελλάδα", "😀", "façade", "Kraków", "İstanbul", "日本語"};
    JsonObject.Builder d = JsonObject.builder()
        .put("_type", Declaration.TYPE)
        .put("model", JsonObject.builder().put("name", "gpt-4o").put("provider", "openai").build())
        .put("parameters", JsonObject.builder().put("temperature", 0.2).put("max_tokens", 2048).build())
        .put("instructions", JsonArray.of(JsonObject.builder().put("role", "system").put("content", mixed(rnd, words, foreign, 600)).build()))
        .put("inputs", JsonArray.of(JsonObject.builder().put("role", "user").put("content", mixed(rnd, words, foreign, 300)).build()));
    return withContext(d, size, "https://kb.example.com/doc/", n -> mixed(rnd, words, foreign, n));
  }

  private static String mixed(Random rnd, String[] words, String[] foreign, int approxBytes) {
    StringBuilder sb = new StringBuilder();
    int line = 0;
    while (sb.length() < approxBytes) {
      String w = rnd.nextInt(20) == 0 ? foreign[rnd.nextInt(foreign.length)] : words[rnd.nextInt(words.length)];
      sb.append(w);
      line += w.length() + 1;
      if (line > 80) {
        sb.append(".\n");
        line = 0;
      } else {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  private static String prose(Random rnd, String[] sentences, int approxBytes) {
    StringBuilder sb = new StringBuilder();
    int line = 0;
    while (sb.length() < approxBytes) {
      String s = sentences[rnd.nextInt(sentences.length)];
      sb.append(s);
      line += s.length();
      if (line > 80) {
        sb.append('\n');
        line = 0;
      } else {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  static byte[] declarationOfSize(int size, Random rnd) {
    String[] words = {"the", "model", "shall", "review", "retrieved", "passage", "données", "naïve", "übersicht",
      "→", "\"quoted\"", "line\n", "tab\t", "😀", "security", "injection", "function", "return", "value", "context"};
    JsonObject.Builder d = JsonObject.builder()
        .put("_type", Declaration.TYPE)
        .put("model", JsonObject.builder().put("name", "gpt-4o").put("provider", "openai").build())
        .put("parameters", JsonObject.builder().put("temperature", 0.2).put("top_p", 0.95).put("max_tokens", 2048).build())
        .put("instructions", JsonArray.of(JsonObject.builder().put("role", "system").put("content", text(rnd, words, 600)).build()))
        .put("inputs", JsonArray.of(JsonObject.builder().put("role", "user").put("content", text(rnd, words, 300)).build()))
        .put("tools", JsonArray.of(JsonObject.builder().put("name", "search").put("inputSchema",
            JsonValue.of(java.util.Map.of("type", "object", "properties", java.util.Map.of("q", java.util.Map.of("type", "string"))))).build()));
    return withContext(d, size, "https://kb.example.com/doc/", n -> text(rnd, words, n));
  }

  private static String text(Random rnd, String[] words, int approxBytes) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < approxBytes) {
      sb.append(words[rnd.nextInt(words.length)]).append(' ');
    }
    return sb.toString();
  }
}
