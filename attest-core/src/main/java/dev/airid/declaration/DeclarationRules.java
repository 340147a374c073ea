package dev.airid.declaration;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The structural rules of spec §4, checked in document order so that the first error reported is stable. */
final class DeclarationRules {

  static final String TYPE = "https://airid.dev/ai-run-declaration/v1";

  static final Set<String> TOP_LEVEL =
      Set.of("_type", "model", "parameters", "instructions", "inputs", "context", "tools", "parents", "runtime",
          "extensions");

  private static final Set<String> MODEL_STRINGS = Set.of("name", "provider", "version", "uri");

  /** Two or more DNS labels (1-63 letters, digits, inner hyphens): {@code com.example}, {@code dev.airid.trace}. */
  private static final Pattern REVERSE_DNS =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  /** RFC 3986 scheme, a colon, then one or more characters RFC 3986 allows in a URI (ASCII only, no spaces). */
  private static final Pattern ABSOLUTE_URI =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+");

  private static final Pattern LOWER_HEX = Pattern.compile("(?:[0-9a-f]{2})+");

  private DeclarationRules() {}

  static JsonObject check(JsonValue value) throws InputRejectedException {
    if (!(value instanceof JsonObject d)) {
      throw error(ErrorCode.DECL_NOT_OBJECT, "", "a declaration is a JSON object");
    }
    JsonValue type = d.getOrNull("_type");
    if (!(type instanceof JsonString t) || !t.value().equals(TYPE)) {
      throw error(ErrorCode.DECL_TYPE, "/_type", type == null ? "\"_type\" is missing" : "\"_type\" must be \"" + TYPE + "\"");
    }
    for (String name : d.names()) {
      if (!TOP_LEVEL.contains(name)) {
        throw error(ErrorCode.DECL_UNKNOWN_MEMBER, "/" + escape(name),
            "unknown top-level member \"" + printable(name) + "\"; put extension data under \"extensions\"");
      }
    }
    checkModel(d.getOrNull("model"));
    checkObject(d, "parameters");
    checkItems(d, "instructions", true, null);
    checkItems(d, "inputs", true, null);
    checkItems(d, "context", true, "source");
    checkItems(d, "tools", false, "name");
    checkTools(d.getOrNull("tools"));
    checkParents(d.getOrNull("parents"));
    checkObject(d, "runtime");
    checkExtensions(d.getOrNull("extensions"));
    return d;
  }

  private static void checkModel(JsonValue model) throws InputRejectedException {
    if (model == null) {
      throw error(ErrorCode.DECL_INVALID_MODEL, "/model", "\"model\" is missing");
    }
    if (!(model instanceof JsonObject m)) {
      throw error(ErrorCode.DECL_INVALID_MODEL, "/model", "\"model\" must be an object");
    }
    JsonValue name = m.getOrNull("name");
    if (!(name instanceof JsonString n) || n.value().isEmpty()) {
      throw error(ErrorCode.DECL_INVALID_MODEL, "/model/name", "\"model.name\" must be a non-empty string");
    }
    for (String field : MODEL_STRINGS) {
      JsonValue v = m.getOrNull(field);
      if (v != null && !(v instanceof JsonString)) {
        throw error(ErrorCode.DECL_INVALID_MODEL, "/model/" + field, "\"model." + field + "\" must be a string");
      }
    }
    JsonValue digest = m.getOrNull("digest");
    if (digest != null) {
      if (!(digest instanceof JsonObject set) || set.isEmpty()) {
        throw error(ErrorCode.DECL_INVALID_MODEL, "/model/digest",
            "\"model.digest\" must be a non-empty object mapping algorithm names to hex digests");
      }
      for (Map.Entry<String, JsonValue> e : set.members().entrySet()) {
        String where = "/model/digest/" + escape(e.getKey());
        if (!(e.getValue() instanceof JsonString hex) || !LOWER_HEX.matcher(hex.value()).matches()) {
          throw error(ErrorCode.DECL_INVALID_MODEL, where, "a model digest must be lowercase hexadecimal");
        }
        int expected = hexLength(e.getKey());
        if (expected > 0 && hex.value().length() != expected) {
          throw error(ErrorCode.DECL_INVALID_MODEL, where,
              "a " + e.getKey() + " digest has " + expected + " hex digits, not " + hex.value().length());
        }
      }
    }
  }

  /** Lengths for the algorithms in-toto's DigestSet names most; others are only checked to be hex. */
  private static int hexLength(String algorithm) {
    switch (algorithm) {
      case "sha256":
      case "sha3_256":
        return 64;
      case "sha384":
      case "sha3_384":
        return 96;
      case "sha512":
      case "sha3_512":
        return 128;
      case "sha1":
      case "gitCommit":
        return 40;
      default:
        return -1;
    }
  }

