package dev.airid.cli;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What kind of file the user gave, guessed from its first bytes, so that a command handed the wrong kind can say what
 * it got and which command reads it, instead of a parser error about byte 0. A guess only ever improves an error
 * message: it is consulted after the command's own parser refused the file, and never decides what is trusted.
 */
enum FileKind {
  DECLARATION("an AI Run Declaration", "airid id FILE, airid attest FILE --key KEY --out RUN.bundle.json or airid policy check FILE --policy POLICY"),
  SIGSTORE_BUNDLE("a Sigstore bundle", "airid inspect FILE, or airid verify --bundle FILE --key PUB"),
  PROVENANCE("a provenance file (JSON Lines of Sigstore bundles)", "airid inspect FILE, or airid verify ARTIFACT --bundle FILE --key PUB"),
  DSSE_ENVELOPE("a bare DSSE envelope (not inside a Sigstore bundle)", "none: airid reads Sigstore bundles; see docs/verify-without-airid.md"),
  INTOTO_STATEMENT("an unsigned in-toto Statement", "none: airid attest signs a declaration, not a Statement"),
  POLICY("an airid policy", "airid policy check DECLARATION --policy FILE, or airid verify ARTIFACT --key PUB --policy FILE"),
  KEY("a key", "--key FILE of airid attest or airid verify"),
  CERTIFICATE("a certificate", "none: give a public key (--key) or a keyless identity (--certificate-identity)"),
  TRUSTED_ROOT("a Sigstore trusted root", "--trusted-root FILE"),
  SIGNING_CONFIG("a Sigstore signing config", "--signing-config FILE of airid attest --keyless"),
  OTHER_JSON("JSON of a kind airid does not read", null),
  NOT_JSON("not JSON (an artifact, perhaps)", "airid verify FILE --key PUB, which reads FILE.airid.jsonl beside it"),
  UNKNOWN("malformed", null);

  private static final Pattern POLICY_LINE = Pattern.compile("(?m)^\\s*\"?policy\"?\\s*:\\s*['\"]?https://airid\\.dev/policy/");
  private static final int SNIFF_BYTES = 64 * 1024;

  private final String description;
  private final String readBy;

  FileKind(String description, String readBy) {
    this.description = description;
    this.readBy = readBy;
  }

  /** What the kind is called in messages, with its article: "a Sigstore bundle". */
  String description() {
    return description;
  }

  /** Guesses the kind of {@code data}; {@link #UNKNOWN} for text that looks like JSON but does not parse. */
  static FileKind of(byte[] data) {
    String head = new String(data, 0, Math.min(data.length, SNIFF_BYTES), StandardCharsets.UTF_8).stripLeading();
    if (head.startsWith("-----BEGIN ")) {
      String label = head.substring(11, Math.max(11, head.indexOf("-----", 11)));
      return label.contains("CERTIFICATE") ? CERTIFICATE : KEY;
    }
    if (head.startsWith("ssh-") || head.startsWith("ecdsa-sha2-") || head.startsWith("PuTTY-User-Key-File")) {
      return KEY;
    }
    if (POLICY_LINE.matcher(head).find()) {
      return POLICY;
    }
    JsonValue v = parse(data);
    if (v == null) {
      int nl = indexOf(data, (byte) '\n');
      if (nl > 0 && nl < data.length - 1) {
        JsonValue first = parse(java.util.Arrays.copyOf(data, nl));
        if (first instanceof JsonObject o && ofObject(o) == SIGSTORE_BUNDLE) {
          return PROVENANCE;
        }
      }
      return head.startsWith("{") || head.startsWith("[") || head.startsWith("\"") ? UNKNOWN : NOT_JSON;
    }
    if (v instanceof JsonObject o) {
      FileKind k = ofObject(o);
      // One bundle and a newline: what 'airid attest' writes, a provenance file of one line.
      return k;
    }
    return OTHER_JSON;
  }

  private static FileKind ofObject(JsonObject o) {
    String mediaType = string(o, "mediaType");
    if (mediaType != null && mediaType.startsWith("application/vnd.dev.sigstore.bundle")) {
      return SIGSTORE_BUNDLE;
    }
    if (mediaType != null && mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
      return TRUSTED_ROOT;
    }
    if (mediaType != null && mediaType.startsWith("application/vnd.dev.sigstore.signingconfig")) {
      return SIGNING_CONFIG;
    }
    String type = string(o, "_type");
    if (Declaration.TYPE.equals(type)) {
      return DECLARATION;
    }
    if (type != null && type.startsWith("https://in-toto.io/Statement/")) {
      return INTOTO_STATEMENT;
    }
    if (o.getOrNull("payloadType") != null && o.getOrNull("payload") != null && o.getOrNull("signatures") != null) {
      return DSSE_ENVELOPE;
    }
    if (string(o, "kty") != null) {
      return KEY;
    }
    if (o.getOrNull("policy") != null && o.getOrNull("rules") != null) {
      return POLICY;
    }
    return OTHER_JSON;
  }

  /**
   * The error for {@code file} given to {@code command}, which reads {@code expected}: if the file is recognisably of
   * another kind, {@link ErrorCode#INPUT_WRONG_KIND} naming it and the command that reads it; otherwise the parser's
   * own error {@code cause}, unchanged.
   */
  static InputRejectedException explain(InputRejectedException cause, byte[] data, String file, String command,
      FileKind... expected) {
    FileKind k = of(data);
    if (k == UNKNOWN || k == OTHER_JSON) {
      return cause;
    }
    for (FileKind e : expected) {
      if (e == k || e == SIGSTORE_BUNDLE && k == PROVENANCE || e == PROVENANCE && k == SIGSTORE_BUNDLE) {
        return cause;
      }
    }
    StringBuilder want = new StringBuilder();
    for (int i = 0; i < expected.length; i++) {
      want.append(i == 0 ? "" : i == expected.length - 1 ? " or " : ", ").append(expected[i].description);
    }
    String suggestion = k.readBy == null ? "" : k.readBy.startsWith("none") ? "; " + k.readBy.substring(6)
        : k.readBy.startsWith("--") ? "; give it as " + k.readBy.replace("FILE", file)
            : "; try " + k.readBy.replace("FILE", file);
    return InputRejectedException.of(ErrorCode.INPUT_WRONG_KIND,
        file + " is " + k.description + "; " + command + " reads " + want + suggestion);
  }

  private static JsonValue parse(byte[] data) {
    try {
      return Json.parse(data);
    } catch (InputRejectedException e) {
      return null;
    }
  }

  private static String string(JsonObject o, String name) {
    return o.getOrNull(name) instanceof JsonString s ? s.value() : null;
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
