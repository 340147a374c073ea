package dev.airid.sigstore;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Where to sign keylessly: a Fulcio certificate authority and a Rekor (v1) transparency log, read from a Sigstore
 * signing config ({@code application/vnd.dev.sigstore.signingconfig.v0.2+json}). Of each list, the first service with
 * API version 1 whose validity covers now is chosen, as Sigstore clients do.
 *
 * @param fulcio the Fulcio base URL ({@code /api/v2/signingCert} is appended)
 * @param rekor the Rekor base URL ({@code /api/v1/log/entries} is appended)
 * @param oidcIssuer the OIDC provider for interactive sign-in, if the config names one
 */
public record SigningConfig(URI fulcio, URI rekor, java.util.Optional<URI> oidcIssuer) {

  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.signingconfig.v0.2+json";

  /** Sigstore's public-good instance. */
  public static final SigningConfig PUBLIC_GOOD = new SigningConfig(URI.create("https://fulcio.sigstore.dev"),
      URI.create("https://rekor.sigstore.dev"), java.util.Optional.of(URI.create("https://oauth2.sigstore.dev/auth")));

  /** Largest signing config file read. */
  public static final int MAX_BYTES = 256 * 1024;

  public SigningConfig {
    Objects.requireNonNull(fulcio, "fulcio");
    Objects.requireNonNull(rekor, "rekor");
    Objects.requireNonNull(oidcIssuer, "oidcIssuer");
    for (URI u : new URI[] {fulcio, rekor, oidcIssuer.orElse(fulcio)}) {
      if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && isLoopback(u))) {
        throw new IllegalArgumentException("a Sigstore service URL must be https (plain http only on loopback): " + u);
      }
    }
  }

  /** Reads a signing config file. */
  public static SigningConfig read(Path file, Instant now) throws InputRejectedException, java.io.IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw error("", "the file is larger than " + MAX_BYTES + " bytes");
    }
    return parse(Json.parse(Files.readAllBytes(file)), now);
  }

  public static SigningConfig parse(JsonValue json, Instant now) throws InputRejectedException {
    if (!(json instanceof JsonObject o)) {
      throw error("", "a signing config is a JSON object");
    }
    if (!(o.getOrNull("mediaType") instanceof JsonString mt) || !mt.value().equals(MEDIA_TYPE)) {
      throw error("/mediaType", "expected mediaType " + MEDIA_TYPE);
    }
    URI fulcio = pick(o, "caUrls", now);
    URI rekor = pick(o, "rekorTlogUrls", now);
    java.util.Optional<URI> oidc = o.getOrNull("oidcUrls") instanceof JsonArray a && !a.isEmpty()
        ? java.util.Optional.of(pick(o, "oidcUrls", now)) : java.util.Optional.empty();
    try {
      return new SigningConfig(fulcio, rekor, oidc);
    } catch (IllegalArgumentException e) {
      throw error("", e.getMessage());
    }
  }

  private static URI pick(JsonObject o, String list, Instant now) throws InputRejectedException {
    if (!(o.getOrNull(list) instanceof JsonArray a)) {
      throw error("/" + list, "\"" + list + "\" is required");
    }
    boolean sawV2 = false;
    for (int i = 0; i < a.size(); i++) {
      String at = "/" + list + "/" + i;
      if (!(a.get(i) instanceof JsonObject s) || !(s.getOrNull("url") instanceof JsonString url)
          || !(s.getOrNull("majorApiVersion") instanceof JsonNumber v)) {
        throw error(at, "a service has a string \"url\" and a number \"majorApiVersion\"");
      }
      try {
        if (s.getOrNull("validFor") instanceof JsonObject vf) {
          Instant start = vf.getOrNull("start") instanceof JsonString st ? Instant.parse(st.value()) : Instant.MIN;
          Instant end = vf.getOrNull("end") instanceof JsonString en ? Instant.parse(en.value()) : Instant.MAX;
          if (now.isBefore(start) || now.isAfter(end)) {
            continue;
          }
        }
        if (v.value() != 1) {
          sawV2 |= v.value() == 2;
          continue;
        }
        return new URI(url.value().replaceAll("/+$", ""));
      } catch (java.time.format.DateTimeParseException | java.net.URISyntaxException e) {
        throw error(at, "malformed service: " + e.getMessage());
      }
    }
    throw error("/" + list, "no service with API version 1 is valid now" + (sawV2 && list.equals("rekorTlogUrls")
        ? " (airid signs with Rekor v1; Rekor v2 logging is not supported yet)" : ""));
  }

  static boolean isLoopback(URI u) {
    String h = u.getHost();
    return h != null && (h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1"));
  }

  private static InputRejectedException error(String at, String reason) {
    return new InputRejectedException(ErrorCode.SIGNING_CONFIG_INVALID, at, -1, "signing config: " + reason);
  }
}
