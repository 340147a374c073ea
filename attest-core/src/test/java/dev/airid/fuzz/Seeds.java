package dev.airid.fuzz;

import dev.airid.AiridException;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.keys.KeyFiles;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.TrustedRoot;
import dev.airid.testing.Paths2;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeds read in place, for the fuzz targets' {@code @MethodSource}s: airid's own vectors under {@code test-vectors/}
 * and the third-party ones under {@code ../shared/external-vectors/} (skipped when that folder is absent). In the
 * normal build each seed is one test run; when fuzzing, Jazzer starts from them as well as from the checked-in
 * corpus. Nothing here is copied into the repository.
 */
final class Seeds {

  private Seeds() {}

  // --- documents ----------------------------------------------------------------------------------------------------

  static Stream<Arguments> bundles() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Named<byte[]> b : allBundles()) {
      out.add(Arguments.of(b));
    }
    return out.stream();
  }

  /** Every log entry body of every seed bundle, decoded. */
  static Stream<Arguments> logEntryBodies() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Named<byte[]> b : allBundles()) {
      int i = 0;
      for (JsonObject e : entries(b.getPayload())) {
        if (e.getOrNull("canonicalizedBody") instanceof JsonString s) {
          out.add(Arguments.of(Named.of(b.getName() + " body " + i, Base64.getDecoder().decode(s.value()))));
        }
        i++;
      }
    }
    return out.stream();
  }

  /** Every checkpoint of every seed bundle. */
  static Stream<Arguments> checkpoints() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Named<byte[]> b : allBundles()) {
      int i = 0;
      for (JsonObject e : entries(b.getPayload())) {
        if (e.getOrNull("inclusionProof") instanceof JsonObject p && p.getOrNull("checkpoint") instanceof JsonObject c
            && c.getOrNull("envelope") instanceof JsonString s) {
          out.add(Arguments.of(Named.of(b.getName() + " checkpoint " + i, utf8(s.value()))));
        }
        i++;
      }
    }
    return out.stream();
  }

  static Stream<Arguments> trustedRoots() throws Exception {
    List<Arguments> out = new ArrayList<>();
    Optional<Path> ext = external();
    if (ext.isPresent()) {
      out.add(file(ext.get().resolve("sigstore-python/production/trusted_root.json"), "sigstore-python production"));
      try (Stream<Path> s = Files.walk(ext.get().resolve("sigstore-conformance/test/assets/bundle-verify"))) {
        for (Path p : s.filter(p -> p.getFileName().toString().equals("trusted_root.json")).sorted().toList()) {
          out.add(file(p, "conformance " + p.getParent().getFileName()));
        }
      }
    }
    for (Path p : list(Paths2.testVectors().resolve("sigstore-interop/fixtures/sigstore-go"))) {
      if (p.toString().endsWith(".json") && Json.parse(read(p)) instanceof JsonObject o && o.getOrNull("mediaType") instanceof JsonString m
          && m.value().startsWith("application/vnd.dev.sigstore.trustedroot")) {
        out.add(file(p, "interop " + p.getFileName()));
      }
    }
    return out.stream();
  }

  /** No signing config is among the vectors: the checked-in corpus has generated ones. */
  static Stream<Arguments> signingConfigs() {
    return Stream.empty();
  }

  static Stream<Arguments> policies() {
    return Stream.of(file(Paths2.repositoryRoot().resolve("examples/policy.yaml"), "examples/policy.yaml"));
  }

  static Stream<Arguments> keyFiles() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Path p : list(Paths2.testVectors().resolve("keys"))) {
      out.add(file(p, "keys/" + p.getFileName()));
    }
    Optional<Path> ext = external();
    if (ext.isPresent()) {
      Path key = ext.get().resolve("sigstore-conformance/test/assets/bundle-verify/managed-key-and-trusted-root/key.pub");
      out.add(file(key, "conformance managed key"));
    }
    return out.stream();
  }

  /** Declarations of the identity, framework and attestation vectors, valid and invalid. */
  static Stream<Arguments> declarations() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (String dir : new String[] {"identity", "frameworks", "attestation"}) {
      for (Path p : list(Paths2.testVectors().resolve(dir))) {
        if (p.toString().endsWith(".json") && Json.parse(read(p)) instanceof JsonObject o
            && o.getOrNull("declaration") instanceof JsonString d) {
          out.add(Arguments.of(Named.of(dir + "/" + p.getFileName(), utf8(d.value()))));
        }
      }
    }
    return out.stream();
  }

  /** Provenance files and single bundles: what {@code airid verify} is given. */
  static Stream<Arguments> provenance() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Path p : list(Paths2.testVectors().resolve("attestation"))) {
      JsonObject o = (JsonObject) Json.parse(read(p));
      if (o.getOrNull("provenance") instanceof JsonString s) {
        out.add(Arguments.of(Named.of("attestation/" + p.getFileName() + " provenance", utf8(s.value()))));
      }
    }
    for (Path p : list(Paths2.testVectors().resolve("bundles-negative"))) {
      JsonObject o = (JsonObject) Json.parse(read(p));
      StringBuilder file = new StringBuilder();
      for (JsonValue b : (JsonArray) o.getOrNull("bundles")) {
        file.append(((JsonString) b).value()).append('\n');
      }
      out.add(Arguments.of(Named.of("bundles-negative/" + p.getFileName(), utf8(file.toString()))));
    }
    for (Named<byte[]> b : allBundles()) {
      if (!b.getName().startsWith("bundles-negative") && !b.getName().startsWith("attestation")) {
        out.add(Arguments.of(b));
      }
    }
    return out.stream();
  }

  // --- the fixed trust policy of the verify target ----------------------------------------------------------------

  private static Verifier verifier;

  /**
   * Trusts the test keys (Ed25519 and ECDSA P-256, threshold 1) and, when the third-party vectors are present, the
   * sigstore-conformance signer identity with the public-good trusted root; a fixed clock.
   */
  static synchronized Verifier verifier() throws AiridException {
    if (verifier == null) {
      TrustPolicy.Builder b = TrustPolicy.builder()
          .clock(Clock.fixed(ParsersFuzzTest.NOW, ZoneOffset.UTC))
          .trustedKey(KeyFiles.readPublic(read(Paths2.testVectors().resolve("keys/ed25519-test.pub")), "ed25519-test.pub",
              Optional.empty()))
          .trustedKey(KeyFiles.readPublic(read(Paths2.testVectors().resolve("keys/ecdsa-p256-test.pub")), "ecdsa-p256-test.pub",
              Optional.empty()));
      Optional<Path> ext = external();
      if (ext.isPresent()) {
        b.trustedRoot(TrustedRoot.parse(Json.parse(read(ext.get().resolve("sigstore-python/production/trusted_root.json")))))
            .trustedIdentity(CertificateIdentity.exact(
                "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/"
                    + "extremely-dangerous-oidc-beacon.yml@refs/heads/main",
                "https://token.actions.githubusercontent.com"));
      }
      verifier = Verifier.of(b.build());
    }
    return verifier;
  }

  // --- plumbing -----------------------------------------------------------------------------------------------------

  /** Our own bundles (attestation and negative vectors, interop fixtures) and the sigstore-conformance bundles. */
  static List<Named<byte[]>> allBundles() throws Exception {
    List<Named<byte[]>> out = new ArrayList<>();
    try {
      for (Path p : list(Paths2.testVectors().resolve("attestation"))) {
        JsonObject o = (JsonObject) Json.parse(read(p));
        JsonValue b = o.getOrNull("bundle");
        if (b == null && o.getOrNull("provenance") instanceof JsonString prov) {
          int line = 0;
          for (String l : prov.value().split("\n")) {
            out.add(Named.of("attestation/" + p.getFileName() + " line " + line++, utf8(l)));
          }
        } else if (b instanceof JsonString s) {
          out.add(Named.of("attestation/" + p.getFileName(), utf8(s.value())));
        }
      }
      for (Path p : list(Paths2.testVectors().resolve("bundles-negative"))) {
        int i = 0;
        for (JsonValue b : (JsonArray) ((JsonObject) Json.parse(read(p))).getOrNull("bundles")) {
          out.add(Named.of("bundles-negative/" + p.getFileName() + " " + i++, utf8(((JsonString) b).value())));
        }
      }
    } catch (dev.airid.InputRejectedException e) {
      throw new IllegalStateException("a test vector is not strict JSON", e);
    }
    for (Path p : list(Paths2.testVectors().resolve("sigstore-interop/fixtures/sigstore-go"))) {
      if (p.getFileName().toString().endsWith(".sigstore.json") || p.getFileName().toString().equals("bundle-provenance.json")) {
        out.add(Named.of("interop " + p.getFileName(), read(p)));
      }
    }
    Optional<Path> ext = external();
    if (ext.isPresent()) {
      try (Stream<Path> s = Files.walk(ext.get().resolve("sigstore-conformance/test/assets/bundle-verify"))) {
        for (Path p : s.filter(p -> p.getFileName().toString().equals("bundle.sigstore.json")).sorted().toList()) {
          out.add(Named.of("conformance " + p.getParent().getFileName(), read(p)));
        }
      }
    }
    return out;
  }

  private static List<JsonObject> entries(byte[] bundle) {
    List<JsonObject> out = new ArrayList<>();
    try {
      if (Json.parse(bundle) instanceof JsonObject b && b.getOrNull("verificationMaterial") instanceof JsonObject vm
          && vm.getOrNull("tlogEntries") instanceof JsonArray a) {
        for (JsonValue e : a) {
          if (e instanceof JsonObject o) {
            out.add(o);
          }
        }
      }
    } catch (dev.airid.InputRejectedException notJson) {
      // a negative vector: no entries to take
    }
    return out;
  }

  /** {@code ../shared/external-vectors}, if present. */
  static Optional<Path> external() {
    Path p = Paths2.repositoryRoot().resolveSibling("shared").resolve("external-vectors").normalize();
    return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static Arguments file(Path p, String name) {
    return Arguments.of(Named.of(name, read(p)));
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
