package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.text.Printable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 4: text that whoever made a bundle, declaration or file controls is printed raw nowhere. Each test
 * puts terminal escapes, a CSI, a right-to-left override, a carriage return and a line break with a fake verdict into
 * one unsigned field, and checks that every human-facing line of the command is printable and that the text still
 * shows, escaped. --json output stays JSON (escaped by the JSON writer) and carries the exact value.
 */
class ReportSpoofingTest {

  /** As JSON text: clear screen, home, CSI, RLO, CR, then a new line that claims success. */
  static final String SPOOF_JSON = "\\u001b[2J\\u001b[H\\u009b0m\\u202e\\r\\n\\u2066verified: all good";
  /** The same as a Java string. */
  static final String SPOOF = "\u001b[2J\u001b[H\u009b0m\u202e\r\n\u2066verified: all good";

  @TempDir Path tmp;
  String bundle;

  @BeforeEach
  void keyAndBundle() throws Exception {
    assertEquals(0, airid("keygen", "--out", p("k")).code());
    assertEquals(0, airid("attest", CliTest.example().toString(), "--key", p("k.key"), "--out", p("run.json")).code());
    bundle = Files.readString(tmp.resolve("run.json"));
  }

  String p(String name) {
    return tmp.resolve(name).toString();
  }

  /** The spoof as it must show: escaped. */
  static final String SHOWN = "\\u001B[2J\\u001B[H\\u009B0m\\u202E\\r\\n\\u2066verified: all good";

  static void assertPrintable(String output) {
    assertPrintable(output, SHOWN);
  }

  /** Every line printable, the spoof shown escaped, and no line that starts with the fake verdict. */
  static void assertPrintable(String output, String shown) {
    String[] lines = output.split("\n", -1);
    for (String line : lines) {
      String l = line.endsWith("\r") && System.lineSeparator().equals("\r\n") ? line.substring(0, line.length() - 1) : line;
      assertEquals(Printable.escape(l), l, () -> "a line with a non-printing character: " + l);
      assertFalse(l.startsWith("verified: all good") || l.startsWith("\u2066verified"), l);
    }
    assertTrue(output.contains(shown), output);
  }

  Path write(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void theKeyHintIsEscapedInVerifyAndInspect() throws Exception {
    Path f = write("hint.json", bundle.replaceFirst("\"hint\":\"[0-9a-f]*\"",
        java.util.regex.Matcher.quoteReplacement("\"hint\":\"" + SPOOF_JSON + "\"")));
    CliTest.Result verify = airid("verify", "--bundle", f.toString(), "--key", p("k.pub"), "--verbose");
    assertEquals(ExitCode.OK, verify.code(), verify.stderr()); // the hint is not signed: the bundle still verifies
    assertPrintable(verify.out());
    CliTest.Result inspect = airid("inspect", f.toString());
    assertPrintable(inspect.out());
    CliTest.Result json = airid("inspect", f.toString(), "--json");
    JsonObject b0 = (JsonObject) ((dev.airid.json.JsonArray) ((JsonObject) Json.parse(json.stdout())).getOrNull("bundles")).get(0);
    assertEquals(SPOOF, ((JsonString) b0.getOrNull("keyHint")).value(), "--json carries the exact value");
  }

  @Test
  void thePayloadTypeIsEscapedInVerify() throws Exception {
    Path f = write("pt.json", bundle.replace("\"payloadType\":\"application/vnd.in-toto+json\"", "\"payloadType\":\"" + SPOOF_JSON + "\""));
    CliTest.Result r = airid("verify", "--bundle", f.toString(), "--key", p("k.pub"), "--verbose");
    assertEquals(ExitCode.CHECK_FAILED, r.code(), r.stderr());
    assertPrintable(r.out());
  }

  @Test
  void theMediaTypeIsEscapedInVerifyAndConformance() throws Exception {
    Path f = write("mt.json", bundle.replace("application/vnd.dev.sigstore.bundle.v0.3+json", SPOOF_JSON));
    CliTest.Result r = airid("verify", "--bundle", f.toString(), "--key", p("k.pub"), "--verbose");
    assertEquals(ExitCode.BAD_INPUT, r.code(), r.stderr()); // a media type airid does not read: malformed input
    assertPrintable(r.out());
    assertPrintable(r.stderr());
    Path root = dev.airid.testing.Paths2.externalVectors("sigstore-python/production/trusted_root.json");
    CliTest.Result c = airid("conformance", "verify-bundle", "--bundle", f.toString(), "--key", p("k.pub"),
        "--trusted-root", root.toString(), CliTest.example().toString());
    assertEquals(ExitCode.CHECK_FAILED, c.code(), c.stderr());
    assertPrintable(c.stderr());
  }

  @Test
  void fileNamesAreEscapedInVerifyVerifyChainInspectAndErrors() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    String name = SPOOF.replace("\n", ""); // a file name holds anything but '/' and NUL
    String shown = SHOWN.replace("\\n", "");
    Path f = dir.resolve("run" + name + ".json");
    Files.writeString(f, bundle);
    assertPrintable(airid("verify", "--bundle", f.toString(), "--key", p("k.pub"), "--verbose").out(), shown);
    CliTest.Result chain = airid("verify-chain", "--dir", dir.toString(), "--key", p("k.pub"));
    assertEquals(ExitCode.OK, chain.code(), chain.stderr());
    assertPrintable(chain.out(), shown);
    assertPrintable(airid("inspect", f.toString()).out(), shown);
    CliTest.Result missing = airid("verify", p("missing" + name), "--key", p("k.pub"));
    assertEquals(ExitCode.BAD_INPUT, missing.code());
    assertPrintable(missing.stderr(), shown);
    CliTest.Result option = airid("verify", "--bundle", f.toString(), "--key", p("k.pub"), "--no-such-option" + name);
    assertEquals(ExitCode.BAD_INPUT, option.code());
    assertPrintable(option.stderr(), shown);
  }

