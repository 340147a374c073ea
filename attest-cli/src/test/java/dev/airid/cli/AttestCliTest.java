package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.declaration.Declaration;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keygen → attest → attest-output → verify → inspect, through the command. */
class AttestCliTest {

  @TempDir Path tmp;

  String p(String name) {
    return tmp.resolve(name).toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa-p256", "ecdsa-p384", "rsa-3072"})
  void quickStartWorksForEveryAlgorithm(String algorithm) throws Exception {
    CliTest.Result keygen = airid("keygen", "--algorithm", algorithm, "--out", p("k"));
    assertEquals(0, keygen.code(), keygen.stderr());
    assertTrue(keygen.stderr().contains("not encrypted"), "warns about a plain private key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("k.key"))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("k.pub"))));

    String example = CliTest.example().toString();
    assertEquals(0, airid("attest", example, "--key", p("k.key"), "--out", p("run.bundle.json")).code());
    Files.writeString(tmp.resolve("review.md"), "No issues found.\n");
    CliTest.Result out = airid("attest-output", "--run", p("run.bundle.json"), "--key", p("k.key"), p("review.md"),
        "--reported-model", "gpt-4o-2024-08-06", "--input-tokens", "10", "--output-tokens", "5");
    assertEquals(0, out.code(), out.stderr());
    assertTrue(Files.exists(tmp.resolve("review.md.airid.jsonl")));

    CliTest.Result verify = airid("verify", p("review.md"), "--key", p("k.pub"), "--json");
    assertEquals(0, verify.code(), verify.stderr());
    String identity = Declaration.parse(Files.readAllBytes(CliTest.example())).identity().toString();
    assertTrue(verify.out().startsWith("{\"ok\":true,\"exitCode\":0,\"error\":null,\"results\":[{\"artifact\":"), verify.out());
    assertTrue(verify.out().contains("\"outcome\":\"verified\""), verify.out());
    assertTrue(verify.out().contains("\"identity\":\"" + identity + "\""), verify.out());
    assertTrue(verify.out().contains("\"name\":\"artifact.digest\",\"bundle\":-1,\"status\":\"pass\""), verify.out());
    assertEquals("", verify.stderr());

    // The output changes: not verified, exit 1, and the failed check is named.
    Files.writeString(tmp.resolve("review.md"), "No issues found!\n");
    CliTest.Result tampered = airid("verify", p("review.md"), "--key", p("k.pub"));
    assertEquals(1, tampered.code());
    assertTrue(tampered.out().startsWith("NOT verified") && tampered.out().contains("FAIL artifact.digest"), tampered.out());
  }

  /** Issue 18, finding 1: (n, e) and (n, e + λ(n)) accept the same signatures; they are one signer, never two. */
  @Test
  void oneRsaSignerCannotMeetAThresholdOfTwo() throws Exception {
    assertEquals(0, airid("keygen", "--algorithm", "rsa-3072", "--out", p("r")).code());
    String pem = Files.readString(tmp.resolve("r.key"));
    byte[] pkcs8 = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    java.security.interfaces.RSAPrivateCrtKey priv = (java.security.interfaces.RSAPrivateCrtKey)
        java.security.KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
    java.math.BigInteger p1 = priv.getPrimeP().subtract(java.math.BigInteger.ONE);
    java.math.BigInteger q1 = priv.getPrimeQ().subtract(java.math.BigInteger.ONE);
    java.math.BigInteger lambda = p1.multiply(q1).divide(p1.gcd(q1));
    java.security.PublicKey twin = java.security.KeyFactory.getInstance("RSA").generatePublic(
        new java.security.spec.RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent().add(lambda)));
    Files.writeString(tmp.resolve("twin.pub"), "-----BEGIN PUBLIC KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(twin.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    assertEquals(0, airid("attest", CliTest.example().toString(), "--key", p("r.key"), "--out", p("run.json")).code());
    assertEquals(0, airid("verify", "--bundle", p("run.json"), "--key", p("twin.pub")).code(), "the twin accepts the same signatures");

    CliTest.Result two = airid("verify", "--bundle", p("run.json"), "--key", p("r.pub"), "--key", p("twin.pub"), "--threshold", "2", "--json");
    assertEquals(2, two.code(), two.stderr());
    assertTrue(two.out().contains("\"code\":\"TRUST_POLICY_INVALID\""), two.out());
    Files.writeString(tmp.resolve("policy.yaml"), "policy: https://airid.dev/policy/v1\nverification:\n  trustedKeys: [r.pub, twin.pub]\n  threshold: 2\n");
    CliTest.Result viaPolicy = airid("verify", "--bundle", p("run.json"), "--policy", p("policy.yaml"), "--json");
    assertEquals(2, viaPolicy.code(), viaPolicy.stderr());
    assertTrue(viaPolicy.out().contains("\"code\":\"TRUST_POLICY_INVALID\""), viaPolicy.out());
  }

  @Test
  void wrongKeyRedactionInspectAndErrors() throws Exception {
    airid("keygen", "--out", p("a"));
    airid("keygen", "--algorithm", "ecdsa-p256", "--out", p("b"));
    String example = CliTest.example().toString();
    assertEquals(0, airid("attest", example, "--key", p("a.key"), "--redact", "/context", "--out", p("run.json")).code());
    String bundle = Files.readString(tmp.resolve("run.json"));
    assertFalse(bundle.contains("eval("), "redacted context is not in the bundle");

    CliTest.Result wrong = airid("verify", "--bundle", p("run.json"), "--key", p("b.pub"));
    assertEquals(1, wrong.code());
    assertTrue(wrong.out().contains("FAIL envelope.signature"), wrong.out());

    CliTest.Result inspect = airid("inspect", p("run.json"));
    assertEquals(0, inspect.code());
    assertTrue(inspect.out().contains("NOT verified") && inspect.out().contains("redacted: 1 [/context/0]"), inspect.out());

    // A private key where a public one belongs, a missing bundle, an existing output: exit 2, one line each.
    CliTest.Result priv = airid("verify", "--bundle", p("run.json"), "--key", p("a.key"));
    assertEquals(2, priv.code());
    assertTrue(priv.stderr().contains("KEY_INVALID"), priv.stderr());
    assertEquals(2, airid("verify", p("nope.json"), "--key", p("a.pub")).code());
    CliTest.Result exists = airid("attest", example, "--key", p("a.key"), "--out", p("run.json"));
    assertEquals(2, exists.code());
    assertTrue(exists.stderr().contains("OUTPUT_EXISTS"));
    CliTest.Result mismatch = airid("verify", "--bundle", p("run.json"), "--key", p("a.pub"), "--key-algorithm", "ecdsa-p256-sha256");
    assertEquals(2, mismatch.code());
    assertTrue(mismatch.stderr().contains("KEY_MISMATCH"), mismatch.stderr());
    CliTest.Result keygenBad = airid("keygen", "--algorithm", "dsa", "--out", p("c"));
    assertEquals(2, keygenBad.code());
  }

  @Test
  void outputsAreBoundOnlyToARunThatVerifies() throws Exception {
    airid("keygen", "--out", p("planner"));
    airid("keygen", "--out", p("worker"));
    assertEquals(0, airid("attest", CliTest.example().toString(), "--key", p("planner.key"), "--out", p("run.json")).code());
    Files.writeString(tmp.resolve("o.md"), "x\n");
    CliTest.Result other = airid("attest-output", "--run", p("run.json"), "--key", p("worker.key"), p("o.md"));
    assertEquals(1, other.code());
    assertTrue(other.stderr().contains("--run-key"), other.stderr());
    assertFalse(Files.exists(tmp.resolve("o.md.airid.jsonl")));
    CliTest.Result ok = airid("attest-output", "--run", p("run.json"), "--key", p("worker.key"), "--run-key", p("planner.pub"), p("o.md"));
    assertEquals(0, ok.code(), ok.stderr());
    // The provenance verifies with both keys trusted (the run by the planner, the output by the worker).
    assertEquals(0, airid("verify", p("o.md.airid.jsonl"), "--key", p("planner.pub"), "--key", p("worker.pub"), "--artifact", p("o.md")).code());
    String run = Files.readString(tmp.resolve("run.json"));
    Files.writeString(tmp.resolve("forged.json"), run.replace("\"sig\":\"", "\"sig\":\"AAAA"));
    CliTest.Result forged = airid("attest-output", "--run", p("forged.json"), "--key", p("planner.key"), p("o.md"), "--out", p("f.jsonl"));
    assertEquals(1, forged.code());
    assertFalse(Files.exists(tmp.resolve("f.jsonl")));
  }

  @Test
  void unsetPassphraseVariableIsAnError() throws Exception {
    CliTest.Result r = airid("keygen", "--out", p("x"), "--passphrase-env", "AIRID_TEST_SURELY_UNSET_VARIABLE");
    assertEquals(2, r.code());
    assertTrue(r.stderr().contains("KEY_PASSPHRASE"), r.stderr());
    assertFalse(Files.exists(tmp.resolve("x.key")));
  }

  /** A real process, so that the passphrase can come from the environment as users give it. */
  @Test
  void encryptedKeysRoundTripWithThePassphraseFromTheEnvironment() throws Exception {
    Map<String, String> env = Map.of("AIRID_PASS", "correct horse battery staple");
    assertEquals(0, process(env, "keygen", "--algorithm", "ecdsa-p256", "--out", p("enc"), "--passphrase-env", "AIRID_PASS").code);
    assertTrue(Files.readString(tmp.resolve("enc.key")).contains("BEGIN ENCRYPTED PRIVATE KEY"));
    Proc ok = process(env, "attest", CliTest.example().toString(), "--key", p("enc.key"), "--passphrase-env", "AIRID_PASS", "--out", p("r.json"));
    assertEquals(0, ok.code, ok.err);
    Proc wrong = process(Map.of("AIRID_PASS", "wrong"), "attest", CliTest.example().toString(), "--key", p("enc.key"),
        "--passphrase-env", "AIRID_PASS", "--out", p("r2.json"));
    assertEquals(2, wrong.code);
    assertTrue(wrong.err.contains("KEY_PASSPHRASE"), wrong.err);
    assertFalse(wrong.err.contains("correct horse"), "never echo secrets");
    Proc none = process(Map.of(), "attest", CliTest.example().toString(), "--key", p("enc.key"), "--out", p("r3.json"));
    assertEquals(2, none.code);
    assertTrue(none.err.contains("--passphrase-env"), none.err);
  }

  record Proc(int code, String out, String err) {}

  static Proc process(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process pr = pb.start();
    byte[] out = pr.getInputStream().readAllBytes();
    byte[] err = pr.getErrorStream().readAllBytes();
    assertTrue(pr.waitFor(120, TimeUnit.SECONDS));
    return new Proc(pr.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
