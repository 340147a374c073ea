package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.testing.Paths2;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the airid command in this JVM with captured streams; exit codes, stdout and stderr are its contract. */
class CliTest {

  @TempDir Path tmp;

  record Result(int code, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  static Result airid(byte[] stdin, String... args) {
    return airidWithEnv(Map.of(), stdin, args);
  }

  /**
   * Runs the CLI in-process with the process environment plus {@code extra}. The trust cache is an empty directory
   * unless {@code extra} names one, so that no test depends on what 'airid trust update' left in the user's cache.
   */
  static Result airidWithEnv(Map<String, String> extra, byte[] stdin, String... args) {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("AIRID_TRUST_CACHE", EMPTY_TRUST_CACHE.toString());
    env.putAll(extra);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(env, new ByteArrayInputStream(stdin), new PrintStream(out, true), new PrintStream(err, true), args);
    return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs the CLI in-process with streams that encode with {@code charset}, as a terminal under LC_ALL=C would. */
  static Result airidWithCharset(java.nio.charset.Charset charset, String... args) {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("AIRID_TRUST_CACHE", EMPTY_TRUST_CACHE.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(env, charset, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, charset),
        new PrintStream(err, true, charset), args);
    return new Result(code, out.toByteArray(), err.toString(charset));
  }

  private static final Path EMPTY_TRUST_CACHE;

  static {
    try {
      EMPTY_TRUST_CACHE = Files.createTempDirectory("airid-empty-trust-cache");
      EMPTY_TRUST_CACHE.toFile().deleteOnExit();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Result airid(String... args) {
    return airid(new byte[0], args);
  }

  static Path example() {
    return Paths2.repositoryRoot().resolve("examples/code-review.declaration.json");
  }

  @Test
  void idPrintsTheLibrarysIdentity() throws Exception {
    Declaration d = Declaration.parse(Files.readAllBytes(example()));
    Result r = airid("id", example().toString());
    assertEquals(0, r.code(), r.stderr());
    assertEquals(d.identity() + System.lineSeparator(), r.out());
    assertEquals("", r.stderr());
    Result stdin = airid(Files.readAllBytes(example()), "id", "-");
    assertEquals(r.out(), stdin.out());
  }

  @Test
  void idJsonReportsBlocks() throws Exception {
    Result r = airid("id", "--json", example().toString());
    assertEquals(0, r.code());
    String json = r.out();
    assertTrue(json.startsWith("{\"ok\":true,\"exitCode\":0,\"error\":null,\"identity\":\"airid:v1:sha256:"), json);
    assertTrue(json.contains("\"contentBlocks\":3"), json);
    assertTrue(json.contains("\"redactedBlocks\":0"), json);
  }

  @Test
  void canonBytesHashToTheIdentity() throws Exception {
    Result id = airid("id", example().toString());
    Result canon = airid("canon", example().toString());
    assertEquals(0, canon.code());
    assertEquals(id.out().trim(), "airid:v1:sha256:" + Sha256.hexOf(canon.stdout()));
  }

  @Test
  void redactKeepsTheIdentityAndWritesAtomically() throws Exception {
    Path out = tmp.resolve("redacted.json");
    Result r = airid("redact", example().toString(), "--all", "--out", out.toString());
    assertEquals(0, r.code(), r.stderr());
    String text = Files.readString(out);
    assertFalse(text.contains("careful security reviewer"));
    assertEquals(airid("id", example().toString()).out(), airid("id", out.toString()).out());

    // An existing output is kept, byte for byte, unless --force.
    byte[] before = Files.readAllBytes(out);
    Result again = airid("redact", example().toString(), "--pointer", "/context", "--out", out.toString());
    assertEquals(2, again.code());
    assertTrue(again.stderr().contains("OUTPUT_EXISTS"), again.stderr());
    assertArrayEquals(before, Files.readAllBytes(out));
    Result forced = airid("redact", example().toString(), "-p", "/context", "--out", out.toString(), "--force");
    assertEquals(0, forced.code(), forced.stderr());
    assertTrue(Files.readString(out).contains("careful security reviewer"));
    assertEquals(List.of("redacted.json"), listNames(tmp));
  }

  @Test
  void badInputIsOneLineWithCodeAndPlaceAndNoStackTrace() throws Exception {
    byte[] dup = "{\"_type\":\"https://airid.dev/ai-run-declaration/v1\",\"model\":{\"name\":\"a\",\"name\":\"b\"}}"
        .getBytes(StandardCharsets.UTF_8);
    Result r = airid(dup, "id", "-");
    assertEquals(2, r.code());
    assertEquals("airid: JSON_DUPLICATE_KEY: duplicate member name \"name\" at /model/name (byte 71)",
        r.stderr().trim().replaceAll("duplicate member name [^ ]+", "duplicate member name \"name\""));
    assertFalse(r.stderr().contains("\tat "), "no stack trace");

    Result json = airid(dup, "id", "--json", "-");
    assertEquals(2, json.code());
    assertTrue(json.out().contains("\"code\":\"JSON_DUPLICATE_KEY\""), json.out());
    assertTrue(json.out().contains("\"pointer\":\"/model/name\""), json.out());
  }

  @Test
  void missingFilesUnknownOptionsAndBadPointersAreUsageErrors() {
    Result missing = airid("id", tmp.resolve("nope.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.stderr().contains("INPUT_NOT_FOUND"), missing.stderr());
    assertEquals(1, missing.stderr().lines().count());

    Result unknown = airid("id", "--frobnicate", example().toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.stderr().contains("--frobnicate"), unknown.stderr());

    Result pointer = airid("redact", example().toString(), "--pointer", "/model");
    assertEquals(2, pointer.code());
    assertTrue(pointer.stderr().contains("INVALID_POINTER"), pointer.stderr());

    Result both = airid("redact", example().toString(), "--all", "--pointer", "/context");
    assertEquals(2, both.code());

    Result none = airid();
    assertEquals(2, none.code());
  }

  @Test
  void writeFailureLeavesNothingBehind() throws Exception {
    Path dir = tmp.resolve("missing-dir");
    Result r = airid("canon", example().toString(), "--out", dir.resolve("x.bin").toString());
    assertEquals(3, r.code());
    assertTrue(r.stderr().contains("IO_ERROR"), r.stderr());
    assertEquals(List.of(), listNames(tmp));
  }

  @Test
  void helpDocumentsExitCodes() {
    Result r = airid("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Exit codes:"), r.out());
    for (String command : List.of("id", "canon", "redact")) {
      Result h = airid(command, "--help");
      assertEquals(0, h.code());
      assertTrue(h.out().contains("Usage: airid " + command), h.out());
    }
  }

  private static List<String> listNames(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