  @Test
  void declarationTextIsEscapedInVerifyChainInspectAndPolicyCheck() throws Exception {
    String decl = "{\"_type\":\"https://airid.dev/ai-run-declaration/v1\",\"model\":{\"name\":\"" + SPOOF_JSON + "\"},"
        + "\"parameters\":{\"temperature\":0.2},\"inputs\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    Path d = write("decl.json", decl);
    assertEquals(0, airid("attest", d.toString(), "--key", p("k.key"), "--out", p("spoof.json")).code());
    CliTest.Result verify = airid("verify", "--bundle", p("spoof.json"), "--key", p("k.pub"), "--verbose");
    assertEquals(ExitCode.OK, verify.code(), verify.stderr());
    assertPrintable(verify.out());
    for (String format : new String[] {"text", "dot"}) {
      CliTest.Result chain = airid("verify-chain", p("spoof.json"), "--key", p("k.pub"), "--format", format);
      assertEquals(ExitCode.OK, chain.code(), chain.stderr());
      // In DOT, the escapes' backslashes are themselves escaped, so that Graphviz shows them.
      assertPrintable(chain.out(), format.equals("dot") ? SHOWN.replace("\\", "\\\\") : SHOWN);
    }
    assertPrintable(airid("inspect", p("spoof.json")).out());
    Path member = write("member.json", "{\"_type\":\"https://airid.dev/ai-run-declaration/v1\",\"model\":{\"name\":\"m\"},\""
        + SPOOF_JSON + "\":1}");
    CliTest.Result unknown = airid("policy", "check", member.toString(), "--policy", CliTest.example().getParent().resolve("policy.yaml").toString());
    assertEquals(ExitCode.BAD_INPUT, unknown.code(), unknown.stderr());
    assertPrintable(unknown.stderr());
    CliTest.Result unknownJson = airid("policy", "check", member.toString(), "--policy", CliTest.example().getParent().resolve("policy.yaml").toString(), "--json");
    assertTrue(unknownJson.out().startsWith("{\"ok\":false,\"exitCode\":2,\"error\":{\"code\":\"DECL_UNKNOWN_MEMBER\""), unknownJson.out());
  }
}
