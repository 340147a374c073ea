package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.keys.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What the lazy start-up must keep: --version names the signature implementation per algorithm, and a run that
 * registers only its own subcommand still finds every command, suggests one for a typo and lists all in help.
 */
class StartupTest {

  @Test
  void versionListsTheImplementationOfEveryAlgorithm() {
    CliTest.Result r = CliTest.airid(new byte[0], "--version");
    assertEquals(0, r.code());
    String out = new String(r.stdout(), StandardCharsets.UTF_8);
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
      assertTrue(Arrays.stream(out.split("\n")).anyMatch(l -> l.startsWith(a.id() + " ") && l.contains(a.implementation())),
          a.id() + " missing from:\n" + out);
    }
  }

  @Test
  void helpListsEveryCommandAndATypoIsAUsageError() {
    CliTest.Result help = CliTest.airid(new byte[0], "--help");
    assertEquals(0, help.code());
    String out = new String(help.stdout(), StandardCharsets.UTF_8);
    for (String c : new String[] {"id", "canon", "redact", "keygen", "attest", "attest-output", "verify", "inspect",
        "policy", "verify-chain", "trust", "conformance"}) {
      assertTrue(out.contains("  " + c + " ") || out.contains("  " + c + "\n"), c + " missing from help:\n" + out);
    }
    assertEquals(ExitCode.BAD_INPUT, CliTest.airid(new byte[0], "verfiy", "x").code());
    assertEquals(0, CliTest.airid(new byte[0], "help", "id").code());
  }
}
