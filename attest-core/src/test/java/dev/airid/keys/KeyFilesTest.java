package dev.airid.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyFilesTest {

  private static final byte[] MSG = "message".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "ECDSA_P256", "ECDSA_P384", "RSA"})
  void pemRoundTripsAndKeyIdIsTheSpkiDigest(KeyType type) throws Exception {
    SigningKey k = KeyFiles.generate(type);
    SigningKey back = KeyFiles.readPrivate(KeyFiles.privatePem(k, null), "k.key", null, Optional.empty());
    VerificationKey pub = KeyFiles.readPublic(KeyFiles.publicPem(k.verificationKey()), "k.pub", Optional.empty());
    assertEquals(k.keyId(), back.keyId());
    assertEquals(k.keyId(), pub.keyId());
    assertEquals(Sha256.hexOf(pub.key().getEncoded()), pub.keyId());
    assertTrue(pub.verify(MSG, back.sign(MSG)));
    assertFalse(k.toString().contains("PRIVATE"), "toString shows no key material");
  }

  @Test
  void encryptedPemNeedsTheRightPassphrase() throws Exception {
    SigningKey k = KeyFiles.generate(KeyType.ECDSA_P256);
    byte[] pem = KeyFiles.privatePem(k, "s3cret-passphrase".toCharArray());
    assertTrue(new String(pem, StandardCharsets.US_ASCII).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    assertEquals(k.keyId(), KeyFiles.readPrivate(pem, "k", "s3cret-passphrase".toCharArray(), Optional.empty()).keyId());
    InputRejectedException wrong = assertThrows(InputRejectedException.class,
        () -> KeyFiles.readPrivate(pem, "k", "nope".toCharArray(), Optional.empty()));
    assertEquals(ErrorCode.KEY_PASSPHRASE, wrong.code());
    assertFalse(wrong.getMessage().contains("nope"));
    assertEquals(ErrorCode.KEY_PASSPHRASE,
        assertThrows(InputRejectedException.class, () -> KeyFiles.readPrivate(pem, "k", null, Optional.empty())).code());
  }

  @Test
  void hostileIterationCountsAreRefusedBeforeAnyWork() throws Exception {
    SigningKey k = KeyFiles.generate(KeyType.ED25519);
    var encryptor = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.jcajce.JcaPKCS8Generator.AES_256_CBC)
        .setPRF(org.bouncycastle.openssl.jcajce.JcaPKCS8Generator.PRF_HMACSHA256)
        .setIterationCount(KeyFiles.MAX_PBKDF2_ITERATIONS + 1)
        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
        .setPassword("x".toCharArray())
        .build();
    java.io.StringWriter w = new java.io.StringWriter();
    try (org.bouncycastle.util.io.pem.PemWriter pw = new org.bouncycastle.util.io.pem.PemWriter(w)) {
      pw.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k.privateKey(), encryptor).generate());
    }
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> KeyFiles.readPrivate(w.toString().getBytes(StandardCharsets.US_ASCII), "hostile.key", "x".toCharArray(), Optional.empty()));
    assertEquals(ErrorCode.KEY_UNSUPPORTED, e.code());
    assertTrue(e.getMessage().contains("PBKDF2 iterations"), e.getMessage());
  }

  @Test
  void rsaPssKeysKeepTheirKeyId() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSASSA-PSS");
    g.initialize(2048);
    java.security.KeyPair pair = g.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    String pub = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    SigningKey k = KeyFiles.readPrivate(pem.getBytes(StandardCharsets.US_ASCII), "pss.key", null, Optional.empty());
    VerificationKey v = KeyFiles.readPublic(pub.getBytes(StandardCharsets.US_ASCII), "pss.pub", Optional.empty());
    assertEquals(v.keyId(), k.keyId());
    assertTrue(v.verify(MSG, k.sign(MSG)));
  }

  @Test
  void jwkKeysOfEveryKindAreRead() throws Exception {
    SigningKey ec = KeyFiles.generate(KeyType.ECDSA_P256);
    ECKey ecJwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.verificationKey().key())
        .privateKey((ECPrivateKey) ec.privateKey()).build();
    SigningKey ecBack = KeyFiles.readPrivate(ecJwk.toJSONString().getBytes(StandardCharsets.UTF_8), "ec.jwk", null, Optional.empty());
    assertEquals(ec.keyId(), ecBack.keyId());
    VerificationKey ecPub = KeyFiles.readPublic(ecJwk.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), "ec.pub.jwk", Optional.empty());
    assertTrue(ecPub.verify(MSG, ecBack.sign(MSG)));

    SigningKey rsa = KeyFiles.generate(KeyType.RSA);
    RSAKey rsaJwk = new RSAKey.Builder((RSAPublicKey) rsa.verificationKey().key()).privateKey((RSAPrivateCrtKey) rsa.privateKey()).build();
    assertEquals(rsa.keyId(), KeyFiles.readPrivate(rsaJwk.toJSONString().getBytes(StandardCharsets.UTF_8), "r", null, Optional.empty()).keyId());
    String rs256 = rsaJwk.toPublicJWK().toJSONObject().entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
        .reduce("{\"alg\":\"RS256\"", (a, b) -> a + "," + b) + "}";
    assertEquals(SignatureAlgorithm.RSA_PKCS1_SHA256, KeyFiles.readPublic(rs256.getBytes(StandardCharsets.UTF_8), "r", Optional.empty()).algorithm());

    SigningKey edKey = KeyFiles.generate(KeyType.ED25519);
    byte[] spki = edKey.verificationKey().key().getEncoded();
    byte[] pkcs8 = edKey.privateKey().getEncoded();
    OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519,
            com.nimbusds.jose.util.Base64URL.encode(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length)))
        .d(com.nimbusds.jose.util.Base64URL.encode(java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)))
        .build();
    SigningKey ed = KeyFiles.readPrivate(okp.toJSONString().getBytes(StandardCharsets.UTF_8), "ed.jwk", null, Optional.empty());
    VerificationKey edPub = KeyFiles.readPublic(okp.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), "ed.pub.jwk", Optional.empty());
    assertTrue(edPub.verify(MSG, ed.sign(MSG)));
    assertEquals(edKey.keyId(), ed.keyId());
  }

  @Test
  void badKeysAreNamedErrors() throws Exception {
    SigningKey a = KeyFiles.generate(KeyType.ECDSA_P256);
    SigningKey b = KeyFiles.generate(KeyType.ECDSA_P256);
    ECKey mismatched = new ECKey.Builder(Curve.P_256, (ECPublicKey) a.verificationKey().key()).privateKey((ECPrivateKey) b.privateKey()).build();
    assertEquals(ErrorCode.KEY_INVALID, assertThrows(InputRejectedException.class,
        () -> KeyFiles.readPrivate(mismatched.toJSONString().getBytes(StandardCharsets.UTF_8), "m", null, Optional.empty())).code());
    String dup = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"a\",\"x\":\"b\"}";
    InputRejectedException d = assertThrows(InputRejectedException.class,
        () -> KeyFiles.readPublic(dup.getBytes(StandardCharsets.UTF_8), "dup.jwk", Optional.empty()));
    assertTrue(d.getMessage().contains("JSON_DUPLICATE_KEY"), d.getMessage());
    assertEquals(ErrorCode.KEY_MISMATCH, assertThrows(InputRejectedException.class, () -> KeyFiles.readPublic(
        KeyFiles.publicPem(a.verificationKey()), "p", Optional.of(SignatureAlgorithm.ED25519))).code());
    assertEquals(ErrorCode.KEY_INVALID, assertThrows(InputRejectedException.class, () -> KeyFiles.readPublic(
        KeyFiles.privatePem(a, null), "k.key", Optional.empty())).code());
    assertEquals(ErrorCode.KEY_INVALID, assertThrows(InputRejectedException.class, () -> KeyFiles.readPublic(
        "not a key".getBytes(StandardCharsets.UTF_8), "x", Optional.empty())).code());
    java.security.KeyPairGenerator small = java.security.KeyPairGenerator.getInstance("RSA");
    small.initialize(1024);
    java.security.PublicKey weak = small.generateKeyPair().getPublic();
    String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(weak.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    assertEquals(ErrorCode.KEY_UNSUPPORTED, assertThrows(InputRejectedException.class, () -> KeyFiles.readPublic(
        pem.getBytes(StandardCharsets.US_ASCII), "weak", Optional.empty())).code());
    java.security.KeyPairGenerator k1 = java.security.KeyPairGenerator.getInstance("EC");
    k1.initialize(new java.security.spec.ECGenParameterSpec("secp521r1"));
    String p521 = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(k1.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    assertEquals(ErrorCode.KEY_UNSUPPORTED, assertThrows(InputRejectedException.class, () -> KeyFiles.readPublic(
        p521.getBytes(StandardCharsets.US_ASCII), "p521", Optional.empty())).code());
  }
}
