package dev.airid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The run identity as a Java developer would compute it without airid: Jackson's tree, the identity form built on it
 * (spec §5: every string {@code content} replaced by {@code contentDigest: {sha256}}), RFC 8785 with
 * erdtman's java-json-canonicalization (the reference Java implementation, also used by sigstore-java), SHA-256 with
 * MessageDigest. No strictness (duplicate keys, big integers) — the peer a user would pick, not a conforming one.
 */
final class JavaPeer {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JavaPeer() {}

  static String identity(byte[] declaration) throws Exception {
    JsonNode tree = MAPPER.readTree(declaration);
    JsonNode form = identityForm(tree);
    byte[] canonical = new JsonCanonicalizer(MAPPER.writeValueAsString(form)).getEncodedUTF8();
    return "airid:v1:sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
  }

  private static JsonNode identityForm(JsonNode node) throws Exception {
    if (node.isObject()) {
      ObjectNode out = MAPPER.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("content") && e.getValue().isTextual()) {
          byte[] d = MessageDigest.getInstance("SHA-256").digest(e.getValue().textValue().getBytes(StandardCharsets.UTF_8));
          out.set("contentDigest", MAPPER.createObjectNode().put("sha256", HexFormat.of().formatHex(d)));
        } else {
          out.set(e.getKey(), identityForm(e.getValue()));
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = MAPPER.createArrayNode();
      for (JsonNode x : node) {
        out.add(identityForm(x));
      }
      return out;
    }
    return node;
  }
}
