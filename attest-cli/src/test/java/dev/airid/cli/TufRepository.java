package dev.airid.cli;

import com.sun.net.httpserver.HttpServer;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A minimal TUF repository (spec 1.0, consistent snapshots, one Ed25519 key for every role), written to a directory and
 * served over HTTP on loopback, so that 'airid trust update' runs sigstore-java's TUF client against a real server.
 * Metadata is signed over its RFC 8785 form, which for this ASCII-only content equals TUF's canonical JSON.
 */
final class TufRepository implements AutoCloseable {

  private final Path dir;
  private final HttpServer server;
  private final KeyPair key;
  private final String keyId;
  private final JsonObject keyJson;

  TufRepository(Path dir) throws Exception {
    this.dir = dir;
    this.key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = key.getPublic().getEncoded();
    keyJson = JsonObject.builder().put("keytype", "ed25519").put("scheme", "ed25519")
        .put("keyval", JsonObject.builder().put("public", HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length))).build())
        .build();
    keyId = Sha256.hexOf(Json.canonicalize(keyJson));
    Files.createDirectories(dir.resolve("targets"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Path f = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      byte[] body = f.startsWith(dir) && Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  Path rootFile() {
    return dir.resolve("1.root.json");
  }

  /** Publishes version 1 of everything, with these two targets; {@code signer} signs the targets metadata. */
  void publish(byte[] trustedRoot, byte[] signingConfig, KeyPair targetsSigner) throws Exception {
    String expires = "2099-01-01T00:00:00Z";
    JsonObject role = JsonObject.builder().put("keyids", JsonArray.of(dev.airid.json.JsonString.of(keyId))).put("threshold", 1).build();
    write("1.root.json", JsonObject.builder().put("_type", "root").put("spec_version", "1.0").put("version", 1)
        .put("expires", expires).put("consistent_snapshot", true)
        .put("keys", JsonObject.builder().put(keyId, keyJson).build())
        .put("roles", JsonObject.builder().put("root", role).put("snapshot", role).put("targets", role).put("timestamp", role).build())
        .build(), key);
    JsonObject.Builder targets = JsonObject.builder();
    for (var t : new Object[][] {{"trusted_root.json", trustedRoot}, {"signing_config.v0.2.json", signingConfig}}) {
      byte[] data = (byte[]) t[1];
      String sha = Sha256.hexOf(data);
      Files.write(dir.resolve("targets").resolve(sha + "." + t[0]), data);
      targets.put((String) t[0], JsonObject.builder().put("length", data.length)
          .put("hashes", JsonObject.builder().put("sha256", sha).build()).build());
    }
    write("1.targets.json", JsonObject.builder().put("_type", "targets").put("spec_version", "1.0").put("version", 1)
        .put("expires", expires).put("targets", targets.build()).build(), targetsSigner);
    write("1.snapshot.json", JsonObject.builder().put("_type", "snapshot").put("spec_version", "1.0").put("version", 1)
        .put("expires", expires).put("meta", JsonObject.builder().put("targets.json", JsonObject.builder().put("version", 1).build()).build())
        .build(), key);
    byte[] snapshot = Files.readAllBytes(dir.resolve("1.snapshot.json"));
    write("timestamp.json", JsonObject.builder().put("_type", "timestamp").put("spec_version", "1.0").put("version", 1)
        .put("expires", expires).put("meta", JsonObject.builder().put("snapshot.json", JsonObject.builder().put("version", 1)
            .put("length", snapshot.length).put("hashes", JsonObject.builder().put("sha256", Sha256.hexOf(snapshot)).build()).build()).build())
        .build(), key);
  }

  void publish(byte[] trustedRoot, byte[] signingConfig) throws Exception {
    publish(trustedRoot, signingConfig, key);
  }

  private void write(String name, JsonObject signed, KeyPair signer) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(signer.getPrivate());
    s.update(Json.canonicalize(signed));
    JsonValue sig = JsonObject.builder().put("keyid", keyId).put("sig", HexFormat.of().formatHex(s.sign())).build();
    Files.write(dir.resolve(name), Json.compact(JsonObject.builder().put("signatures", JsonArray.of(sig)).put("signed", signed).build()));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
