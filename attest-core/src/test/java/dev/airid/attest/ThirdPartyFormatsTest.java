package dev.airid.attest;

import dev.airid.sigstore.Bundle;
import dev.airid.verify.Check;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.testing.Verifiers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import dev.airid.testing.Paths2;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;

/** DSSE's protocol test vector and in-toto's language-binding cases, read in place from ../shared. */
class ThirdPartyFormatsTest {

  private static JsonObject read(String relative) throws Exception {
    return (JsonObject) Json.parse(Files.readAllBytes(Paths2.externalVectors(relative)));
  }

  private static String str(JsonObject o, String... path) {
    JsonValue v = o;
    for (String p : path) {
      v = ((JsonObject) v).getOrNull(p);
    }
    return ((JsonString) v).value();
  }

  @Test
  void dsseProtocolVectorVerifiesAndResignsIdentically() throws Exception {
    JsonObject v = read("dsse/_derived/protocol-test-vector.json");
    JsonObject envJson = (JsonObject) ((JsonObject) v.getOrNull("verbatim")).getOrNull("envelope");
    Dsse.Envelope env = Dsse.parse(envJson, "");
    assertEquals(str(v, "verbatim", "pae_ascii"), new String(env.pae(), StandardCharsets.UTF_8));
    assertEquals(str(v, "derived", "pae_hex"), HexFormat.of().formatHex(env.pae()));

    // The vector's signature is raw r||s; DSSE in Sigstore uses DER. Our verifier takes DER, so convert and verify.
    VerificationKey key = KeyFiles.readPublic(str(v, "derived", "public_key_spki_pem").getBytes(StandardCharsets.US_ASCII),
        "dsse vector", Optional.of(SignatureAlgorithm.ECDSA_P256_SHA256));
    byte[] raw = env.signatures().get(0).sig();
    byte[] der = Base64.getDecoder().decode(str(v, "derived", "signature_der_base64"));
    assertArrayEquals(der, toDer(raw));
    assertTrue(key.verify(env.pae(), der));
    assertFalse(key.verify(env.pae(), raw), "raw r||s is not DER and must not verify");

    // RFC 6979 deterministic re-signing with the vector's private key gives the identical signature.
    X9ECParameters p256 = NISTNamedCurves.getByName("P-256");
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(str(v, "derived", "d_hex"), 16),
        new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH())));
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(env.pae());
    BigInteger[] rs = signer.generateSignature(digest);
    assertArrayEquals(raw, concat(unsigned(rs[0]), unsigned(rs[1])));

    // Keyid is only a hint: the doctest envelope with keyid verifies the same.
    Dsse.Envelope withKeyid = Dsse.parse(((JsonObject) v.getOrNull("verbatim")).getOrNull("envelope_from_doctest_with_keyid"), "");
    assertEquals("66301bbf", withKeyid.signatures().get(0).keyid());
    assertTrue(key.verify(withKeyid.pae(), toDer(withKeyid.signatures().get(0).sig())));
  }

  @Test
  void inTotoBindingCasesGetTheirVerdicts() throws Exception {
    JsonObject v = read("in-toto-attestation/_derived/binding-test-cases.json");
    List<String> wrong = new ArrayList<>();
    int n = 0;
    for (JsonValue c : (JsonArray) v.getOrNull("statement_cases")) {
      JsonObject tc = (JsonObject) c;
      boolean valid = !str(tc, "expected").equals("invalid");
      boolean ok;
      try {
        Statement.parse(Json.parse(str(tc, "input")));
        ok = true;
      } catch (InputRejectedException e) {
        ok = false;
      }
      if (ok != valid) {
        wrong.add(str(tc, "test"));
      }
      n++;
    }
    for (JsonValue c : (JsonArray) v.getOrNull("resource_descriptor_cases")) {
      JsonObject tc = (JsonObject) c;
      boolean valid = !str(tc, "expected").equals("invalid");
      boolean ok;
      try {
        Statement.resourceDescriptor(Json.parse(str(tc, "input")), "", false);
        ok = true;
      } catch (InputRejectedException e) {
        ok = false;
      }
      if (ok != valid) {
        wrong.add(str(tc, "test"));
      }
      n++;
    }
    assertEquals(22, n);
    assertTrue(wrong.isEmpty(), () -> "wrong verdicts: " + wrong);
  }

  @Test
  void dsseEnvelopeReaderIsStrict() {
    String ok = "{\"payload\":\"aGVsbG8gd29ybGQ=\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AAAA\"}]}";
    assertThrows(InputRejectedException.class, () -> Dsse.parse(Json.parse(ok.replace("aGVsbG8gd29ybGQ=", "aGVs+G8_d29ybGQ")), ""));
    assertThrows(InputRejectedException.class, () -> Dsse.parse(Json.parse(ok.replace("\"AAAA\"", "\"\"")), ""));
    assertThrows(InputRejectedException.class, () -> Dsse.parse(Json.parse(ok.replace("}]}", "}],\"x\":1}")), ""));
    assertThrows(InputRejectedException.class, () -> Dsse.parse(Json.parse(ok.replace("aGVsbG8gd29ybGQ=", "aGVsbG8g d29ybGQ=")), ""));
  }

  static byte[] toDer(byte[] raw) {
    try {
      int half = raw.length / 2;
      org.bouncycastle.asn1.ASN1EncodableVector vec = new org.bouncycastle.asn1.ASN1EncodableVector();
      vec.add(new org.bouncycastle.asn1.ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, half))));
      vec.add(new org.bouncycastle.asn1.ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, half, raw.length))));
      return new org.bouncycastle.asn1.DERSequence(vec).getEncoded("DER");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] unsigned(BigInteger x) {
    byte[] b = x.toByteArray();
    byte[] out = new byte[32];
    System.arraycopy(b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
