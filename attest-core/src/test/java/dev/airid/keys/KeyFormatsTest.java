package dev.airid.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key files users already have: PKCS#8, SEC 1 "EC PRIVATE KEY" with or without the "EC PARAMETERS" block that {@code
 * openssl ecparam -genkey} writes before it, and formats airid refuses by name (cosign's encrypted keys, OpenSSH,
 * OpenPGP, certificates, legacy OpenSSL encryption). The files are made here with the JDK and Bouncy Castle, so the
 * test always runs; one more test reads what the {@code openssl} command writes, where it is installed.
 */
class KeyFormatsTest {

  @TempDir Path tmp;

  static final byte[] MSG = "key formats".getBytes(StandardCharsets.UTF_8);

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  /** SEC 1 ECPrivateKey of {@code key}: with the named curve and the public key, or bare. */
  static byte[] sec1(SigningKey key, boolean withParameters, boolean withPublicKey, ASN1ObjectIdentifier curve) throws Exception {
    ECPrivateKey ec = (ECPrivateKey) key.privateKey();
    int bits = ec.getParams().getOrder().bitLength();
    byte[] point = SubjectPublicKeyInfo.getInstance(key.verificationKey().key().getEncoded()).getPublicKeyData().getBytes();
    BigInteger d = ec.getS();
    org.bouncycastle.asn1.sec.ECPrivateKey s = new org.bouncycastle.asn1.sec.ECPrivateKey(bits, d,
        withPublicKey ? new DERBitString(point) : null, withParameters ? curve : null);
    return s.getEncoded("DER");
  }

  static SigningKey read(String text) throws InputRejectedException {
    return KeyFiles.readPrivate(text.getBytes(StandardCharsets.US_ASCII), "k.pem", null, Optional.empty());
  }

  static void sameKey(SigningKey expected, SigningKey read) throws Exception {
    assertEquals(expected.keyId(), read.keyId());
    assertTrue(expected.verificationKey().verify(MSG, read.sign(MSG)), "the key read signs for the original's public key");
  }

