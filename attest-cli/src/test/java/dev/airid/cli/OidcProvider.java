package dev.airid.cli;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal OpenID Connect provider on loopback for the browser sign-in test: discovery, an authorization endpoint
 * that signs the user in at once and redirects back with a code, a token endpoint that returns an RS256 ID token for
 * that code, and its JWKS. The client under test (sigstore-java's WebOidcClient) verifies the token against the JWKS.
 */
final class OidcProvider implements AutoCloseable {

  private final HttpServer server;
  private final RSAKey key;
  private final String email;
  /** The {@code sub} claim: a URI, because @sigstore/mock's Fulcio certifies sub as a URI SAN (real Fulcio: the email). */
  final String subject;
  private final Map<String, String> codes = new HashMap<>();

  OidcProvider(String email) throws Exception {
    this.email = email;
    this.subject = "https://idp.airid.test/users/" + email.substring(0, email.indexOf('@'));
    this.key = new RSAKeyGenerator(2048).keyID("test").algorithm(JWSAlgorithm.RS256).keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/.well-known/openid-configuration", ex -> send(ex, 200, "{\"issuer\":\"" + issuer()
        + "\",\"authorization_endpoint\":\"" + issuer() + "/auth\",\"token_endpoint\":\"" + issuer() + "/token\",\"jwks_uri\":\""
        + issuer() + "/keys\"}"));
    server.createContext("/keys", ex -> send(ex, 200, new JWKSet(key.toPublicJWK()).toString()));
    server.createContext("/auth", ex -> {
      Map<String, String> q = form(ex.getRequestURI().getRawQuery());
      String code = "code-" + codes.size();
      synchronized (codes) {
        codes.put(code, q.get("client_id"));
      }
      ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
      send(ex, 302, "");
    });
    server.createContext("/token", ex -> {
      Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String client;
      synchronized (codes) {
        client = codes.remove(f.get("code"));
      }
      if (client == null || !"authorization_code".equals(f.get("grant_type")) || f.get("code_verifier") == null) {
        send(ex, 400, "{\"error\":\"invalid_grant\"}");
        return;
      }
      try {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(subject).audience(client)
            .claim("email", email).claim("email_verified", true)
            .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        send(ex, 200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"" + jwt.serialize() + "\"}");
      } catch (Exception e) {
        send(ex, 500, e.toString());
      }
    });
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI issuerUri() {
    return URI.create(issuer());
  }

  private static Map<String, String> form(String s) {
    Map<String, String> out = new HashMap<>();
    if (s != null) {
      for (String pair : s.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
