package dev.airid.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonNull;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.internal.ProtoJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "Following the protobuf JSON mapping exactly", proven against protobuf itself: airid's {@code Bundle.parse} and
 * {@code TrustedRoot.parse} (on {@code ProtoJson}) and protobuf's {@code JsonFormat} reading into Sigstore's generated
 * classes must agree on every encoding of the same documents — accept/refuse, and when both accept, the value of every
 * field airid keeps ({@link ProtoJsonOracle}). The documents: airid's seeds, airid's test vectors and the
 * sigstore-conformance bundles and trusted roots (read in place). The encodings: both field-name spellings, 64-bit
 * integers as strings and numbers, defaults omitted / explicit / null, Base64 standard and URL-safe with and without
 * padding, enum names and numbers, unknown fields, a field in both spellings, oneof violations; then seeded random
 * mutations. The documented, deliberate differences (docs/fuzzing.md) are asserted as such, one by one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtoJsonDifferentialTest {

  /** int64 fields of the Sigstore messages read here. */
  static final Set<String> INT64 = Set.of("logIndex", "log_index", "integratedTime", "integrated_time", "treeSize", "tree_size");
  /** bytes fields (Base64 in JSON). */
  static final Set<String> BYTES = Set.of("rawBytes", "raw_bytes", "keyId", "key_id", "signedEntryTimestamp",
      "signed_entry_timestamp", "rootHash", "root_hash", "hashes", "canonicalizedBody", "canonicalized_body",
      "signedTimestamp", "signed_timestamp", "digest", "signature", "payload", "sig");
  /** enum fields and their protobuf enum types. */
  static final Map<String, com.google.protobuf.Descriptors.EnumDescriptor> ENUMS = Map.of(
      "algorithm", dev.sigstore.proto.common.v1.HashAlgorithm.getDescriptor(),
      "hashAlgorithm", dev.sigstore.proto.common.v1.HashAlgorithm.getDescriptor(),
      "hash_algorithm", dev.sigstore.proto.common.v1.HashAlgorithm.getDescriptor(),
      "keyDetails", dev.sigstore.proto.common.v1.PublicKeyDetails.getDescriptor(),
      "key_details", dev.sigstore.proto.common.v1.PublicKeyDetails.getDescriptor());

  record Doc(String name, boolean bundle, JsonValue json) {}

  static List<Doc> documents() throws Exception {
    List<Doc> out = new ArrayList<>();
    for (Named<byte[]> b : Seeds.allBundles()) {
      if (ProtoJsonOracle.bundle(b.getPayload()).kind() == ProtoJsonOracle.Kind.SAME_MEANING) {
        out.add(new Doc(b.getName(), true, Json.parse(b.getPayload())));
      }
    }
    for (Map.Entry<String, byte[]> s : new SeedCorpus().all().get("bundle").entrySet()) {
      out.add(new Doc("seed " + s.getKey(), true, Json.parse(s.getValue())));
    }
    for (Map.Entry<String, byte[]> s : new SeedCorpus().all().get("trustedRoot").entrySet()) {
      out.add(new Doc("seed " + s.getKey(), false, Json.parse(s.getValue())));
    }
    try (Stream<Arguments> roots = Seeds.trustedRoots()) {
      for (Arguments a : roots.toList()) {
        @SuppressWarnings("unchecked")
        Named<byte[]> n = (Named<byte[]>) a.get()[0];
        out.add(new Doc(n.getName(), false, Json.parse(n.getPayload())));
      }
    }
    return out;
  }

  /** The encodings of one document that must mean the same to both parsers. */
  static Map<String, Function<JsonValue, JsonValue>> encodings() {
    Map<String, Function<JsonValue, JsonValue>> e = new LinkedHashMap<>();
    e.put("as-is", v -> v);
    e.put("proto-names", v -> SeedCorpus.protoNames(v, false));
    e.put("mixed-names", v -> SeedCorpus.protoNames(v, true));
    e.put("int64-numbers", v -> map(v, (k, x) -> INT64.contains(k) && x instanceof JsonString s ? JsonNumber.of(Long.parseLong(s.value())) : x));
    e.put("int64-strings", v -> map(v, (k, x) -> INT64.contains(k) && x instanceof JsonNumber n ? JsonString.of(Long.toString((long) n.value())) : x));
    e.put("int64-exponent-strings", v -> map(v, (k, x) -> INT64.contains(k) && x instanceof JsonString s && !s.value().equals("0")
        ? JsonString.of(s.value() + "0e-1") : x));
    e.put("defaults-omitted", ProtoJsonDifferentialTest::omitDefaults);
    e.put("defaults-null", v -> nullDefaults(v, false));
    e.put("absent-messages-null", v -> nullDefaults(v, true));
    e.put("base64-url", v -> bytes(v, Base64.getUrlEncoder()));
    e.put("base64-unpadded", v -> bytes(v, Base64.getEncoder().withoutPadding()));
    e.put("base64-url-unpadded", v -> bytes(v, Base64.getUrlEncoder().withoutPadding()));
    e.put("enum-numbers", v -> map(v, (k, x) -> ENUMS.containsKey(k) && x instanceof JsonString s && ENUMS.get(k).findValueByName(s.value()) != null
        ? JsonNumber.of(ENUMS.get(k).findValueByName(s.value()).getNumber()) : x));
    e.put("default-enums-explicit", v -> addWhereMissing(v, "hashAlgorithm", "baseUrl", JsonString.of("HASH_ALGORITHM_UNSPECIFIED")));
    return e;
  }

  /** Variants that protobuf refuses and airid must refuse too. */
  static Map<String, Function<JsonValue, JsonValue>> refusals() {
    Map<String, Function<JsonValue, JsonValue>> e = new LinkedHashMap<>();
    e.put("unknown-top-field", v -> ((JsonObject) v).toBuilder().put("unknownField", JsonNumber.of(1)).build());
    e.put("unknown-nested-field", v -> addEverywhere(v, "notAField", JsonBoolean.of(true)));
    e.put("field-in-both-spellings", v -> bothSpellings(v));
    e.put("int64-fraction", v -> map(v, (k, x) -> INT64.contains(k) ? JsonString.of("1.5") : x));
    e.put("int64-hex", v -> map(v, (k, x) -> INT64.contains(k) ? JsonString.of("0x10") : x));
    e.put("int64-too-large-string", v -> map(v, (k, x) -> INT64.contains(k) ? JsonString.of("9223372036854775808") : x));
    e.put("bytes-mixed-alphabets", v -> map(v, (k, x) -> BYTES.contains(k) && x instanceof JsonString ? JsonString.of("ab+_") : x));
    e.put("enum-unknown-name", v -> map(v, (k, x) -> ENUMS.containsKey(k) ? JsonString.of("NOT_A_VALUE") : x));
    e.put("message-as-string", v -> map(v, (k, x) -> x instanceof JsonObject && !k.isEmpty() ? JsonString.of("x") : x));
    return e;
  }

  @Test
  void everyEncodingMeansTheSameToBothParsers() throws Exception {
    Map<ProtoJsonOracle.Kind, Integer> counts = new EnumMap<>(ProtoJsonOracle.Kind.class);
    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    for (Doc d : documents()) {
      for (Map.Entry<String, Function<JsonValue, JsonValue>> enc : encodings().entrySet()) {
        JsonValue v = enc.getValue().apply(d.json());
        ProtoJsonOracle.Verdict r = judge(d, Json.compact(v));
        counts.merge(r.kind(), 1, Integer::sum);
        if (r.kind() == ProtoJsonOracle.Kind.DISAGREE) {
          disagreements.add(d.name() + " [" + enc.getKey() + "]: " + r);
        }
        accepted += r.kind() == ProtoJsonOracle.Kind.SAME_MEANING ? 1 : 0;
      }
      for (Map.Entry<String, Function<JsonValue, JsonValue>> enc : refusals().entrySet()) {
        JsonValue v = enc.getValue().apply(d.json());
        if (v.equals(d.json())) {
          continue; // nothing to change in this document
        }
        ProtoJsonOracle.Verdict r = judge(d, Json.compact(v));
        counts.merge(r.kind(), 1, Integer::sum);
        if (r.kind() != ProtoJsonOracle.Kind.BOTH_REFUSE) {
          disagreements.add(d.name() + " [" + enc.getKey() + "]: " + r);
        }
      }
    }
    System.out.println("protobuf JSON differential, encodings: " + counts);
    assertEquals(List.of(), disagreements);
    assertTrue(accepted > 100, "most encodings of valid documents are read by both: " + counts);
  }

  /** Seeded random mutations of every document's encodings: the parsers never disagree. */
  @Test
  void randomMutationsNeverMakeTheParsersDisagree() throws Exception {
    Random random = new Random(20261123);
    Map<ProtoJsonOracle.Kind, Integer> counts = new EnumMap<>(ProtoJsonOracle.Kind.class);
    List<String> disagreements = new ArrayList<>();
    List<Doc> docs = documents();
    List<Function<JsonValue, JsonValue>> encodings = new ArrayList<>(encodings().values());
    for (int i = 0; i < 1500; i++) {
      Doc d = docs.get(random.nextInt(docs.size()));
      JsonValue v = encodings.get(random.nextInt(encodings.size())).apply(d.json());
      int n = 1 + random.nextInt(3);
      for (int j = 0; j < n; j++) {
        v = Mutator.mutate(v, random);
      }
      byte[] text = Json.compact(v);
      ProtoJsonOracle.Verdict r = judge(d, text);
      counts.merge(r.kind(), 1, Integer::sum);
      if (r.kind() == ProtoJsonOracle.Kind.DISAGREE) {
        String why = r.toString();
        disagreements.add(d.name() + " mutation " + i + ": " + (why.length() > 400 ? why.substring(0, 400) : why));
      }
    }
    System.out.println("protobuf JSON differential, random mutations: " + counts);
    assertEquals(List.of(), disagreements.stream().limit(40).toList(), disagreements.size() + " disagreements");
  }

  // --- the documented differences, each asserted ------------------------------------------------------------------

  static final String KEY_BUNDLE = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
      + "\"verificationMaterial\":{\"publicKey\":{\"hint\":\"%s\"}},"
      + "\"messageSignature\":{\"signature\":\"AQID\"}%s}";

  static String keyBundle(String hint, String more) {
    return String.format(KEY_BUNDLE, hint, more);
  }

  @Test
  void theBaselineOfTheDocumentedDifferencesIsReadByBoth() {
    assertEquals(ProtoJsonOracle.Kind.SAME_MEANING, ProtoJsonOracle.bundle(utf8(keyBundle("k", ""))).kind());
  }

  /** Duplicate member names: protobuf's Gson reader keeps the last; airid refuses (JSON_DUPLICATE_KEY). */
  @Test
  void duplicateKeysAreRefusedByAiridOnly() {
    String twice = keyBundle("k", "").replace("{\"hint\":\"k\"}", "{\"hint\":\"k\",\"hint\":\"other\"}");
    assertStrictOnly(twice, "JSON_DUPLICATE_KEY");
  }

  /** An int64 beyond ±(2^53−1) as a JSON number: protobuf reads it exactly; I-JSON (and airid) refuse it. */
  @Test
  void integersBeyondIJsonAsNumbersAreRefusedByAiridOnly() {
    String big = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{},"
        + "\"tlogEntries\":[{\"logIndex\":9007199254740993,\"logId\":{\"keyId\":\"AQ==\"},\"kindVersion\":{\"kind\":\"k\","
        + "\"version\":\"v\"},\"canonicalizedBody\":\"AQ==\"}]},\"messageSignature\":{\"signature\":\"AQID\"}}";
    assertStrictOnly(big, "JSON_INTEGER_OUT_OF_RANGE");
    assertEquals(ProtoJsonOracle.Kind.SAME_MEANING, ProtoJsonOracle.bundle(utf8(big.replace("9007199254740993", "\"9007199254740993\""))).kind(),
        "as a string, the same integer is read by both");
  }

  /** A lone surrogate escape in a string: protobuf keeps it; airid refuses (JSON_LONE_SURROGATE). */
  @Test
  void loneSurrogatesAreRefusedByAiridOnly() {
    assertStrictOnly(keyBundle("\\ud800", ""), "JSON_LONE_SURROGATE");
  }

  /** Invalid UTF-8 in a string: decoded with replacement for protobuf, which accepts it; airid refuses the bytes. */
  @Test
  void invalidUtf8IsRefusedByAiridOnly() {
    byte[] text = utf8(keyBundle("k\u00e9", ""));
    for (int i = 0; i < text.length; i++) {
      if (text[i] == (byte) 0xC3) {
        text[i + 1] = (byte) 0x28; // 0xC3 0x28: a lead byte without its continuation
      }
    }
    ProtoJsonOracle.Verdict r = ProtoJsonOracle.bundle(text);
    assertEquals(ProtoJsonOracle.Kind.STRICT_JSON, r.kind(), r.toString());
    assertEquals("accepted", r.protobuf());
  }

  /** Bundle version rules airid adds: a v0.3 bundle carries its certificate as "certificate", not a chain. */
  @Test
  void aV03BundleWithACertificateChainIsRefusedByAiridOnly() throws Exception {
    byte[] v01 = new SeedCorpus().all().get("bundle").get("seed-v01-chain-message-signature");
    assertEquals(ProtoJsonOracle.Kind.SAME_MEANING, ProtoJsonOracle.bundle(v01).kind());
    byte[] v03 = new String(v01, StandardCharsets.UTF_8).replace("bundle+json;version=0.1", "bundle.v0.3+json").getBytes(StandardCharsets.UTF_8);
    assertAiridRule(v03);
    byte[] reversed = utf8(((JsonObject) Json.parse(v01)).toString());
    JsonObject b = (JsonObject) Json.parse(v01);
    JsonObject vm = (JsonObject) b.getOrNull("verificationMaterial");
    JsonObject chain = (JsonObject) vm.getOrNull("x509CertificateChain");
    List<JsonValue> certs = new ArrayList<>(((JsonArray) chain.getOrNull("certificates")).elements());
    java.util.Collections.reverse(certs);
    reversed = Json.compact(b.toBuilder().put("verificationMaterial", vm.toBuilder().put("x509CertificateChain",
        chain.toBuilder().put("certificates", JsonArray.of(certs)).build()).build()).build());
    assertAiridRule(reversed);
  }

  /** Bounds airid adds: at most 16 log entries. */
  @Test
  void moreThanSixteenLogEntriesAreRefusedByAiridOnly() {
    String entry = "{\"logId\":{\"keyId\":\"AQ==\"},\"kindVersion\":{\"kind\":\"k\",\"version\":\"v\"},\"canonicalizedBody\":\"AQ==\"}";
    String sixteen = String.join(",", java.util.Collections.nCopies(16, entry));
    String head = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{},\"tlogEntries\":[";
    String tail = "]},\"messageSignature\":{\"signature\":\"AQID\"}}";
    assertEquals(ProtoJsonOracle.Kind.SAME_MEANING, ProtoJsonOracle.bundle(utf8(head + sixteen + tail)).kind());
    assertAiridRule(utf8(head + sixteen + "," + entry + tail));
  }

  /** An enum number that names no value: protobuf keeps it as "unrecognized" (open enums); airid refuses it. */
  @Test
  void enumNumbersThatNameNoValueAreRefusedByAiridOnly() {
    assertAiridRule(utf8(keyBundle("k", "").replace("{\"signature\":\"AQID\"}",
        "{\"messageDigest\":{\"algorithm\":99,\"digest\":\"AQ==\"},\"signature\":\"AQID\"}")));
  }

  /** protobuf-java reads a number or boolean for a string or bytes field (Gson's getAsString); the mapping does not. */
  @Test
  void numbersForStringFieldsAreReadByProtobufJavaOnly() {
    ProtoJsonOracle.Verdict r = ProtoJsonOracle.bundle(utf8(keyBundle("k", "").replace("\"hint\":\"k\"", "\"hint\":3")));
    assertEquals(ProtoJsonOracle.Kind.PROTOBUF_LENIENT, r.kind(), r.toString());
    r = ProtoJsonOracle.bundle(utf8(keyBundle("k", "").replace("\"AQID\"", "true")));
    assertEquals(ProtoJsonOracle.Kind.PROTOBUF_LENIENT, r.kind(), r.toString());
  }

  /** Base64 with wrong padding ("AQ="): Guava's decoder in protobuf-java reads it; standard and URL-safe Base64 do not. */
  @Test
  void wronglyPaddedBase64IsReadByProtobufJavaOnly() {
    ProtoJsonOracle.Verdict r = ProtoJsonOracle.bundle(utf8(keyBundle("k", "").replace("\"AQID\"", "\"AQ=\"")));
    assertEquals(ProtoJsonOracle.Kind.PROTOBUF_LENIENT, r.kind(), r.toString());
  }

  /** Times protobuf-java rolls over or truncates (February 30, 24:00, second 60, ten fraction digits) are refused. */
  @Test
  void timesThatAreNotTimesAreReadByProtobufJavaOnly() throws Exception {
    String root = new String(new SeedCorpus().all().get("trustedRoot").get("seed-all-kinds"), StandardCharsets.UTF_8);
    assertEquals(ProtoJsonOracle.Kind.SAME_MEANING, ProtoJsonOracle.trustedRoot(utf8(root)).kind());
    for (String t : new String[] {"2025-02-30T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T23:59:60Z", "2025-01-01T00:00:00.1234567891Z"}) {
      ProtoJsonOracle.Verdict r = ProtoJsonOracle.trustedRoot(utf8(root.replace("2035-01-01T00:00:00Z", t)));
      assertEquals(ProtoJsonOracle.Kind.PROTOBUF_LENIENT, r.kind(), t + ": " + r);
    }
    for (String t : new String[] {"2025-01-01T00:00Z", "2025-01-01t00:00:00z", "0000-01-01T00:00:00Z", "2025-01-01T00:00:00+01:00:30",
        "+10000-01-01T00:00:00Z"}) {
      ProtoJsonOracle.Verdict r = ProtoJsonOracle.trustedRoot(utf8(root.replace("2035-01-01T00:00:00Z", t)));
      assertEquals(ProtoJsonOracle.Kind.BOTH_REFUSE, r.kind(), t + ": " + r);
    }
    for (String t : new String[] {"2025-01-01T00:00:00.Z", "2025-01-01T00:00:00-00:00", "2025-01-01T00:00:00.5+05:30"}) {
      ProtoJsonOracle.Verdict r = ProtoJsonOracle.trustedRoot(utf8(root.replace("2035-01-01T00:00:00Z", t)));
      assertEquals(ProtoJsonOracle.Kind.SAME_MEANING, r.kind(), t + ": " + r);
    }
  }

  /** A field in both spellings, the first null: protobuf-java accepts (the other order it refuses); airid refuses both. */
  @Test
  void aFieldGivenTwiceIsRefusedWhicheverIsNull() {
    ProtoJsonOracle.Verdict r = ProtoJsonOracle.bundle(utf8(keyBundle("k", "").replace("\"mediaType\"", "\"media_type\":null,\"mediaType\"")));
    assertEquals(ProtoJsonOracle.Kind.PROTOBUF_LENIENT, r.kind(), r.toString());
    r = ProtoJsonOracle.bundle(utf8(keyBundle("k", "").replace("{\"hint\":\"k\"}", "{\"hint\":\"k\",\"hint\":null}")));
    assertEquals(ProtoJsonOracle.Kind.STRICT_JSON, r.kind(), r.toString());
    r = ProtoJsonOracle.bundle(utf8(keyBundle("k", ",\"media_type\":null")));
    assertEquals(ProtoJsonOracle.Kind.BOTH_REFUSE, r.kind(), r.toString());
  }

  // --- fuzzing ------------------------------------------------------------------------------------------------------

  static Stream<Arguments> bundleSeeds() throws Exception {
    return Seeds.bundles();
  }

  /** Differential fuzzing: any bytes, read by both parsers as a bundle, never make them disagree. */
  @MethodSource("bundleSeeds")
  @FuzzTest
  void bundle(byte[] data) {
    ProtoJsonOracle.Verdict r = ProtoJsonOracle.bundle(data);
    assertTrue(r.kind() != ProtoJsonOracle.Kind.DISAGREE, r::toString);
  }

  static Stream<Arguments> trustedRootSeeds() throws Exception {
    return Seeds.trustedRoots();
  }

  /** Differential fuzzing of trusted roots. */
  @MethodSource("trustedRootSeeds")
  @FuzzTest
  void trustedRoot(byte[] data) {
    ProtoJsonOracle.Verdict r = ProtoJsonOracle.trustedRoot(data);
    assertTrue(r.kind() != ProtoJsonOracle.Kind.DISAGREE, r::toString);
  }

  // --- plumbing -----------------------------------------------------------------------------------------------------

  private static ProtoJsonOracle.Verdict judge(Doc d, byte[] text) {
    return d.bundle() ? ProtoJsonOracle.bundle(text) : ProtoJsonOracle.trustedRoot(text);
  }

  private static void assertStrictOnly(String text, String code) {
    ProtoJsonOracle.Verdict r = ProtoJsonOracle.bundle(utf8(text));
    assertEquals(ProtoJsonOracle.Kind.STRICT_JSON, r.kind(), r.toString());
    assertEquals(code, ProtoJsonOracle.strictJson(utf8(text)).orElseThrow());
    assertEquals("accepted", r.protobuf(), "protobuf's parser accepts it");
  }

  private static void assertAiridRule(byte[] text) {
    ProtoJsonOracle.Verdict r = ProtoJsonOracle.bundle(text);
    assertEquals(ProtoJsonOracle.Kind.AIRID_RULE, r.kind(), r.toString());
  }

  interface MemberMap {
    JsonValue apply(String name, JsonValue value);
  }

  /** Applies {@code f} to every member value (depth first; the result is not visited again). */
  static JsonValue map(JsonValue v, MemberMap f) {
    if (v instanceof JsonObject o) {
      JsonObject.Builder b = JsonObject.builder();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        JsonValue inner = map(e.getValue(), f);
        b.put(e.getKey(), f.apply(e.getKey(), inner));
      }
      return b.build();
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>();
      for (JsonValue x : a) {
        out.add(map(x, f));
      }
      return JsonArray.of(out);
    }
    return v;
  }

  /** Members holding their default value (0, "0", "", [], false, the enum's zero name) left out. */
  static JsonValue omitDefaults(JsonValue v) {
    if (v instanceof JsonObject o) {
      JsonObject.Builder b = JsonObject.builder();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        if (!isDefault(e.getKey(), e.getValue())) {
          b.put(e.getKey(), omitDefaults(e.getValue()));
        }
      }
      return b.build();
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>();
      for (JsonValue x : a) {
        out.add(omitDefaults(x));
      }
      return JsonArray.of(out);
    }
    return v;
  }

  /** Default-valued scalars and arrays as {@code null}; with {@code messages}, also absent optional messages. */
  static JsonValue nullDefaults(JsonValue v, boolean messages) {
    if (v instanceof JsonObject o) {
      JsonObject.Builder b = JsonObject.builder();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        b.put(e.getKey(), isDefault(e.getKey(), e.getValue()) ? JsonNull.INSTANCE : nullDefaults(e.getValue(), messages));
      }
      if (messages && o.has("canonicalizedBody") && !o.has("inclusionPromise")) {
        b.put("inclusionPromise", JsonNull.INSTANCE);
      }
      if (messages && o.has("tlogEntries") && !o.has("timestampVerificationData")) {
        b.put("timestampVerificationData", JsonNull.INSTANCE);
      }
      if (messages && o.has("signature") && o.has("messageDigest") == false && !o.has("canonicalizedBody")) {
        b.put("messageDigest", JsonNull.INSTANCE);
      }
      return b.build();
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>();
      for (JsonValue x : a) {
        out.add(nullDefaults(x, messages));
      }
      return JsonArray.of(out);
    }
    return v;
  }

  private static boolean isDefault(String name, JsonValue v) {
    if (v instanceof JsonString s) {
      return s.value().isEmpty() || (INT64.contains(name) && s.value().equals("0"))
          || (ENUMS.containsKey(name) && ENUMS.get(name).findValueByNumber(0).getName().equals(s.value()));
    }
    if (v instanceof JsonNumber n) {
      return n.value() == 0;
    }
    if (v instanceof JsonArray a) {
      return a.isEmpty();
    }
    return v instanceof JsonBoolean bool && !bool.value();
  }

  /** Every bytes field re-encoded with {@code encoder}. */
  static JsonValue bytes(JsonValue v, Base64.Encoder encoder) {
    return map(v, (k, x) -> {
      if (!BYTES.contains(k)) {
        return x;
      }
      if (x instanceof JsonString s) {
        return JsonString.of(encoder.encodeToString(decode(s.value())));
      }
      if (x instanceof JsonArray a) {
        List<JsonValue> out = new ArrayList<>();
        for (JsonValue e : a) {
          out.add(e instanceof JsonString s ? JsonString.of(encoder.encodeToString(decode(s.value()))) : e);
        }
        return JsonArray.of(out);
      }
      return x;
    });
  }

  private static byte[] decode(String s) {
    return (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
  }

  /** {@code name: value} added to every object that has {@code sibling} but not {@code name}. */
  static JsonValue addWhereMissing(JsonValue v, String name, String sibling, JsonValue value) {
    if (v instanceof JsonObject o) {
      JsonObject.Builder b = ((JsonObject) map(o, (k, x) -> x instanceof JsonObject || x instanceof JsonArray
          ? addWhereMissing(x, name, sibling, value) : x)).toBuilder();
      if (o.has(sibling) && !o.has(name)) {
        b.put(name, value);
      }
      return b.build();
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>();
      for (JsonValue x : a) {
        out.add(addWhereMissing(x, name, sibling, value));
      }
      return JsonArray.of(out);
    }
    return v;
  }

  /** {@code name: value} added to the deepest first object found. */
  static JsonValue addEverywhere(JsonValue v, String name, JsonValue value) {
    return map(v, (k, x) -> x instanceof JsonObject o && !k.equals("dsseEnvelope") ? o.toBuilder().put(name, value).build() : x);
  }

  /** The first camelCase member of each object also given under its proto name. */
  static JsonValue bothSpellings(JsonValue v) {
    return map(v, (k, x) -> {
      if (x instanceof JsonObject o && !k.equals("dsseEnvelope")) {
        for (Map.Entry<String, JsonValue> e : new TreeMap<>(o.members()).entrySet()) {
          String snake = ProtoJson.snake(e.getKey());
          if (!snake.equals(e.getKey()) && !o.has(snake)) {
            return o.toBuilder().put(snake, e.getValue()).build();
          }
        }
      }
      return x;
    });
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