  static ErrorCode refused(String text, boolean wantPrivate) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    return assertThrows(InputRejectedException.class, () -> {
      if (wantPrivate) {
        KeyFiles.readPrivate(b, "k.pem", null, Optional.empty());
      } else {
        KeyFiles.readPublic(b, "k.pem", Optional.empty());
      }
    }).code();
  }

  @ParameterizedTest
  @ValueSource(strings = {"p256", "p384"})
  void sec1KeysWithAndWithoutTheirEcParametersBlock(String which) throws Exception {
    boolean p256 = which.equals("p256");
    SigningKey key = KeyFiles.generate(p256 ? KeyType.ECDSA_P256 : KeyType.ECDSA_P384);
    ASN1ObjectIdentifier curve = p256 ? X9ObjectIdentifiers.prime256v1 : SECObjectIdentifiers.secp384r1;
    String params = pem("EC PARAMETERS", curve.getEncoded("DER"));

    sameKey(key, read(pem("PRIVATE KEY", key.privateKey().getEncoded())));                       // PKCS#8
    sameKey(key, read(pem("EC PRIVATE KEY", sec1(key, true, true, curve))));                       // SEC 1 alone
    sameKey(key, read(params + pem("EC PRIVATE KEY", sec1(key, true, true, curve))));              // openssl ecparam -genkey
    sameKey(key, read(params + "\n" + pem("EC PRIVATE KEY", sec1(key, false, false, curve))));     // the curve only in the block
    sameKey(key, read(params + pem("EC PRIVATE KEY", sec1(key, true, false, curve))));

    // The two blocks must agree on the curve, and the stored public key must be the scalar's.
    ASN1ObjectIdentifier other = p256 ? SECObjectIdentifiers.secp384r1 : X9ObjectIdentifiers.prime256v1;
    assertEquals(ErrorCode.KEY_INVALID, refused(pem("EC PARAMETERS", other.getEncoded("DER")) + pem("EC PRIVATE KEY",
        sec1(key, true, true, curve)), true));
    SigningKey another = KeyFiles.generate(p256 ? KeyType.ECDSA_P256 : KeyType.ECDSA_P384);
    byte[] otherPoint = SubjectPublicKeyInfo.getInstance(another.verificationKey().key().getEncoded()).getPublicKeyData().getBytes();
    ECPrivateKey ec = (ECPrivateKey) key.privateKey();
    byte[] crossed = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
        new DERBitString(otherPoint), curve).getEncoded("DER");
    assertEquals(ErrorCode.KEY_INVALID, refused(params + pem("EC PRIVATE KEY", crossed), true));
    // A private key where a public one is expected, in this form too.
    assertEquals(ErrorCode.KEY_INVALID, refused(params + pem("EC PRIVATE KEY", sec1(key, true, true, curve)), false));
  }

  @Test
  void explicitCurveParametersAreRefusedByName() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ECDSA_P256);
    byte[] explicit = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("prime256v1").toASN1Primitive().getEncoded("DER");
    assertEquals(ErrorCode.KEY_UNSUPPORTED, refused(pem("EC PARAMETERS", explicit)
        + pem("EC PRIVATE KEY", sec1(key, false, false, X9ObjectIdentifiers.prime256v1)), true));
  }

  @Test
  void formatsAiridDoesNotReadAreNamed() throws Exception {
    // cosign's encrypted key files: a JSON document (scrypt, NaCl secretbox) in a PEM block of its own label.
    byte[] cosignJson = "{\"kdf\":{\"name\":\"scrypt\"},\"cipher\":{\"name\":\"nacl/secretbox\"},\"ciphertext\":\"AAAA\"}"
        .getBytes(StandardCharsets.UTF_8);
    for (String label : List.of("ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY")) {
      assertEquals(ErrorCode.KEY_UNSUPPORTED, refused(pem(label, cosignJson), true), label);
      assertEquals(ErrorCode.KEY_UNSUPPORTED, refused(pem(label, cosignJson), false), label);
      InputRejectedException e = assertThrows(InputRejectedException.class,
          () -> KeyFiles.readPrivate(pem(label, cosignJson).getBytes(StandardCharsets.US_ASCII), "cosign.key", null, Optional.empty()));
      assertTrue(e.getMessage().contains("cosign"), "the message names the format: " + e.getMessage());
      assertTrue(!KeyFiles.isEncrypted(pem(label, cosignJson).getBytes(StandardCharsets.US_ASCII)),
          "no passphrase is asked for a key that cannot be read anyway");
    }
    assertEquals(ErrorCode.KEY_UNSUPPORTED, refused(pem("OPENSSH PRIVATE KEY", new byte[] {1, 2, 3}), true));
    assertEquals(ErrorCode.KEY_UNSUPPORTED, refused(pem("PGP PRIVATE KEY BLOCK", new byte[] {1, 2, 3}), true));
    assertEquals(ErrorCode.KEY_UNSUPPORTED, refused("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2nJ7E user@host\n", false));
    assertEquals(ErrorCode.KEY_INVALID, refused(pem("CERTIFICATE", new byte[] {0x30, 0}), false));
    assertEquals(ErrorCode.KEY_INVALID, refused(pem("CERTIFICATE", new byte[] {0x30, 0}), true));
    assertEquals(ErrorCode.KEY_INVALID, refused(pem("X509 CRL", new byte[] {0x30, 0}), true));
    String legacy = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
        + "AAAA\n-----END EC PRIVATE KEY-----\n";
    assertEquals(ErrorCode.KEY_UNSUPPORTED, refused(legacy, true));
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    String two = pem("PRIVATE KEY", key.privateKey().getEncoded()) + pem("PRIVATE KEY", key.privateKey().getEncoded());
    assertEquals(ErrorCode.KEY_INVALID, refused(two, true));
  }

  @Test
  void pemBlockCount() throws Exception {
    String block = pem("EC PARAMETERS", new byte[] {0x06, 0x01, 0x01});
    assertEquals(KeyFormats.MAX_PEM_BLOCKS, KeyFormats.blocks(block.repeat(KeyFormats.MAX_PEM_BLOCKS), "k.pem").size());
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> KeyFormats.blocks(block.repeat(KeyFormats.MAX_PEM_BLOCKS + 1), "k.pem"));
    assertEquals(ErrorCode.KEY_INVALID, e.code());
  }

  /** What the openssl command writes, where it is installed: EC PARAMETERS + EC PRIVATE KEY, SEC 1 alone, PKCS#8. */
  @Test
  void keysWrittenByOpenssl() throws Exception {
    Assumptions.assumeTrue(openssl("version") != null, "openssl is not installed");
    String[][] commands = {
      {"ecparam", "-name", "prime256v1", "-genkey", "-out", "a.pem"},
      {"ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "b.pem"},
      {"genpkey", "-algorithm", "ed25519", "-out", "c.pem"},
      {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "d.pem"},
    };
    for (String[] c : commands) {
      Assumptions.assumeTrue(openssl(c) != null, "openssl " + String.join(" ", c) + " failed");
      Path f = tmp.resolve(c[c.length - 1]);
      SigningKey k = KeyFiles.readPrivate(f, dev.airid.keys.PassphraseSource.none());
      String pub = openssl("pkey", "-in", f.toString(), "-pubout");
      VerificationKey v = KeyFiles.readPublic(pub.getBytes(StandardCharsets.US_ASCII), "pub", Optional.empty());
      assertArrayEquals(v.key().getEncoded(), k.verificationKey().key().getEncoded(), String.join(" ", c));
    }
    assertTrue(Files.readString(tmp.resolve("a.pem")).contains("EC PARAMETERS"), "openssl ecparam -genkey writes the block");
  }

  private String openssl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
