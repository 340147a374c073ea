package dev.airid.sigstore;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.attest.Bundle;
import dev.airid.attest.BundleSigner;
import dev.airid.attest.Check;
import dev.airid.attest.Dsse;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Signs keylessly with Sigstore: for each payload, an ephemeral ECDSA P-256 key that never leaves memory; a short-lived
 * signing certificate from Fulcio (REST {@code /api/v2/signingCert}) bound to the OIDC identity token; a DSSE
 * signature; a Rekor v1 {@code hashedrekord} entry over the SHA-256 of the signed bytes (the PAE); and a v0.3 bundle
 * with the certificate and the entry, its signed entry timestamp and inclusion proof.
 *
 * <p>The log entry records a digest, not the envelope, so its size does not grow with the declaration: declarations
 * with large contexts sign without meeting Rekor's ~100 KB limit on {@code dsse} and {@code intoto} bodies.
 *
 * <p>Before it returns a bundle, the signer verifies it offline against the trusted root exactly as a verifier would
 * ({@link CertificateTrust}, for the identity the certificate names): a wrong Fulcio, log or trust root fails here,
 * not later at the consumer. Thread-safe.
 */
public final class KeylessSigner implements BundleSigner {

  /** Largest response read from a Sigstore service. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final SigningConfig services;
  private final TrustedRoot trustedRoot;
  private final IdentityToken token;
  private final HttpClient http;
  private final Clock clock;

  public KeylessSigner(SigningConfig services, TrustedRoot trustedRoot, IdentityToken token, HttpClient http, Clock clock) {
    this.services = Objects.requireNonNull(services, "services");
    this.trustedRoot = Objects.requireNonNull(trustedRoot, "trustedRoot");
    this.token = Objects.requireNonNull(token, "token");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An HTTP client with the timeouts airid uses for Sigstore services; never follows redirects. */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** What was certified: the SAN and OIDC issuer of a signing certificate. */
  public static CertificateIdentity certifiedIdentity(Bundle bundle) throws InputRejectedException {
    if (!(bundle.material() instanceof Bundle.Certificate c)) {
      throw InputRejectedException.of(ErrorCode.BUNDLE_INVALID, "the bundle is not keyless");
    }
    return certifiedIdentity(c);
  }

  static CertificateIdentity certifiedIdentity(Bundle.Certificate c) throws InputRejectedException {
    try {
      X509Certificate cert = FulcioCertificate.parse(c.der());
      List<String> sans = FulcioCertificate.subjects(cert);
      String issuer = FulcioCertificate.issuer(cert).orElse("");
      if (sans.size() != 1 || issuer.isEmpty()) {
        throw InputRejectedException.of(ErrorCode.BUNDLE_INVALID, "the signing certificate must name one identity and an OIDC issuer");
      }
      return CertificateIdentity.exact(sans.get(0), issuer);
    } catch (GeneralSecurityException e) {
      throw InputRejectedException.of(ErrorCode.BUNDLE_INVALID, "unreadable signing certificate: " + e.getMessage());
    }
  }

  @Override
  public Bundle sign(String payloadType, byte[] payload) throws OperationFailedException {
    Instant now = clock.instant();
    Signed s = certifyAndLog(Dsse.pae(payloadType, payload), now);
    Bundle bundle = new Bundle(s.material(), new Dsse.Envelope(payloadType, payload, List.of(new Dsse.Signature("", s.sig()))));
    selfCheck(s.material(), (trust, checks) -> trust.verify(bundle, checks), now);
    return bundle;
  }

  /**
   * Signs an artifact as a plain Sigstore message-signature bundle (v0.3, compact JSON): what {@code cosign
   * sign-blob} makes, for the sigstore-conformance protocol and for files that are not airid attestations.
   */
  public byte[] signArtifact(byte[] artifact) throws OperationFailedException {
    Instant now = clock.instant();
    Signed s = certifyAndLog(artifact, now);
    selfCheck(s.material(), (trust, checks) -> trust.verifyMessage(s.material(), artifact, s.sig(), checks), now);
    Bundle.Certificate c = s.material();
    JsonObject vm = c.toJson();
    return Json.compact(JsonObject.builder()
        .put("mediaType", Bundle.MEDIA_TYPE)
        .put("verificationMaterial", vm)
        .put("messageSignature", JsonObject.builder()
            .put("messageDigest", JsonObject.builder().put("algorithm", "SHA2_256")
                .put("digest", Base64.getEncoder().encodeToString(Sha256.of(artifact))).build())
            .put("signature", Base64.getEncoder().encodeToString(s.sig()))
            .build())
        .build());
  }

