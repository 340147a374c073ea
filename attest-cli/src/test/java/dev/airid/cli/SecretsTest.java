package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that touches a private key, a passphrase or an identity token — and its failures — is run, and its
 * standard output, standard error and every file it wrote are searched for the secret material: the passphrase (right
 * and wrong), the private key as PEM, DER (base64) and raw scalar (hex, base64, base64url, bytes), the token and each of
 * its parts — whole, and every 24-character window of them. Inputs that hold secrets live in {@code secrets/}, which is
 * not searched; everything written goes to {@code out/}, which is, encrypted key files included (only an unencrypted
 * key file, which is the key, is not).
 */
class SecretsTest {

  @TempDir static Path shared;
  static SigstoreMock mock;

  @TempDir Path tmp;
  Path secrets;
  Path out;
  /** Searched for whole. */
  final List<String> secretTexts = new ArrayList<>();
  /** Searched for whole and by every 24-character window: text in which no public value can recur. */
  final List<String> secretWindows = new ArrayList<>();
  final List<byte[]> secretBytes = new ArrayList<>();
  final StringBuilder transcript = new StringBuilder();
  /** Unencrypted key files written on purpose: they are the key, so they alone are not searched. */
  final List<Path> plainKeyFiles = new ArrayList<>();

  static final String PASSPHRASE = "correct horse battery staple 7e1d";
  static final String WRONG = "correct horse battery stable 7e1d";

  @BeforeAll
  static void start() throws Exception {
    mock = SigstoreMock.start(shared);
  }

  @AfterAll
  static void stop() throws Exception {
    mock.close();
  }

  @BeforeEach
  void dirs() throws Exception {
    secrets = Files.createDirectory(tmp.resolve("secrets"));
    out = Files.createDirectory(tmp.resolve("out"));
    secretWithWindows(PASSPHRASE);
    secretWithWindows(WRONG);
  }

