package dev.airid.sigstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.sigstore.TransparencyLogEntry;
import dev.airid.sigstore.TrustedRoot;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyless limits of spec/limits.md, each given an input exactly at the limit (accepted) and one past it (refused).
 * These reach into the internal parsers, where each limit is enforced; SigstoreLimitsTest has the public ones.
 */
class InternalLimitsTest {

  @TempDir Path tmp;

  static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  /** A self-signed Ed25519 certificate (fixed-size signature), with {@code extensions} added. */
  static X509Certificate certificate(KeyPair kp, byte[] filler, byte[] sctList) throws Exception {
    X500Name name = new X500Name("CN=limits");
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(0), new Date(4_000_000_000_000L), name,
        kp.getPublic());
    if (filler != null) {
      b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.2"), false, new DEROctetString(filler));
    }
    if (sctList != null) {
      b.addExtension(FulcioCertificate.SCT_LIST, false, new DEROctetString(sctList));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("Ed25519").build(kp.getPrivate())));
  }

  /** The DER of a certificate of exactly {@code size} bytes, grown with a filler extension. */
  static byte[] certificateOfSize(KeyPair kp, int size) throws Exception {
    int filler = size - certificate(kp, new byte[0], null).getEncoded().length;
    for (int attempt = 0; attempt < 8; attempt++) {
      byte[] der = certificate(kp, new byte[filler], null).getEncoded();
      if (der.length == size) {
        return der;
      }
      filler += size - der.length; // DER length fields grow by a byte at 128, 256, 65536: adjust and retry
    }
    throw new IllegalStateException("no certificate of exactly " + size + " bytes");
  }

  @Test
  void certificateSize() throws Exception {
    int max = FulcioCertificate.MAX_CERTIFICATE_BYTES;
    KeyPair kp = ed25519();
    assertEquals(max, FulcioCertificate.parse(certificateOfSize(kp, max)).getEncoded().length);
    byte[] past = certificateOfSize(kp, max + 1);
    assertThrows(java.security.cert.CertificateException.class, () -> FulcioCertificate.parse(past));
    assertEquals(max + 1, java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(past)).getEncoded().length, "a well-formed certificate, only too large");
  }

  /** An RFC 6962 SCT list of {@code n} SCTs by unknown logs. */
  static byte[] sctList(int n) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      ByteArrayOutputStream s = new ByteArrayOutputStream();
      s.write(0); // v1
      s.writeBytes(new byte[32]); // log id
      s.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i}); // timestamp
      s.writeBytes(new byte[] {0, 0}); // no extensions
      s.write(4); // sha256
      s.write(3); // ecdsa
      s.writeBytes(new byte[] {0, 2, 0x30, 0x00}); // a signature
      byte[] sct = s.toByteArray();
      all.write(sct.length >>> 8);
      all.write(sct.length);
      all.writeBytes(sct);
    }
    byte[] body = all.toByteArray();
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    list.write(body.length >>> 8);
    list.write(body.length);
    list.writeBytes(body);
    return list.toByteArray();
  }

  @Test
  void sctsPerCertificate() throws Exception {
    int max = FulcioCertificate.MAX_SCTS;
    KeyPair kp = ed25519();
    X509Certificate at = certificate(kp, null, sctList(max));
    assertEquals(max, FulcioCertificate.scts(at, at, List.of()).size());
    X509Certificate past = certificate(kp, null, sctList(max + 1));
    assertThrows(java.security.cert.CertificateParsingException.class, () -> FulcioCertificate.scts(past, past, List.of()));
  }

  /**
   * A checkpoint signed by the log's key, of exactly {@code chars} characters, whose valid signature is the last of
   * {@code signatures} lines (the others do not verify).
   */
  static String checkpoint(KeyPair log, long size, byte[] root, int chars, int signatures) throws Exception {
    String head = "limits.airid.test - 1\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    Signature s = Signature.getInstance("Ed25519");
    String sigLines;
    String body = head;
    for (int pass = 0; ; pass++) {
      s.initSign(log.getPrivate());
      s.update(body.getBytes(StandardCharsets.UTF_8));
      byte[] sig = s.sign();
      byte[] hinted = new byte[4 + sig.length];
      System.arraycopy(sig, 0, hinted, 4, sig.length);
      StringBuilder lines = new StringBuilder();
      for (int i = 1; i < signatures; i++) {
        lines.append("\u2014 other ").append(Base64.getEncoder().encodeToString(new byte[4 + sig.length])).append('\n');
      }
      lines.append("\u2014 limits.airid.test ").append(Base64.getEncoder().encodeToString(hinted)).append('\n');
      sigLines = lines.toString();
      int padding = chars - (head.length() + 1 + sigLines.length()) - 1; // one padding line: text and its '\n'
      String padded = padding > 0 ? head + "x".repeat(padding) + "\n" : head;
      if (padded.equals(body) || pass == 2) {
        break;
      }
      body = padded;
    }
    String envelope = body + "\n" + sigLines;
    assertEquals(chars, envelope.length());
    return envelope;
  }

  static TrustedRoot.Log log(KeyPair kp) {
    return new TrustedRoot.Log(new byte[32], kp.getPublic(), "PKIX_ED25519", Instant.EPOCH, Optional.empty());
  }

  /** What the log check says of {@code checkpoint} as the checkpoint of a proof for tree size 7 with a zero root. */
  static Optional<String> problem(KeyPair kp, String checkpoint) {
    return LogChecks.checkpointProblem(log(kp), new TransparencyLogEntry.InclusionProof(0, new byte[32], 7, List.of(), checkpoint), "/checkpoint");
  }

  @Test
  void checkpointSize() throws Exception {
    int max = SignedNote.MAX_CHARS;
    KeyPair kp = ed25519();
    byte[] root = new byte[32];
    assertEquals(Optional.empty(), problem(kp, checkpoint(kp, 7, root, max, 1)));
    assertTrue(problem(kp, checkpoint(kp, 7, root, max + 1, 1)).orElseThrow().contains("longer than"));
  }

  @Test
  void checkpointSignatures() throws Exception {
    int max = SignedNote.MAX_SIGNATURES;
    KeyPair kp = ed25519();
    byte[] root = new byte[32];
    String at = checkpoint(kp, 7, root, 4000, max);
    assertEquals(Optional.empty(), problem(kp, at), "the valid signature is the last one tried");
    String past = checkpoint(kp, 7, root, 4000, max + 1);
    assertTrue(problem(kp, past).orElseThrow().contains("more than"), "the valid signature is one past the last read");
  }

  /** A v0.3 bundle JSON, as {@link #tlogEntry} describes, whose only log entry has an inclusion proof of {@code n} hashes. */
  static String bundleWithProofHashes(int n) {
    String hashes = String.join(",", java.util.Collections.nCopies(n, "\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\""));
    String entry = "{\"logIndex\":\"1\",\"logId\":{\"keyId\":\"AAAA\"},\"kindVersion\":{\"kind\":\"dsse\",\"version\":\"0.0.1\"},"
        + "\"integratedTime\":\"1\",\"canonicalizedBody\":\"e30=\",\"inclusionProof\":{\"logIndex\":\"1\",\"rootHash\":\"AAAA\","
        + "\"treeSize\":\"2\",\"hashes\":[" + hashes + "],\"checkpoint\":{\"envelope\":\"x\"}}}";
    return "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"certificate\":{\"rawBytes\":\"MAA=\"},"
        + "\"tlogEntries\":[" + entry + "]},\"dsseEnvelope\":{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.in-toto+json\","
        + "\"signatures\":[{\"sig\":\"AAAA\"}]}}";
  }

  @Test
  void hashesPerInclusionProof() throws Exception {
    int max = BundleReader.MAX_PROOF_HASHES;
    dev.airid.sigstore.Bundle at = dev.airid.sigstore.Bundle.parse(bundleWithProofHashes(max).getBytes(StandardCharsets.UTF_8));
    assertEquals(max, at.material().tlogEntries().get(0).inclusionProof().orElseThrow().hashes().size());
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> dev.airid.sigstore.Bundle.parse(bundleWithProofHashes(max + 1).getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.BUNDLE_INVALID, e.code());
  }

  /** A dsse/0.0.1 log entry body with {@code n} signatures, each with a public key as verifier. */
  static TransparencyLogEntry dsseEntryWithSignatures(int n) throws Exception {
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(ed25519().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    String sig = "{\"signature\":\"AAAA\",\"verifier\":\"" + Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)) + "\"}";
    String body = "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\""
        + "0".repeat(64) + "\"},\"signatures\":[" + String.join(",", java.util.Collections.nCopies(n, sig)) + "]}}";
    return new TransparencyLogEntry(1, new byte[32], "dsse", "0.0.1", 1, Optional.empty(), Optional.empty(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void signaturesPerLogEntryBody() throws Exception {
    int max = LogEntryBody.MAX_SIGNATURES;
    assertEquals(max, LogEntryBody.parse(dsseEntryWithSignatures(max)).signatures().size());
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> LogEntryBody.parse(dsseEntryWithSignatures(max + 1)));
    assertEquals(ErrorCode.BUNDLE_INVALID, e.code());
  }
}
