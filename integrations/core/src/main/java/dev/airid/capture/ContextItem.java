package dev.airid.capture;

import java.util.Objects;

/**
 * A retrieved document that a run uses: where it came from (a URL, file name or id from the document's metadata) and
 * its text. Declared as a {@code context} item (spec/frameworks.md §6).
 *
 * @param source non-empty locator of the document
 * @param content the text the run was given
 */
public record ContextItem(String source, String content) {

  public ContextItem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(content, "content");
    if (source.isEmpty()) {
      throw new IllegalArgumentException("a context item needs a non-empty source");
    }
  }
}
