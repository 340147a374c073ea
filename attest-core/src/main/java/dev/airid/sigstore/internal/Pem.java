package dev.airid.sigstore.internal;

import java.util.Base64;
import java.util.Optional;

/**
 * One PEM block read for its meaning: the label and the DER bytes. Line length, line endings (LF or CRLF), and
 * surrounding white space are encoding, so any wrapping of the same DER reads the same; callers compare the DER,
 * never the text.
 *
 * @param label the label, e.g. {@code CERTIFICATE} or {@code PUBLIC KEY}
 * @param der the decoded bytes
 */
record Pem(String label, byte[] der) {

  Pem {
    der = der.clone();
  }

  @Override
  public byte[] der() {
    return der.clone();
  }

  /** Exactly one PEM block, with nothing but white space around it; empty if the text is anything else. */
  static Optional<Pem> decode(String text) {
    String t = text.strip();
    if (!t.startsWith("-----BEGIN ")) {
      return Optional.empty();
    }
    int labelEnd = t.indexOf("-----", 11);
    if (labelEnd < 0) {
      return Optional.empty();
    }
    String label = t.substring(11, labelEnd);
    String end = "-----END " + label + "-----";
    if (label.isEmpty() || !t.endsWith(end) || t.length() < labelEnd + 5 + end.length()) {
      return Optional.empty();
    }
    String body = t.substring(labelEnd + 5, t.length() - end.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean base64 = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
      if (!base64 && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return Optional.empty(); // a second block, RFC 1421 headers (encrypted PEM), or junk: not one plain block
      }
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(body.strip());
      return der.length == 0 ? Optional.empty() : Optional.of(new Pem(label, der));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