  private static void checkObject(JsonObject d, String member) throws InputRejectedException {
    JsonValue v = d.getOrNull(member);
    if (v != null && !(v instanceof JsonObject)) {
      throw error(ErrorCode.DECL_INVALID_MEMBER, "/" + member, "\"" + member + "\" must be an object");
    }
  }

  /**
   * An array of objects; each item of a message-like list carries content (a {@code content} or a {@code
   * contentDigest}), and items of some lists need a non-empty string member such as {@code source}.
   */
  private static void checkItems(JsonObject d, String member, boolean needsContent, String requiredString)
      throws InputRejectedException {
    JsonValue v = d.getOrNull(member);
    if (v == null) {
      return;
    }
    if (!(v instanceof JsonArray items)) {
      throw error(ErrorCode.DECL_INVALID_MEMBER, "/" + member, "\"" + member + "\" must be an array");
    }
    for (int i = 0; i < items.size(); i++) {
      String where = "/" + member + "/" + i;
      if (!(items.get(i) instanceof JsonObject item)) {
        throw error(ErrorCode.DECL_INVALID_MEMBER, where, "each item of \"" + member + "\" must be an object");
      }
      if (needsContent && !item.has(IdentityForm.CONTENT) && !item.has(IdentityForm.CONTENT_DIGEST)) {
        throw error(ErrorCode.DECL_INVALID_MEMBER, where,
            "each item of \"" + member + "\" needs \"content\" (or, redacted, \"contentDigest\")");
      }
      if (requiredString != null) {
        JsonValue s = item.getOrNull(requiredString);
        if (!(s instanceof JsonString str) || str.value().isEmpty()) {
          throw error(ErrorCode.DECL_INVALID_MEMBER, where + "/" + requiredString,
              "each item of \"" + member + "\" needs a non-empty string \"" + requiredString + "\"");
        }
      }
    }
  }

  private static void checkTools(JsonValue tools) throws InputRejectedException {
    if (tools == null) {
      return;
    }
    JsonArray array = (JsonArray) tools;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      JsonObject tool = (JsonObject) array.get(i);
      String name = ((JsonString) tool.getOrNull("name")).value();
      if (!names.add(name)) {
        throw error(ErrorCode.DECL_INVALID_MEMBER, "/tools/" + i + "/name",
            "tool \"" + printable(name) + "\" is declared twice");
      }
      JsonValue schema = tool.getOrNull("inputSchema");
      if (schema != null && !(schema instanceof JsonObject) && !(schema instanceof JsonBoolean)) {
        throw error(ErrorCode.DECL_INVALID_MEMBER, "/tools/" + i + "/inputSchema",
            "\"inputSchema\" must be a JSON Schema (an object or a boolean)");
      }
    }
  }

  private static void checkParents(JsonValue parents) throws InputRejectedException {
    if (parents == null) {
      return;
    }
    if (!(parents instanceof JsonArray array)) {
      throw error(ErrorCode.DECL_INVALID_MEMBER, "/parents", "\"parents\" must be an array of run identities");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "/parents/" + i;
      if (!(array.get(i) instanceof JsonString s) || !RunIdentity.isWellFormed(s.value())) {
        throw error(ErrorCode.DECL_INVALID_PARENT, where,
            "a parent must be a run identity " + RunIdentity.PREFIX + "<64 lowercase hex>");
      }
      if (!seen.add(s.value())) {
        throw error(ErrorCode.DECL_INVALID_PARENT, where, "parent " + s.value() + " is listed twice");
      }
    }
  }

  private static void checkExtensions(JsonValue extensions) throws InputRejectedException {
    if (extensions == null) {
      return;
    }
    if (!(extensions instanceof JsonObject o)) {
      throw error(ErrorCode.DECL_INVALID_MEMBER, "/extensions", "\"extensions\" must be an object");
    }
    for (String name : o.names()) {
      if (!isExtensionName(name)) {
        throw error(ErrorCode.DECL_INVALID_EXTENSION_NAME, "/extensions/" + escape(name),
            "extension name \"" + printable(name) + "\" is neither a reverse-DNS name (com.example.x) nor an absolute URI");
      }
    }
  }

  static boolean isExtensionName(String name) {
    return REVERSE_DNS.matcher(name).matches() || ABSOLUTE_URI.matcher(name).matches();
  }

  private static InputRejectedException error(ErrorCode code, String pointer, String reason) {
    return new InputRejectedException(code, pointer, -1, reason);
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** Names come from untrusted input: keep error lines single-line and bounded. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().limit(80).forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
    return s.length() > 80 ? sb + "…" : sb.toString();
  }
}
