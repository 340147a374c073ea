package dev.airid.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/**
 * A threshold counts signers, so keys are told apart by their mathematical value, and key files must be DER
 * (issue 18, finding 1: one RSA key in two spellings, or as (n, e + λ(n)), met a threshold of two).
 */
class KeyIdentityTest {

  private static final byte[] MSG = "one signer".getBytes(StandardCharsets.UTF_8);

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static SigningKey rsa() throws Exception {
    return KeyFiles.generate(KeyType.RSA);
  }

  @Test
  void rsaKeyWithExponentPlusLambdaIsTheSameSigner() throws Exception {
    SigningKey k = rsa();
    RSAPrivateCrtKey priv = (RSAPrivateCrtKey) k.privateKey();
    BigInteger p1 = priv.getPrimeP().subtract(BigInteger.ONE);
    BigInteger q1 = priv.getPrimeQ().subtract(BigInteger.ONE);
    BigInteger lambda = p1.multiply(q1).divide(p1.gcd(q1));
    RSAPublicKey twin = (RSAPublicKey) KeyFactory.getInstance("RSA")
        .generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent().add(lambda)));
    VerificationKey read = KeyFiles.readPublic(pem("PUBLIC KEY", twin.getEncoded()).getBytes(StandardCharsets.US_ASCII),
        "twin.pub", Optional.empty());
    // A different, well-formed key that accepts exactly the signatures of the original: the same signer.
    assertNotEquals(k.verificationKey().keyId(), read.keyId());
    assertTrue(read.verify(MSG, k.sign(MSG)));
    assertEquals(k.verificationKey().materialId(), read.materialId());
    assertThrows(dev.airid.InputRejectedException.class, () -> dev.airid.testing.Verifiers.keys(List.of(k.verificationKey(), read), 2));
  }

  @Test
  void nonMinimalRsaIntegersAreRefused() throws Exception {
    RSAPublicKey pub = (RSAPublicKey) rsa().verificationKey().key();
    // RSAPublicKey ::= SEQUENCE { n, e } with a redundant leading zero byte on the modulus.
    byte[] n = pub.getModulus().toByteArray(); // already has one leading 0x00 (n's top bit is set)
    byte[] padded = new byte[n.length + 1];
    System.arraycopy(n, 0, padded, 1, n.length);
    byte[] inner = seq(concat(tlv(0x02, padded), tlv(0x02, pub.getPublicExponent().toByteArray())));
    SubjectPublicKeyInfo orig = SubjectPublicKeyInfo.getInstance(pub.getEncoded());
    byte[] spki = new SubjectPublicKeyInfo(orig.getAlgorithm(), inner).getEncoded("DER");
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> KeyFiles.readPublic(
        pem("PUBLIC KEY", spki).getBytes(StandardCharsets.US_ASCII), "padded.pub", Optional.empty()));
    assertEquals(ErrorCode.KEY_INVALID, e.code());
  }

  @Test
  void berLengthsAreRefused() throws Exception {
    byte[] der = rsa().verificationKey().key().getEncoded();
    // The outer SEQUENCE's length in long form with a redundant leading zero: 30 83 00 LL LL instead of 30 82 LL LL.
    assertEquals(0x30, der[0]);
    assertEquals((byte) 0x82, der[1]);
    byte[] ber = new byte[der.length + 1];
    ber[0] = 0x30;
    ber[1] = (byte) 0x83;
    ber[2] = 0;
    System.arraycopy(der, 2, ber, 3, der.length - 2);
    assertEquals(ErrorCode.KEY_INVALID, assertThrows(InputRejectedException.class, () -> KeyFiles.readPublic(
        pem("PUBLIC KEY", ber).getBytes(StandardCharsets.US_ASCII), "ber.pub", Optional.empty())).code());
    // Indefinite length: 30 80 … 00 00.
    byte[] indefinite = new byte[der.length - 4 + 2 + 2];
    indefinite[0] = 0x30;
    indefinite[1] = (byte) 0x80;
    System.arraycopy(der, 4, indefinite, 2, der.length - 4);
    assertEquals(ErrorCode.KEY_INVALID, assertThrows(InputRejectedException.class, () -> KeyFiles.readPublic(
        pem("PUBLIC KEY", indefinite).getBytes(StandardCharsets.US_ASCII), "indef.pub", Optional.empty())).code());
  }

  @Test
  void compressedAndUncompressedPointsAreOneSigner() throws Exception {
    for (KeyType t : List.of(KeyType.ECDSA_P256, KeyType.ECDSA_P384)) {
      SigningKey k = KeyFiles.generate(t);
      ECPublicKey ec = (ECPublicKey) k.verificationKey().key();
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(ec.getEncoded());
      int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      byte[] x = fixed(ec.getW().getAffineX(), size);
      byte[] compressed = new byte[size + 1];
      compressed[0] = (byte) (ec.getW().getAffineY().testBit(0) ? 3 : 2);
      System.arraycopy(x, 0, compressed, 1, size);
      byte[] der = new SubjectPublicKeyInfo(spki.getAlgorithm(), compressed).getEncoded("DER");
      VerificationKey read = KeyFiles.readPublic(pem("PUBLIC KEY", der).getBytes(StandardCharsets.US_ASCII), "c.pub", Optional.empty());
      assertTrue(read.verify(MSG, k.sign(MSG)));
      assertEquals(k.verificationKey().materialId(), read.materialId(), t.id());
      assertThrows(dev.airid.InputRejectedException.class, () -> dev.airid.testing.Verifiers.keys(List.of(k.verificationKey(), read), 2));
    }
  }

  @Test
  void distinctKeysStayDistinct() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (KeyType t : List.of(KeyType.ED25519, KeyType.ED25519, KeyType.ECDSA_P256, KeyType.ECDSA_P384, KeyType.RSA)) {
      ids.add(KeyFiles.generate(t).verificationKey().materialId());
    }
    assertEquals(ids.size(), ids.stream().distinct().count());
  }

  @Test
  void ed25519NonCanonicalEncodingIsTheSamePoint() throws Exception {
    // y = 0 has a point (x = sqrt(-1)); p encodes the same y without reducing it (RFC 8032 §5.1.3).
    BigInteger p = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    KeyFactory f = KeyFactory.getInstance("Ed25519");
    var spec = java.security.spec.NamedParameterSpec.ED25519;
    var canonical = f.generatePublic(new java.security.spec.EdECPublicKeySpec(spec, new java.security.spec.EdECPoint(false, BigInteger.ZERO)));
    var other = f.generatePublic(new java.security.spec.EdECPublicKeySpec(spec, new java.security.spec.EdECPoint(false, p)));
    assertEquals(VerificationKey.materialId(canonical), VerificationKey.materialId(other));
  }

  @Test
  void derCheckerRejectsDeepNestingWithoutRecursion() {
    byte[] deep = new byte[2 * 60000];
    for (int i = 0; i < 60000; i++) {
      deep[2 * i] = 0x30;
      deep[2 * i + 1] = (byte) 0x80;
    }
    assertTrue(!StrictDer.isDer(deep));
    byte[] ok = seq(seq(tlv(0x02, new byte[] {1})));
    assertTrue(StrictDer.isDer(ok));
    assertTrue(!StrictDer.isDer(Arrays.copyOf(ok, ok.length + 1)), "trailing data");
  }

  private static byte[] fixed(BigInteger v, int size) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[size];
    int n = Math.min(b.length, size);
    System.arraycopy(b, b.length - n, out, size - n, n);
    return out;
  }

  private static byte[] seq(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    int n = content.length;
    byte[] len = n < 0x80 ? new byte[] {(byte) n}
        : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n} : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    return concat(new byte[] {(byte) tag}, concat(len, content));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
