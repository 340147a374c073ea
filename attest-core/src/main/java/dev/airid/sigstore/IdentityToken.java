package dev.airid.sigstore;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OIDC identity token (a JWT) to exchange at Fulcio for a signing certificate. airid does not verify the token:
 * Fulcio does, and it binds the certificate to what it verified. airid reads the claims only to say whose identity a
 * signature will carry, and to refuse a token that has already expired. {@link #toString()} never shows the token.
 */
public final class IdentityToken {

  /** The audience Sigstore's Fulcio expects. */
  public static final String AUDIENCE = "sigstore";

  private static final java.util.regex.Pattern COMPACT_JWT =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  /** Largest token accepted. */
  public static final int MAX_LENGTH = 64 * 1024;

  private final String jwt;
  private final String issuer;
  private final String subject;
  private final Optional<Instant> expiry;

  private IdentityToken(String jwt, String issuer, String subject, Optional<Instant> expiry) {
    this.jwt = jwt;
    this.issuer = issuer;
    this.subject = subject;
    this.expiry = expiry;
  }

  /** Reads a compact JWT; {@code source} names where it came from, for errors. */
  public static IdentityToken parse(String jwt, String source) throws InputRejectedException {
    String t = Objects.requireNonNull(jwt, "jwt").strip();
    if (t.isEmpty() || t.length() > MAX_LENGTH) {
      throw error(source + ": the identity token is empty or longer than " + MAX_LENGTH + " characters");
    }
    // A compact JWT is three Base64url parts; anything else (spaces, a second token, an option) is not one.
    if (!COMPACT_JWT.matcher(t).matches()) {
      throw error(source + ": the identity token is not a JWT (three Base64url parts separated by dots)");
    }
    JWTClaimsSet claims;
    try {
      claims = JWTParser.parse(t).getJWTClaimsSet();
    } catch (java.text.ParseException e) {
      throw error(source + ": the identity token is not a JWT (" + e.getMessage() + ")");
    }
    String iss = claims.getIssuer();
    // Fulcio certifies the email address for email-based issuers, otherwise the subject.
    Object email = claims.getClaim("email");
    String sub = email instanceof String e && !e.isEmpty() ? e : claims.getSubject();
    if (iss == null || iss.isEmpty() || sub == null || sub.isEmpty() || claims.getSubject() == null) {
      throw error(source + ": the identity token has no issuer (iss) or subject (sub)");
    }
    return new IdentityToken(t, iss, sub, Optional.ofNullable(claims.getExpirationTime()).map(java.util.Date::toInstant));
  }

  /** The public-good OAuth client id for interactive sign-in. */
  public static final String SIGSTORE_CLIENT_ID = "sigstore";

  /**
   * Interactive sign-in: an OAuth 2.0 authorization code flow with PKCE at {@code issuer}, where {@code browser} opens
   * the sign-in page and the provider redirects to a one-shot listener on loopback. sigstore-java's {@code
   * WebOidcClient} runs it and verifies the ID token against the provider's published keys.
   */
  public record Interactive(URI issuer, String clientId, Browser browser) {
    public Interactive {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(browser, "browser");
    }
  }

  /** Opens the sign-in page: a desktop browser, a printed address, or a test's scripted client. */
  @FunctionalInterface
  public interface Browser {
    void open(String url) throws IOException;
  }

  /**
   * The token to sign with: {@code explicit} if given (the token, or {@code @FILE}), else {@code SIGSTORE_ID_TOKEN},
   * else GitHub Actions' ambient provider ({@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code _TOKEN}).
   */
  public static IdentityToken resolve(Optional<String> explicit, Map<String, String> env, HttpClient http)
      throws InputRejectedException, OperationFailedException {
    return resolve(explicit, env, http, Optional.empty());
  }

  /** As {@link #resolve(Optional, Map, HttpClient)}, then, outside CI ({@code CI=true}), {@code interactive} sign-in. */
  public static IdentityToken resolve(Optional<String> explicit, Map<String, String> env, HttpClient http,
      Optional<Interactive> interactive) throws InputRejectedException, OperationFailedException {
    if (explicit.isPresent()) {
      String v = explicit.get();
      if (v.startsWith("@")) {
        java.nio.file.Path file = java.nio.file.Path.of(v.substring(1));
        try {
          if (java.nio.file.Files.size(file) > MAX_LENGTH) {
            throw error(file + ": larger than " + MAX_LENGTH + " bytes");
          }
          return parse(java.nio.file.Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
          throw new InputRejectedException(ErrorCode.INPUT_NOT_FOUND, "", -1, "cannot read identity token file " + file);
        }
      }
      return parse(v, "--identity-token");
    }
    String fromEnv = env.get("SIGSTORE_ID_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return parse(fromEnv, "SIGSTORE_ID_TOKEN");
    }
    String url = env.get("ACTIONS_ID_TOKEN_REQUEST_URL");
    String bearer = env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
    if (url != null && bearer != null) {
      return parse(gitHubActions(url, bearer, http), "GitHub Actions");
    }
    if (interactive.isPresent() && !"true".equalsIgnoreCase(env.get("CI"))) {
      return signIn(interactive.get());
    }
    throw error("no identity token: pass --identity-token TOKEN|@FILE, set SIGSTORE_ID_TOKEN, or run in GitHub Actions"
        + " with 'permissions: id-token: write'; browser sign-in needs a terminal and is off in CI");
  }

  private static IdentityToken signIn(Interactive i) throws InputRejectedException, OperationFailedException {
    dev.sigstore.oidc.client.WebOidcClient client = dev.sigstore.oidc.client.WebOidcClient.builder()
        .setIssuer(i.issuer().toString()).setClientId(i.clientId()).setBrowser(i.browser()::open).build();
    try {
      return parse(client.getIDToken(Map.of()).getIdToken(), "sign-in at " + i.issuer());
    } catch (dev.sigstore.oidc.client.OidcException | RuntimeException e) {
      throw new OperationFailedException(ErrorCode.IDENTITY_TOKEN, "sign-in at " + i.issuer() + " failed: "
          + dev.airid.internal.Causes.describe(e), e);
    }
  }

  private static String gitHubActions(String url, String bearer, HttpClient http) throws OperationFailedException {
    URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + "audience=" + URLEncoder.encode(AUDIENCE, StandardCharsets.UTF_8));
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer).header("Accept", "application/json").GET().build();
    try {
      HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (resp.statusCode() != 200 || resp.body().length > MAX_LENGTH * 2) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "GitHub Actions' token service answered HTTP " + resp.statusCode());
      }
      if (Json.parse(resp.body()) instanceof JsonObject o && o.getOrNull("value") instanceof JsonString v) {
        return v.value();
      }
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "GitHub Actions' token service sent no \"value\"");
    } catch (IOException | InputRejectedException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "cannot get a token from GitHub Actions: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "interrupted while getting a GitHub Actions token", e);
    }
  }

  /** The compact JWT, for Fulcio only. */
  String jwt() {
    return jwt;
  }

  /** The issuer claim: the OIDC issuer the certificate will name. */
  public String issuer() {
    return issuer;
  }

  /** The identity the certificate will carry: the email claim if present, else the subject. */
  public String subject() {
    return subject;
  }

  public Optional<Instant> expiry() {
    return expiry;
  }

  @Override
  public String toString() {
    return "IdentityToken[" + subject + " from " + issuer + "]";
  }

  private static InputRejectedException error(String reason) {
    return InputRejectedException.of(ErrorCode.IDENTITY_TOKEN, reason);
  }
}