  /** A signature over some bytes, with its certificate and log entry. */
  private record Signed(Bundle.Certificate material, byte[] sig) {}

  /** Ephemeral key, Fulcio certificate, signature over {@code signedBytes}, Rekor entry over their digest. */
  private Signed certifyAndLog(byte[] signedBytes, Instant now) throws OperationFailedException {
    if (token.expiry().isPresent() && !token.expiry().get().isAfter(now)) {
      throw new OperationFailedException(ErrorCode.IDENTITY_TOKEN, "the identity token expired at " + token.expiry().get()
          + "; get a fresh one");
    }
    KeyPair ephemeral = ephemeralKey();
    X509Certificate leaf = certificate(ephemeral).get(0);
    byte[] sig = ecdsa(ephemeral, signedBytes);
    JsonObject entry = logEntry(signedBytes, sig, leaf);
    try {
      return new Signed(new Bundle.Certificate(leaf.getEncoded(), List.of(entry), List.of()), sig);
    } catch (GeneralSecurityException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio sent an unusable certificate", e);
    }
  }

  private void selfCheck(Bundle.Certificate material, java.util.function.BiConsumer<CertificateTrust, dev.airid.attest.SignerTrust.Checks> run,
      Instant now) throws OperationFailedException {
    CertificateIdentity certified;
    try {
      certified = certifiedIdentity(material);
    } catch (InputRejectedException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio's certificate: " + e.getMessage(), e);
    }
    List<Check> checks = new ArrayList<>();
    run.accept(new CertificateTrust(trustedRoot, List.of(certified), now.plus(Tlog.CLOCK_SKEW)),
        (name, ok, detail) -> checks.add(new Check(name, 0, ok ? Check.Status.PASS : Check.Status.FAIL, detail)) && ok);
    for (Check c : checks) {
      if (!c.passed()) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "the new bundle does not verify against the trusted root ("
            + c.name() + ": " + c.detail() + "); check that the signing config and trusted root describe the same Sigstore instance");
      }
    }
  }

  private static KeyPair ephemeralKey() throws OperationFailedException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new OperationFailedException(ErrorCode.CRYPTO_UNAVAILABLE, "cannot generate an ECDSA P-256 key", e);
    }
  }

  private static byte[] ecdsa(KeyPair key, byte[] data) throws OperationFailedException {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(key.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new OperationFailedException(ErrorCode.CRYPTO_UNAVAILABLE, "ECDSA P-256 signing failed", e);
    }
  }

  /** Fulcio: the certificate chain (leaf first) for the ephemeral key; the leaf must certify exactly that key. */
  private List<X509Certificate> certificate(KeyPair key) throws OperationFailedException {
    String pem = pem("PUBLIC KEY", key.getPublic().getEncoded());
    JsonObject request = JsonObject.builder()
        .put("credentials", JsonObject.builder().put("oidcIdentityToken", token.jwt()).build())
        .put("publicKeyRequest", JsonObject.builder()
            .put("publicKey", JsonObject.builder().put("algorithm", "ECDSA").put("content", pem).build())
            // Proof of possession: the key signs the principal Fulcio will certify (the email, else the subject).
            .put("proofOfPossession", Base64.getEncoder().encodeToString(ecdsa(key, token.subject().getBytes(StandardCharsets.UTF_8))))
            .build())
        .build();
    JsonValue answer = post(URI.create(services.fulcio() + "/api/v2/signingCert"), request, "Fulcio");
    try {
      JsonObject o = (JsonObject) answer;
      if (o.has("signedCertificateDetachedSct")) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio sent a detached SCT; airid needs the SCT embedded");
      }
      JsonArray pems = (JsonArray) ((JsonObject) ((JsonObject) o.getOrNull("signedCertificateEmbeddedSct")).getOrNull("chain"))
          .getOrNull("certificates");
      List<X509Certificate> chain = new ArrayList<>();
      for (JsonValue v : pems) {
        String text = ((JsonString) v).value();
        chain.add(FulcioCertificate.parse(LogEvidence.pemBody(text)));
      }
      if (chain.isEmpty() || !MessageDigest.isEqual(chain.get(0).getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio's certificate does not certify the key airid sent");
      }
      return chain;
    } catch (ClassCastException | NullPointerException | IllegalArgumentException | GeneralSecurityException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio's answer is not a certificate chain", e);
    }
  }

  /** Rekor v1: a hashedrekord entry over the signed bytes' digest (for DSSE, the PAE's), converted to a bundle's transparency log entry. */
  private JsonObject logEntry(byte[] signedBytes, byte[] sig, X509Certificate leaf) throws OperationFailedException {
    String certPem;
    try {
      certPem = pem("CERTIFICATE", leaf.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "unusable certificate", e);
    }
    JsonObject proposed = JsonObject.builder()
        .put("apiVersion", "0.0.1")
        .put("kind", "hashedrekord")
        .put("spec", JsonObject.builder()
            .put("data", JsonObject.builder().put("hash", JsonObject.builder()
                .put("algorithm", "sha256").put("value", Sha256.hexOf(signedBytes)).build()).build())
            .put("signature", JsonObject.builder()
                .put("content", Base64.getEncoder().encodeToString(sig))
                .put("publicKey", JsonObject.builder()
                    .put("content", Base64.getEncoder().encodeToString(certPem.getBytes(StandardCharsets.US_ASCII))).build())
                .build())
            .build())
        .build();
    JsonValue answer = post(URI.create(services.rekor() + "/api/v1/log/entries"), proposed, "Rekor");
    try {
      JsonObject byUuid = (JsonObject) answer;
      if (byUuid.size() != 1) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Rekor's answer holds " + byUuid.size() + " entries, not one");
      }
      JsonObject e = (JsonObject) byUuid.members().values().iterator().next();
      JsonObject verification = (JsonObject) e.getOrNull("verification");
      JsonObject.Builder out = JsonObject.builder()
          .put("logIndex", Long.toString(Tlog.longOf(e.getOrNull("logIndex"))))
          .put("logId", JsonObject.builder().put("keyId", b64hex(((JsonString) e.getOrNull("logID")).value())).build())
          .put("kindVersion", JsonObject.builder().put("kind", "hashedrekord").put("version", "0.0.1").build())
          .put("integratedTime", Long.toString(Tlog.longOf(e.getOrNull("integratedTime"))))
          .put("inclusionPromise", JsonObject.builder()
              .put("signedEntryTimestamp", ((JsonString) verification.getOrNull("signedEntryTimestamp")).value()).build());
      if (verification.getOrNull("inclusionProof") instanceof JsonObject p) {
        List<JsonValue> hashes = new ArrayList<>();
        for (JsonValue h : (JsonArray) p.getOrNull("hashes")) {
          hashes.add(JsonString.of(b64hex(((JsonString) h).value())));
        }
        out.put("inclusionProof", JsonObject.builder()
            .put("logIndex", Long.toString(Tlog.longOf(p.getOrNull("logIndex"))))
            .put("rootHash", b64hex(((JsonString) p.getOrNull("rootHash")).value()))
            .put("treeSize", Long.toString(Tlog.longOf(p.getOrNull("treeSize"))))
            .put("hashes", JsonArray.of(hashes))
            .put("checkpoint", JsonObject.builder().put("envelope", ((JsonString) p.getOrNull("checkpoint")).value()).build())
            .build());
      }
      return out.put("canonicalizedBody", ((JsonString) e.getOrNull("body")).value()).build();
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Rekor's answer is not a log entry", e);
    }
  }

  private JsonValue post(URI uri, JsonObject body, String service) throws OperationFailedException {
    HttpRequest req = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("User-Agent", "airid")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.compact(body)))
        .build();
    try {
      HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      byte[] data;
      try (InputStream in = resp.body()) {
        data = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
      if (data.length > MAX_RESPONSE_BYTES) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, service + "'s answer is larger than " + MAX_RESPONSE_BYTES + " bytes");
      }
      if (resp.statusCode() / 100 != 2) {
        String text = new String(data, 0, Math.min(data.length, 300), StandardCharsets.UTF_8).strip();
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED,
            service + " at " + uri + " answered HTTP " + resp.statusCode() + (text.isEmpty() ? "" : ": " + text));
      }
      return Json.parse(data);
    } catch (InputRejectedException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, service + "'s answer is not strict JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "cannot reach " + service + " at " + uri + ": " + dev.airid.internal.Causes.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "interrupted while calling " + service, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static String b64hex(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }
}
