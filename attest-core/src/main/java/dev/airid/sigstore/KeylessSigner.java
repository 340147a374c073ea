package dev.airid.sigstore;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.attest.BundleSigner;
import dev.airid.attest.Dsse;
import dev.airid.sigstore.internal.FulcioCertificate;
import dev.airid.sigstore.internal.LogChecks;
import dev.airid.sigstore.internal.ProtoJson;
import dev.airid.sigstore.internal.SignerChecks;
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

  /**
   * Builds a signer. {@link Builder#sigstorePublicDefaults()} signs with Sigstore's public-good instance; otherwise give
   * the signing config and trusted root of a private one. The identity token comes from the environment unless given
   * ({@code SIGSTORE_ID_TOKEN}, else GitHub Actions' ambient token: {@link IdentityToken#resolve}).
   *
   * <pre>{@code
   * KeylessSigner signer = KeylessSigner.builder().sigstorePublicDefaults().build();        // trusted root via TUF cache
   * KeylessSigner mine = KeylessSigner.builder().signingConfig(config).trustedRoot(root).identityToken(token).build();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link KeylessSigner}. Not thread-safe; {@link #build()} checks that the parts fit. */
  public static final class Builder {
    private SigningConfig services;
    private TrustedRoot trustedRoot;
    private IdentityToken token;
    private HttpClient http;
    private Clock clock = Clock.systemUTC();
    private java.util.Map<String, String> env = System.getenv();
    private boolean publicGood;

    private Builder() {}

    /**
     * Sigstore's public-good instance: its signing config, and its trusted root from the TUF-refreshed cache of {@code
     * airid trust update} ({@link TrustCache#defaultCache}), refreshed now through TUF if the cache is empty.
     */
    public Builder sigstorePublicDefaults() {
      this.services = SigningConfig.PUBLIC_GOOD;
      this.publicGood = true;
      return this;
    }

    public Builder signingConfig(SigningConfig services) {
      this.services = Objects.requireNonNull(services, "services");
      return this;
    }

    /** The trusted root every new bundle is verified against before it is returned. */
    public Builder trustedRoot(TrustedRoot root) {
      this.trustedRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    public Builder identityToken(IdentityToken token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The environment the token (and the trust cache's location) is looked up in; default the process's. */
    public Builder environment(java.util.Map<String, String> env) {
      this.env = java.util.Map.copyOf(env);
      return this;
    }

    /**
     * The signer.
     *
     * @throws InputRejectedException if no signing config was chosen, or no token is found
     * @throws OperationFailedException if the public-good trusted root cannot be had
     */
    public KeylessSigner build() throws InputRejectedException, OperationFailedException {
      if (services == null) {
        throw InputRejectedException.of(ErrorCode.SIGNING_CONFIG_INVALID,
            "choose a Sigstore instance: sigstorePublicDefaults(), or signingConfig(…) and trustedRoot(…) of a private one");
      }
      HttpClient client = http != null ? http : defaultHttpClient();
      TrustedRoot root = trustedRoot;
      if (root == null && publicGood) {
        TrustCache cache = TrustCache.defaultCache(env);
        try {
          java.nio.file.Path file = cache.trustedRoot().isPresent() ? cache.trustedRoot().get() : cache.updatePublicGood().trustedRoot();
          root = TrustedRoot.read(file);
        } catch (IOException e) {
          throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read the cached trusted root: " + e.getMessage(), e);
        }
      }
      if (root == null) {
        throw InputRejectedException.of(ErrorCode.TRUSTED_ROOT_INVALID,
            "a private Sigstore instance needs its trusted root: trustedRoot(TrustedRoot.read(…))");
      }
      IdentityToken t = token != null ? token : IdentityToken.resolve(java.util.Optional.empty(), env, client);
      return new KeylessSigner(services, root, t, client, clock);
    }
  }

  /** An HTTP client with the timeouts airid uses for Sigstore services; never follows redirects. */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** What was certified: the SAN and OIDC issuer of a signing certificate. */
  public static CertificateIdentity certifiedIdentity(Bundle bundle) throws InputRejectedException {
    Bundle.Certificate c = bundle.material().certificate()
        .orElseThrow(() -> InputRejectedException.of(ErrorCode.BUNDLE_INVALID, "the bundle is not keyless"));
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
    Dsse.Envelope env = new Dsse.Envelope(payloadType, payload, List.of(new Dsse.Signature("", s.sig())));
    Bundle bundle = Bundle.of(s.certificate(), List.of(s.entry()), List.of(), env);
    selfCheck(bundle, new SignerChecks.DsseSigned(env), now);
    return bundle;
  }

  /**
   * Signs an artifact as a plain Sigstore message-signature bundle (v0.3, compact JSON): what {@code cosign
   * sign-blob} makes, for the sigstore-conformance protocol and for files that are not airid attestations.
   */
  public byte[] signArtifact(byte[] artifact) throws OperationFailedException {
    Instant now = clock.instant();
    Signed s = certifyAndLog(artifact, now);
    Bundle.MessageSignature ms = new Bundle.MessageSignature(
        java.util.Optional.of(new Bundle.Digest(HashAlgorithm.SHA2_256, Sha256.of(artifact))), s.sig());
    Bundle bundle = new Bundle(Bundle.MEDIA_TYPE, new Bundle.VerificationMaterial(s.certificate(), List.of(s.entry()), List.of()), ms);
    selfCheck(bundle, new SignerChecks.MessageSigned(ms, new SignerChecks.ArtifactSource() {
      @Override
      public java.util.Optional<byte[]> digest(HashAlgorithm algorithm) {
        return algorithm.computable() ? java.util.Optional.of(algorithm.newDigest().digest(artifact)) : java.util.Optional.empty();
      }

      @Override
      public java.util.Optional<byte[]> bytes() {
        return java.util.Optional.of(artifact.clone());
      }
    }), now);
    return bundle.toBytes();
  }

  /** A signature over some bytes, with its certificate and log entry. */
  private record Signed(Bundle.Certificate certificate, TransparencyLogEntry entry, byte[] sig) {}

  /** Ephemeral key, Fulcio certificate, signature over {@code signedBytes}, Rekor entry over their digest. */
  private Signed certifyAndLog(byte[] signedBytes, Instant now) throws OperationFailedException {
    if (token.expiry().isPresent() && !token.expiry().get().isAfter(now)) {
      throw new OperationFailedException(ErrorCode.IDENTITY_TOKEN, "the identity token expired at " + token.expiry().get()
          + "; get a fresh one");
    }
    KeyPair ephemeral = ephemeralKey();
    X509Certificate leaf = certificate(ephemeral).get(0);
    byte[] sig = ecdsa(ephemeral, signedBytes);
    TransparencyLogEntry entry = logEntry(signedBytes, sig, leaf);
    try {
      return new Signed(new Bundle.Certificate(leaf.getEncoded()), entry, sig);
    } catch (GeneralSecurityException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio sent an unusable certificate", e);
    }
  }

  /**
   * The new bundle, verified with the verifier's own checks for the identity its certificate names, before anyone
   * else sees it: a wrong Fulcio, log or trust root fails here, not at the consumer.
   */
  private void selfCheck(Bundle bundle, SignerChecks.Signed signed, Instant now) throws OperationFailedException {
    CertificateIdentity certified;
    try {
      certified = certifiedIdentity(bundle);
    } catch (InputRejectedException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio's certificate: " + e.getMessage(), e);
    }
    String[] failure = {null};
    SignerChecks.certificate(bundle, signed, trustedRoot, List.of(certified), now.plus(LogChecks.CLOCK_SKEW), (name, ok, detail) -> {
      if (!ok && failure[0] == null) {
        failure[0] = name + ": " + detail;
      }
      return ok;
    });
    if (failure[0] != null) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "the new bundle does not verify against the trusted root ("
          + failure[0] + "); check that the signing config and trusted root describe the same Sigstore instance");
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
      ProtoJson o = ProtoJson.message(answer, "", ErrorCode.SERVICE_FAILED, "SigningCertificate", "signedCertificateEmbeddedSct",
          "signedCertificateDetachedSct");
      if (o.has("signedCertificateDetachedSct")) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio sent a detached SCT; airid needs the SCT embedded");
      }
      ProtoJson chainJson = o.requiredMessage("signedCertificateEmbeddedSct", "SigningCertificateEmbeddedSCT", "chain")
          .requiredMessage("chain", "CertificateChain", "certificates");
      List<X509Certificate> chain = new ArrayList<>();
      for (JsonValue v : chainJson.raw("certificates").filter(a -> a instanceof JsonArray).map(a -> ((JsonArray) a).elements())
          .orElse(List.of())) {
        java.util.Optional<byte[]> der = v instanceof JsonString text ? pemDer(text.value()) : java.util.Optional.empty();
        if (der.isEmpty()) {
          throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio's chain holds something other than PEM certificates");
        }
        chain.add(FulcioCertificate.parse(der.get()));
      }
      if (chain.isEmpty() || !MessageDigest.isEqual(chain.get(0).getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio's certificate does not certify the key airid sent");
      }
      return chain;
    } catch (InputRejectedException | GeneralSecurityException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Fulcio's answer is not a certificate chain: " + e.getMessage(), e);
    }
  }

  /** The DER of a PEM certificate, whatever its wrapping. */
  private static java.util.Optional<byte[]> pemDer(String pem) {
    String t = pem.strip();
    String begin = "-----BEGIN CERTIFICATE-----";
    String end = "-----END CERTIFICATE-----";
    if (!t.startsWith(begin) || !t.endsWith(end)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Base64.getMimeDecoder().decode(t.substring(begin.length(), t.length() - end.length()).strip()));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /** Rekor v1: a hashedrekord entry over the signed bytes' digest (for DSSE, the PAE's), converted to a bundle's transparency log entry. */
  private TransparencyLogEntry logEntry(byte[] signedBytes, byte[] sig, X509Certificate leaf) throws OperationFailedException {
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
      if (!(answer instanceof JsonObject byUuid) || byUuid.size() != 1) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Rekor's answer does not hold exactly one entry");
      }
      String uuid = byUuid.names().iterator().next();
      // Rekor v1's LogEntryAnon: Go structs, whose other members this reader ignores as Rekor's own clients do.
      ProtoJson e = ProtoJson.plain(byUuid.getOrNull(uuid), "/" + uuid, ErrorCode.SERVICE_FAILED, "LogEntry", true,
          "body", "integratedTime", "logID", "logIndex", "verification");
      ProtoJson v = e.requiredMessage("verification", "verification", "signedEntryTimestamp", "inclusionProof");
      java.util.Optional<TransparencyLogEntry.InclusionProof> proof = java.util.Optional.empty();
      java.util.Optional<ProtoJson> p = v.message("inclusionProof", "inclusionProof", "logIndex", "rootHash", "treeSize", "hashes",
          "checkpoint");
      if (p.isPresent()) {
        List<byte[]> hashes = new ArrayList<>();
        for (JsonValue h : p.get().raw("hashes").filter(a -> a instanceof JsonArray).map(a -> ((JsonArray) a).elements()).orElse(List.of())) {
          hashes.add(hex(h instanceof JsonString t ? t.value() : ""));
        }
        proof = java.util.Optional.of(new TransparencyLogEntry.InclusionProof(p.get().int64("logIndex"),
            hex(p.get().requiredString("rootHash")), p.get().int64("treeSize"), hashes, p.get().requiredString("checkpoint")));
      }
      return new TransparencyLogEntry(e.int64("logIndex"), hex(e.requiredString("logID")), "hashedrekord", "0.0.1",
          e.int64("integratedTime"), java.util.Optional.of(v.requiredBytes("signedEntryTimestamp")), proof, e.requiredBytes("body"));
    } catch (InputRejectedException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "Rekor's answer is not a log entry: " + e.getMessage(), e);
    }
  }

  /** Lowercase or uppercase hex, as Rekor v1 writes ids and hashes. */
  private static byte[] hex(String text) throws InputRejectedException {
    if (text.isEmpty() || text.length() % 2 != 0 || !text.chars().allMatch(HexFormat::isHexDigit)) {
      throw InputRejectedException.of(ErrorCode.SERVICE_FAILED, "not hex: " + text);
    }
    return HexFormat.of().parseHex(text);
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

}
