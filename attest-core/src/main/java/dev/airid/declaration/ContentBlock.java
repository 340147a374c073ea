package dev.airid.declaration;

import dev.airid.json.JsonPointer;
import java.util.Objects;

/**
 * A content block of a declaration: an object whose {@code content} member is a string (spec §5). In the identity
 * form, and in a redacted declaration, {@code content} is replaced by {@code contentDigest}.
 *
 * @param pointer where the block object is in the declaration
 * @param sha256 lowercase hex SHA-256 of the UTF-8 bytes of the content
 * @param redacted whether this declaration carries only the digest, not the content
 * @param contentBytes the content's UTF-8 length, or -1 when redacted (the length is then unknown)
 */
public record ContentBlock(JsonPointer pointer, String sha256, boolean redacted, long contentBytes) {

  public ContentBlock {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(sha256, "sha256");
  }
}
