package dev.airid.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.testing.Paths2;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
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
 * These reach into the sigstore package's own parsers, where each limit is enforced.
 */
class SigstoreLimitsTest {

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
    assertThrows(IllegalArgumentException.class, () -> FulcioCertificate.scts(past, past, List.of()));
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

  @Test
  void checkpointSize() throws Exception {
    int max = Tlog.MAX_CHECKPOINT_CHARS;
    KeyPair kp = ed25519();
    byte[] root = new byte[32];
    assertNull(Tlog.verifyCheckpoint(log(kp), checkpoint(kp, 7, root, max, 1), 7, root, LogEvidence.BC));
    assertNotNull(Tlog.verifyCheckpoint(log(kp), checkpoint(kp, 7, root, max + 1, 1), 7, root, LogEvidence.BC));
  }

  @Test
  void checkpointSignatures() throws Exception {
    int max = Tlog.MAX_CHECKPOINT_SIGNATURES;
    KeyPair kp = ed25519();
    byte[] root = new byte[32];
    String at = checkpoint(kp, 7, root, 4000, max);
    assertNull(Tlog.verifyCheckpoint(log(kp), at, 7, root, LogEvidence.BC), "the valid signature is the last one tried");
    String past = checkpoint(kp, 7, root, 4000, max + 1);
    assertNotNull(Tlog.verifyCheckpoint(log(kp), past, 7, root, LogEvidence.BC), "the valid signature is one past the last tried");
  }

  /** A compact JWT with issuer and subject, of exactly {@code length} characters (a long claim fills it up). */
  static String jwtOfLength(int length) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
    String sig = b64.encodeToString(new byte[64]);
    String claimsStart = "{\"iss\":\"https://issuer.test\",\"sub\":\"s\",\"pad\":\"";
    int payloadChars = length - header.length() - sig.length() - 2;
    int claimBytes = payloadChars * 3 / 4;
    String claims = claimsStart + "x".repeat(claimBytes - claimsStart.length() - 2) + "\"}";
    String payload = b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    while (header.length() + payload.length() + sig.length() + 2 < length) {
      claims = claims.substring(0, claims.length() - 2) + "x\"}";
      payload = b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    }
    String jwt = header + "." + payload + "." + sig;
    if (jwt.length() > length) { // base64 of n bytes has ceil(4n/3) characters: trim the signature instead
      jwt = header + "." + payload + "." + sig.substring(0, sig.length() - (jwt.length() - length));
    }
    assertEquals(length, jwt.length());
    return jwt;
  }

  @Test
  void identityTokenLength() throws Exception {
    int max = IdentityToken.MAX_LENGTH;
    assertEquals("s", IdentityToken.parse(jwtOfLength(max), "at").subject());
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> IdentityToken.parse(jwtOfLength(max + 1), "past"));
    assertEquals(ErrorCode.IDENTITY_TOKEN, e.code());
  }

  /** {@code json} followed by spaces, exactly {@code size} bytes. */
  static Path padded(Path dir, String name, byte[] json, int size) throws Exception {
    byte[] b = java.util.Arrays.copyOf(json, size);
    java.util.Arrays.fill(b, json.length, size, (byte) ' ');
    return Files.write(dir.resolve(name), b);
  }

  @Test
  void trustedRootSize() throws Exception {
    int max = TrustedRoot.MAX_BYTES;
    byte[] root = Files.readAllBytes(Paths2.externalVectors("sigstore-python/production/trusted_root.json"));
    TrustedRoot.read(padded(tmp, "at.json", root, max));
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> TrustedRoot.read(padded(tmp, "past.json", root, max + 1)));
    assertEquals(ErrorCode.BUNDLE_INVALID, e.code());
  }

  @Test
  void signingConfigSize() throws Exception {
    int max = SigningConfig.MAX_BYTES;
    byte[] config = ("{\"mediaType\":\"" + SigningConfig.MEDIA_TYPE + "\",\"caUrls\":[{\"url\":\"https://fulcio.test\",\"majorApiVersion\":1}],"
        + "\"rekorTlogUrls\":[{\"url\":\"https://rekor.test\",\"majorApiVersion\":1}]}").getBytes(StandardCharsets.UTF_8);
    assertEquals(URI.create("https://fulcio.test"), SigningConfig.read(padded(tmp, "at.json", config, max), Instant.now()).fulcio());
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> SigningConfig.read(padded(tmp, "past.json", config, max + 1), Instant.now()));
    assertEquals(ErrorCode.SIGNING_CONFIG_INVALID, e.code());
  }

  /**
   * Fulcio on loopback answers with {@code size} bytes that are not JSON. At the limit the answer is read whole and
   * refused as not JSON (the cause carries JSON_SYNTAX); one byte more and it is refused for its size, unparsed.
   */
  OperationFailedException signAgainstAnswerOf(int size) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = new byte[size];
    java.util.Arrays.fill(body, (byte) 'x');
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (var out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      KeylessSigner signer = new KeylessSigner(new SigningConfig(url, url, Optional.empty()),
          new TrustedRoot(List.of(), List.of(), List.of(), List.of()), IdentityToken.parse(jwtOfLength(300), "test"),
          KeylessSigner.defaultHttpClient(), Clock.systemUTC());
      return assertThrows(OperationFailedException.class, () -> signer.sign("application/vnd.in-toto+json", new byte[] {'{', '}'}));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void serviceAnswerSize() throws Exception {
    int max = KeylessSigner.MAX_RESPONSE_BYTES;
    OperationFailedException at = signAgainstAnswerOf(max);
    assertEquals(ErrorCode.SERVICE_FAILED, at.code());
    assertEquals(ErrorCode.JSON_SYNTAX, assertInstanceOf(InputRejectedException.class, at.getCause()).code(), "read whole, then parsed");
    OperationFailedException past = signAgainstAnswerOf(max + 1);
    assertEquals(ErrorCode.SERVICE_FAILED, past.code());
    assertNull(past.getCause(), "refused for its size before parsing");
  }

}
