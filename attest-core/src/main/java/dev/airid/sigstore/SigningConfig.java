package dev.airid.sigstore;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.internal.ProtoJson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

  /** Reads a signing config ({@code dev.sigstore.trustroot.v1.SigningConfig} in protobuf JSON) as of {@code now}. */
  public static SigningConfig parse(JsonValue json, Instant now) throws InputRejectedException {
    ProtoJson o = ProtoJson.message(json, "", ErrorCode.SIGNING_CONFIG_INVALID, "SigningConfig", "mediaType", "caUrls",
        "oidcUrls", "rekorTlogUrls", "rekorTlogConfig", "tsaUrls", "tsaConfig");
    if (!o.string("mediaType").equals(MEDIA_TYPE)) {
      throw o.error("mediaType", "signing config: expected mediaType " + MEDIA_TYPE);
    }
    for (String c : new String[] {"rekorTlogConfig", "tsaConfig"}) {
      Optional<ProtoJson> config = o.message(c, "ServiceConfiguration", "selector", "count");
      if (config.isPresent()) {
        config.get().enumeration("selector", Selector.class, Selector::ofNumber);
        config.get().uint32("count");
      }
    }
    pick(o, "tsaUrls", now, false);
    URI fulcio = pick(o, "caUrls", now, true).orElseThrow();
    URI rekor = pick(o, "rekorTlogUrls", now, true).orElseThrow();
    Optional<URI> oidc = pick(o, "oidcUrls", now, false);
    try {
      return new SigningConfig(fulcio, rekor, oidc);
    } catch (IllegalArgumentException e) {
      throw o.error("signing config: " + e.getMessage());
    }
  }

  /** {@code dev.sigstore.trustroot.v1.ServiceSelector}, read and validated; airid uses the first valid v1 service. */
  enum Selector {
    SERVICE_SELECTOR_UNDEFINED, ALL, ANY, EXACT;

    static Optional<Selector> ofNumber(int n) {
      return n >= 0 && n < values().length ? Optional.of(values()[n]) : Optional.empty();
    }
  }

  /** Most services in one list of a signing config. */
  static final int MAX_SERVICES = 64;

  /** The first service of {@code list} with API version 1 that is valid at {@code now}. */
  private static Optional<URI> pick(ProtoJson o, String list, Instant now, boolean required) throws InputRejectedException {
    List<ProtoJson> services = o.messages(list, MAX_SERVICES, "Service", "url", "majorApiVersion", "validFor", "operator");
    if (services.isEmpty() && required) {
      throw o.error(list, "signing config: \"" + list + "\" is required");
    }
    boolean sawV2 = false;
    Optional<URI> chosen = Optional.empty();
    for (ProtoJson s : services) {
      String url = s.requiredString("url");
      long version = s.uint32("majorApiVersion");
      s.string("operator");
      Optional<ProtoJson> vf = s.message("validFor", "TimeRange", "start", "end");
      Instant start = vf.isPresent() ? vf.get().timestamp("start").orElse(Instant.MIN) : Instant.MIN;
      Instant end = vf.isPresent() ? vf.get().timestamp("end").orElse(Instant.MAX) : Instant.MAX;
      URI uri;
      try {
        // Trailing slashes stripped by hand: the regular expression "/+$" backtracks quadratically over a long run of
        // slashes (a 256 KB URL of them took minutes).
        int kept = url.length();
        while (kept > 0 && url.charAt(kept - 1) == '/') {
          kept--;
        }
        uri = new URI(url.substring(0, kept));
      } catch (java.net.URISyntaxException e) {
        throw s.error("url", "signing config: malformed service URL");
      }
      if (chosen.isPresent() || now.isBefore(start) || now.isAfter(end)) {
        continue;
      }
      if (version != 1) {
        sawV2 |= version == 2;
        continue;
      }
      chosen = Optional.of(uri);
    }
    if (chosen.isEmpty() && required) {
      throw o.error(list, "signing config: no service with API version 1 is valid now" + (sawV2 && list.equals("rekorTlogUrls")
          ? " (airid signs with Rekor v1; Rekor v2 logging is not supported yet)" : ""));
    }
    return chosen;
  }

  static boolean isLoopback(URI u) {
    String h = u.getHost();
    return h != null && (h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1"));
  }

  private static InputRejectedException error(String at, String reason) {
    return new InputRejectedException(ErrorCode.SIGNING_CONFIG_INVALID, at, -1, "signing config: " + reason);
  }
}
