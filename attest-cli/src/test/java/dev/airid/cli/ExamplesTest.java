package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.testing.Paths2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The help of every command: hand-written one-line summaries, no line broken inside a sentence, and an EXAMPLES section
 * whose lines are in the README and are run here, in a directory holding the README's files, so that they cannot rot.
 */
class ExamplesTest {

  @TempDir Path tmp;

  /** Commands whose examples need a network or a broker: parsed as airid parses them, not run. */
  static final Set<String> PARSED_ONLY = Set.of("trust update", "gate", "conformance verify-bundle");

  /** What must exist before a command's examples run: 0 the declaration and policy, 1 keys, 2 a run bundle and an output, 3 its provenance. */
  static final Map<String, Integer> FIXTURE = Map.of("keygen", 0, "id", 0, "canon", 0, "redact", 0, "policy check", 0,
      "attest", 1, "attest-output", 2, "verify", 3, "inspect", 3, "verify-chain", 3);

  static Stream<String> commands() {
    return Examples.BY_COMMAND.keySet().stream();
  }

  @ParameterizedTest(name = "airid {0}")
  @MethodSource("commands")
  void examplesAreInTheHelpAndTheReadmeAndRun(String command) throws Exception {
    List<String> examples = Examples.BY_COMMAND.get(command);
    List<String> help = new ArrayList<>(List.of(command.split(" ")));
    help.add("--help");
    CliTest.Result h = CliTest.airid(help.toArray(new String[0]));
    assertEquals(0, h.code(), h.stderr());
    String readme = Files.readString(Paths2.repositoryRoot().resolve("README.md"));
    for (String e : examples) {
      assertTrue(h.out().contains("Examples:") && h.out().contains("  $ " + e), h.out());
      assertTrue(readme.contains("$ " + e), "README.md shows the example: " + e);
    }
    if (PARSED_ONLY.contains(command)) {
      for (String e : examples) {
        Main.parseOnly(args(e, tmp));
      }
      return;
    }
    fixture(FIXTURE.get(command));
    for (String e : examples) {
      CliTest.Result r = CliTest.airid(args(e, tmp));
      assertEquals(0, r.code(), e + "\n" + r.out() + r.stderr());
    }
  }

  /** The example's arguments, file names resolved in {@code dir} (the test cannot change directory). */
  static String[] args(String example, Path dir) {
    String[] words = example.split(" ");
    List<String> out = new ArrayList<>();
    for (int i = 1; i < words.length; i++) {
      String w = words[i];
      boolean path = !w.startsWith("-") && !w.startsWith("/") && !w.contains(":")
          && (w.contains(".") || words[i - 1].equals("--out"));
      out.add(path ? dir.resolve(w).toString() : w);
    }
    return out.toArray(new String[0]);
  }

  void fixture(int level) throws Exception {
    Files.copy(CliTest.example(), tmp.resolve("declaration.json"));
    Files.copy(CliTest.example().resolveSibling("policy.yaml"), tmp.resolve("policy.yaml"));
    if (level >= 1) {
      assertEquals(0, CliTest.airid("keygen", "--out", tmp.resolve("team").toString()).code());
    }
    if (level >= 2) {
      assertEquals(0, CliTest.airid("attest", tmp.resolve("declaration.json").toString(), "--key", tmp.resolve("team.key").toString(),
          "--out", tmp.resolve("run.bundle.json").toString()).code());
      Files.writeString(tmp.resolve("review.md"), "1. app.py line 13: eval() on a request parameter.\n");
    }
    if (level >= 3) {
      assertEquals(0, CliTest.airid("attest-output", "--run", tmp.resolve("run.bundle.json").toString(), "--key",
          tmp.resolve("team.key").toString(), tmp.resolve("review.md").toString()).code());
    }
  }

  /** Every line of help ends a sentence (or is a usage line, an example or blank): nothing is wrapped mid-sentence. */
  @ParameterizedTest(name = "airid {0} --help")
  @MethodSource("allCommands")
  void noSentenceIsBrokenAcrossLines(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    CliTest.Result h = CliTest.airid(args.toArray(new String[0]));
    assertEquals(0, h.code(), h.stderr());
    for (String line : h.out().split("\\R")) {
      String l = line.stripTrailing();
      if (l.isEmpty() || l.startsWith("Usage:") || l.startsWith("  $ ") || l.startsWith("        ") || l.matches("  \\d+ .*")) {
        continue; // a usage synopsis is continued on indented lines by design; exit codes are a table
      }
      assertTrue(l.endsWith(".") || l.endsWith(":") || l.endsWith(")"), () -> "a line that does not end a sentence: \"" + l + "\"");
    }
  }

  static Stream<String> allCommands() {
    return Stream.of("", "id", "canon", "redact", "keygen", "attest", "attest-output", "verify", "inspect", "policy", "policy check",
        "verify-chain", "trust", "trust update", "gate", "conformance", "conformance sign-bundle", "conformance verify-bundle");
  }

  /** The command list shows one hand-written sentence per command. */
  @Test
  void summariesAreOneSentence() {
    CliTest.Result h = CliTest.airid("--help");
    String commands = h.out().substring(h.out().indexOf("Commands:"), h.out().indexOf("Exit codes:"));
    long n = commands.lines().skip(1).filter(l -> !l.isBlank()).peek(l -> {
      String summary = l.strip().replaceFirst("^\\S+\\s+", "");
      assertTrue(summary.endsWith(".") && !summary.substring(0, summary.length() - 1).contains(". "), l);
    }).count();
    assertEquals(Main.commandNames().size(), n, commands);
  }
}