  /** Looks for every secret in everything the commands printed and wrote. */
  @AfterEach
  void nothingLeaked() throws Exception {
    List<String> texts = new ArrayList<>(List.of(transcript.toString()));
    List<byte[]> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(out)) {
      for (Path f : s.filter(Files::isRegularFile).filter(f -> !plainKeyFiles.contains(f)).toList()) {
        byte[] b = Files.readAllBytes(f);
        files.add(b);
        texts.add(new String(b, StandardCharsets.ISO_8859_1));
      }
    }
    List<String> all = new ArrayList<>(secretTexts);
    secretWindows.forEach(w -> all.addAll(pieces(w)));
    for (String piece : all) {
      for (String where : texts) {
        assertFalse(where.contains(piece), () -> "secret material \"" + piece + "\" found in:\n" + where);
      }
    }
    for (byte[] secret : secretBytes) {
      for (byte[] f : files) {
        assertFalse(indexOf(f, secret) >= 0, "raw private key bytes found in a written file");
      }
    }
  }

  /** The secret and every 24-character window of it, so that a part of one is found too. */
  static List<String> pieces(String secret) {
    List<String> p = new ArrayList<>(List.of(secret));
    for (int i = 0; i + 24 <= secret.length(); i++) {
      p.add(secret.substring(i, i + 24));
    }
    return p;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  void secret(String s) {
    secretTexts.add(s);
  }

  void secretWithWindows(String s) {
    secretWindows.add(s);
  }

  /** The private key's DER (as PEM body, base64) and its raw scalar in every spelling. */
  void privateKey(PrivateKeyInfo info) throws Exception {
    byte[] der = info.getEncoded();
    // Whole: the DER starts with the algorithm's identifiers, which the public key's encoding shares.
    secret(Base64.getEncoder().encodeToString(der));
    byte[] raw;
    ASN1Primitive inner = info.parsePrivateKey().toASN1Primitive();
    if (inner instanceof ASN1OctetString os) {
      raw = os.getOctets(); // Ed25519: the seed
    } else {
      raw = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(inner).getKey().toByteArray(); // EC: the scalar d
      if (raw.length > 1 && raw[0] == 0) {
        raw = java.util.Arrays.copyOfRange(raw, 1, raw.length);
      }
    }
    secretBytes.add(raw);
    secretBytes.add(der);
    secretWithWindows(HexFormat.of().formatHex(raw));
    secretWithWindows(HexFormat.of().withUpperCase().formatHex(raw));
    secretWithWindows(Base64.getEncoder().encodeToString(raw));
    secretWithWindows(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
  }

  /** Reads an encrypted PEM private key with the passphrase, as an attacker who has it would, to know what to look for. */
  void encryptedKey(Path pem, String passphrase) throws Exception {
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(pem)))) {
      PKCS8EncryptedPrivateKeyInfo enc = (PKCS8EncryptedPrivateKeyInfo) p.readObject();
      privateKey(enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
          .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(passphrase.toCharArray())));
    }
  }

  /**
   * The token and each part, whole; the signature also by windows. (Windows of the claims would find the identity,
   * which the signing certificate publishes on purpose.)
   */
  void token(String jwt) {
    secret(jwt);
    String[] parts = jwt.split("\\.");
    for (String part : parts) {
      if (!part.isEmpty()) {
        secret(part);
      }
    }
    if (parts.length == 3) {
      secretWithWindows(parts[2]);
    }
  }

  CliTest.Result airid(Map<String, String> env, String... args) {
    CliTest.Result r = CliTest.airidWithEnv(env, new byte[0], args);
    transcript.append(r.out()).append(r.stderr()); // the arguments, which hold secrets on purpose, are not searched
    return r;
  }

  String o(String name) {
    return out.resolve(name).toString();
  }

  @Test
  void keysAndPassphrases() throws Exception {
    Map<String, String> env = Map.of("AIRID_PASS", PASSPHRASE);
    // keygen with a passphrase: an encrypted key; then every command that reads it.
    assertEquals(0, airid(env, "keygen", "--out", o("k"), "--passphrase-env", "AIRID_PASS", "--json").code());
    encryptedKey(out.resolve("k.key"), PASSPHRASE);
    String keyFile = Files.readString(out.resolve("k.key"));
    assertTrue(keyFile.contains("ENCRYPTED PRIVATE KEY"), keyFile);
    assertFalse(keyFile.contains(PASSPHRASE));
    assertEquals(0, airid(env, "keygen", "--algorithm", "ecdsa-p256", "--out", o("p256"), "--passphrase-env", "AIRID_PASS").code());
    encryptedKey(out.resolve("p256.key"), PASSPHRASE);

    String decl = CliTest.example().toString();
    assertEquals(0, airid(env, "attest", decl, "--key", o("k.key"), "--passphrase-env", "AIRID_PASS", "--out", o("run.json")).code());
    assertEquals(0, airid(env, "attest", decl, "--key", o("p256.key"), "--passphrase-env", "AIRID_PASS", "--out", o("p256.json"), "--json").code());
    Files.writeString(out.resolve("review.md"), "generated\n");
    assertEquals(0, airid(env, "attest-output", "--run", o("run.json"), "--key", o("k.key"), "--passphrase-env", "AIRID_PASS",
        o("review.md")).code());
    assertEquals(0, airid(env, "verify", o("review.md.airid.jsonl"), "--key", o("k.pub"), "--artifact", o("review.md")).code());

    // Failures: the wrong passphrase, the passphrase given where its variable's name belongs, no passphrase at all,
    // the private key where a public key belongs.
    Map<String, String> wrong = Map.of("AIRID_PASS", WRONG);
    assertEquals(2, airid(wrong, "attest", decl, "--key", o("k.key"), "--passphrase-env", "AIRID_PASS", "--out", o("x.json")).code());
    assertEquals(2, airid(wrong, "attest-output", "--run", o("run.json"), "--key", o("k.key"), "--passphrase-env", "AIRID_PASS",
        o("review.md"), "--out", o("x.jsonl"), "--json").code());
    assertEquals(2, airid(Map.of(), "attest", decl, "--key", o("k.key"), "--passphrase-env", PASSPHRASE, "--out", o("x.json")).code());
    assertEquals(2, airid(Map.of(), "attest", decl, "--key", o("k.key"), "--passphrase-env", PASSPHRASE, "--out", o("x.json"), "--json").code());
    assertEquals(2, airid(Map.of(), "keygen", "--out", o("y"), "--passphrase-env", PASSPHRASE).code());
    assertEquals(2, airid(Map.of(), "keygen", "--out", o("y"), "--passphrase-env", "correct_horse_battery_staple_7e1d").code());
    secretWithWindows("correct_horse_battery_staple_7e1d"); // a passphrase that looks like a variable name is not printed either
    assertEquals(2, airid(Map.of(), "attest", decl, "--key", o("k.key"), "--out", o("x.json")).code());
    assertEquals(2, airid(env, "verify", o("run.json"), "--key", o("k.key")).code());
    assertFalse(Files.exists(out.resolve("x.json")));

    // A plain key (keygen without a passphrase warns); the key file is the key, so it alone is not searched.
    assertEquals(0, airid(Map.of(), "keygen", "--out", o("plain")).code());
    plainKeyFiles.add(out.resolve("plain.key"));
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(out.resolve("plain.key"))))) {
      privateKey((PrivateKeyInfo) p.readObject());
    }
    assertEquals(0, airid(Map.of(), "attest", decl, "--key", o("plain.key"), "--out", o("plain.json")).code());
    assertEquals(2, airid(Map.of(), "verify", o("plain.json"), "--key", o("plain.key"), "--json").code());
  }

  /**
   * Issue 17, mistake 8: whatever is given to --passphrase-env (the passphrase itself, by mistake, in every spelling
   * picocli might quote) is never printed, with or without --json; AIRID_PASSPHRASE is read by default.
   */
  @Test
  void passphraseEnvValuesAreNeverPrintedAndAiridPassphraseIsTheDefault() throws Exception {
    String decl = CliTest.example().toString();
    Map<String, String> env = Map.of("AIRID_PASSPHRASE", PASSPHRASE);
    assertEquals(0, airid(env, "keygen", "--out", o("d")).code());
    encryptedKey(out.resolve("d.key"), PASSPHRASE);
    assertEquals(0, airid(env, "attest", decl, "--key", o("d.key"), "--out", o("d.json")).code());
    assertEquals(2, airid(Map.of(), "attest", decl, "--key", o("d.key"), "--out", o("e.json")).code(), "no terminal, no variable");
    String dashed = "-" + PASSPHRASE.replace(' ', '-');
    secretWithWindows(dashed);
    List<String[]> mistakes = List.of(
        new String[] {"attest", decl, "--key", o("d.key"), "--passphrase-env", dashed, "--out", o("x.json")},
        new String[] {"attest", decl, "--key", o("d.key"), "--passphrase-env=" + PASSPHRASE, "--out", o("x.json"), "--json"},
        new String[] {"attest", decl, "--key", o("d.key"), "--passphrase-env", PASSPHRASE, "--frobnicate", "--json"},
        new String[] {"attest", decl, "--key", o("d.key"), "--passphrase-env", dashed, "--json"},
        new String[] {"keygen", "--out", o("z"), "--passphrase-env", PASSPHRASE, "--passphrase-env", PASSPHRASE},
        new String[] {"verify", "--bundle", o("d.json"), "--passphrase-env", PASSPHRASE},
        new String[] {"attest-output", "--run", o("d.json"), "--key", o("d.key"), "--passphrase-env", PASSPHRASE, o("missing.md")});
    for (String[] args : mistakes) {
      assertEquals(2, airid(Map.of(), args).code(), String.join(" ", args).replace(PASSPHRASE, "(passphrase)"));
    }
    assertFalse(Files.exists(out.resolve("x.json")));
  }

  static String token(Map<String, Object> claims) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
    claims.forEach(b::claim);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), b.build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  static Map<String, Object> claims(String audience, Instant expiry) {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", SigstoreMock.ISSUER);
    c.put("sub", SigstoreMock.SUBJECT);
    c.put("aud", audience);
    c.put("iat", new Date());
    c.put("exp", Date.from(expiry));
    return c;
  }

  @Test
  void identityTokens() throws Exception {
    String decl = CliTest.example().toString();
    List<String> keyless = List.of("--keyless", "--signing-config", mock.signingConfig().toString(),
        "--trusted-root", mock.trustedRoot().toString());
    String good = SigstoreMock.token();
    token(good);
    List<String> a = new ArrayList<>(List.of("attest", decl, "--out", o("k1.json"), "--identity-token", good));
    a.addAll(keyless);
    assertEquals(0, airid(Map.of(), a.toArray(String[]::new)).code());

    String viaFile = SigstoreMock.token();
    token(viaFile);
    Path tokenFile = Files.writeString(secrets.resolve("token.jwt"), viaFile + "\n");
    a = new ArrayList<>(List.of("attest", decl, "--out", o("k2.json"), "--json", "--identity-token", "@" + tokenFile));
    a.addAll(keyless);
    assertEquals(0, airid(Map.of(), a.toArray(String[]::new)).code());

    String viaEnv = SigstoreMock.token();
    token(viaEnv);
    a = new ArrayList<>(List.of("attest", decl, "--out", o("k3.json")));
    a.addAll(keyless);
    assertEquals(0, airid(Map.of("SIGSTORE_ID_TOKEN", viaEnv), a.toArray(String[]::new)).code());

    Files.writeString(out.resolve("review.md"), "generated\n");
    String forOutput = SigstoreMock.token();
    token(forOutput);
    a = new ArrayList<>(List.of("attest-output", "--run", o("k1.json"), o("review.md"), "--identity-token", forOutput));
    a.addAll(keyless);
    assertEquals(0, airid(Map.of(), a.toArray(String[]::new)).code());

    String conformance = SigstoreMock.token();
    token(conformance);
    assertEquals(0, airid(Map.of(), "conformance", "sign-bundle", "--identity-token", conformance, "--bundle", o("c.sigstore.json"),
        "--signing-config", mock.signingConfig().toString(), "--trusted-root", mock.trustedRoot().toString(), decl).code());

    // A token for another audience: Fulcio decides; whatever the outcome, nothing of the token is shown.
    String otherAudience = token(claims("not-sigstore", Instant.now().plusSeconds(600)));
    token(otherAudience);
    a = new ArrayList<>(List.of("attest", decl, "--out", o("aud.json"), "--identity-token", otherAudience));
    a.addAll(keyless);
    airid(Map.of(), a.toArray(String[]::new));

    // Malformed and unusable tokens: each is refused, and not repeated.
    String expired = token(claims("sigstore", Instant.now().minusSeconds(600)));
    String noSubject = token(Map.of("iss", SigstoreMock.ISSUER, "aud", "sigstore"));
    String[] parts = good.split("\\.");
    String notJsonPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString("hunter2 secret claims, not JSON".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    String notJsonHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"ES256\",secret-header"
        .getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
    String twoParts = parts[1] + "." + parts[2];
    String withSpace = parts[0] + "." + parts[1] + " ." + parts[2];
    String withOption = good + " --no-declared-at";
    for (String bad : List.of(expired, noSubject, notJsonPayload, notJsonHeader, twoParts, withSpace, withOption)) {
      token(bad);
      for (boolean json : new boolean[] {false, true}) {
        a = new ArrayList<>(List.of("attest", decl, "--out", o("bad.json"), "--identity-token", bad));
        a.addAll(keyless);
        if (json) {
          a.add("--json");
        }
        assertTrue(airid(Map.of(), a.toArray(String[]::new)).code() != 0, bad);
      }
      Path f = Files.writeString(secrets.resolve("bad.jwt"), bad);
      a = new ArrayList<>(List.of("attest", decl, "--out", o("bad.json"), "--identity-token", "@" + f));
      a.addAll(keyless);
      assertTrue(airid(Map.of(), a.toArray(String[]::new)).code() != 0, bad);
      a = new ArrayList<>(List.of("attest", decl, "--out", o("bad.json")));
      a.addAll(keyless);
      assertTrue(airid(Map.of("SIGSTORE_ID_TOKEN", bad), a.toArray(String[]::new)).code() != 0, bad);
      assertTrue(airid(Map.of(), "conformance", "sign-bundle", "--identity-token", bad, "--bundle", o("bad.sigstore.json"),
          "--signing-config", mock.signingConfig().toString(), "--trusted-root", mock.trustedRoot().toString(), decl).code() != 0, bad);
    }
    assertFalse(Files.exists(out.resolve("bad.json")));
    // And a token with a key: a usage error that does not repeat it.
    assertEquals(2, airid(Map.of(), "attest", decl, "--out", o("mixed.json"), "--key", o("none.key"), "--identity-token", good).code());
  }
}
