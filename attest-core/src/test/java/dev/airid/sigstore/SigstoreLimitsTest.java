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
    assertEquals(ErrorCode.TRUSTED_ROOT_INVALID, e.code());
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
      KeylessSigner signer = KeylessSigner.builder().signingConfig(new SigningConfig(url, url, Optional.empty()))
          .trustedRoot(new TrustedRoot(List.of(), List.of(), List.of(), List.of())).identityToken(IdentityToken.parse(jwtOfLength(300), "test"))
          .build();
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

  @Test
  void servicesPerSigningConfigList() throws Exception {
    int max = SigningConfig.MAX_SERVICES;
    java.util.function.IntFunction<byte[]> config = n -> ("{\"mediaType\":\"" + SigningConfig.MEDIA_TYPE + "\",\"caUrls\":["
        + String.join(",", java.util.Collections.nCopies(n, "{\"url\":\"https://fulcio.test\",\"majorApiVersion\":1}"))
        + "],\"rekorTlogUrls\":[{\"url\":\"https://rekor.test\",\"majorApiVersion\":1}]}").getBytes(StandardCharsets.UTF_8);
    assertEquals(URI.create("https://fulcio.test"), SigningConfig.parse(dev.airid.json.Json.parse(config.apply(max)), Instant.now()).fulcio());
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> SigningConfig.parse(dev.airid.json.Json.parse(config.apply(max + 1)), Instant.now()));
    assertEquals(ErrorCode.SIGNING_CONFIG_INVALID, e.code());
  }

  /** The production trusted root with its first transparency log repeated {@code n} times as its {@code tlogs}. */
  static byte[] rootWithLogs(int n) throws Exception {
    dev.airid.json.JsonObject root = (dev.airid.json.JsonObject) dev.airid.json.Json.parse(
        Files.readAllBytes(Paths2.externalVectors("sigstore-python/production/trusted_root.json")));
    String log = ((dev.airid.json.JsonArray) root.get("tlogs").orElseThrow()).get(0).toString();
    String logs = String.join(",", java.util.Collections.nCopies(n, log));
    return ("{\"mediaType\":" + root.get("mediaType").orElseThrow() + ",\"tlogs\":[" + logs + "],\"certificateAuthorities\":"
        + root.get("certificateAuthorities").orElseThrow() + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void entriesPerTrustedRootList() throws Exception {
    int max = TrustedRoot.MAX_ENTRIES;
    assertEquals(max, TrustedRoot.parse(dev.airid.json.Json.parse(rootWithLogs(max))).tlogs().size());
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> TrustedRoot.parse(dev.airid.json.Json.parse(rootWithLogs(max + 1))));
    assertEquals(ErrorCode.TRUSTED_ROOT_INVALID, e.code());
  }
}
