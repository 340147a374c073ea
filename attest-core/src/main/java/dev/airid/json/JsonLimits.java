package dev.airid.json;

/**
 * Bounds on what the strict parser accepts, so that hostile input cannot exhaust memory or stack.
 *
 * <p>The defaults are documented in {@code spec/ai-run-declaration.md}: at most {@value #DEFAULT_MAX_BYTES} bytes and
 * {@value #DEFAULT_MAX_DEPTH} levels of nesting. A number literal is never longer than {@value #MAX_NUMBER_LENGTH}
 * characters, whatever the limits.
 *
 * @param maxBytes the largest input accepted, in bytes (at least 1)
 * @param maxDepth the deepest nesting of arrays and objects accepted (1 to {@value #MAX_DEPTH_CEILING})
 */
public record JsonLimits(long maxBytes, int maxDepth) {

  /** 32 MiB. */
  public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
  /** The default nesting limit; the specification requires at least 128 and at most 1000. */
  public static final int DEFAULT_MAX_DEPTH = 256;
  /** No limit may exceed this nesting depth: deeper recursion risks the thread's stack. */
  public static final int MAX_DEPTH_CEILING = 1000;
  /** The longest number literal accepted, in characters. */
  public static final int MAX_NUMBER_LENGTH = 1000;

  /** The defaults: {@value #DEFAULT_MAX_BYTES} bytes, depth {@value #DEFAULT_MAX_DEPTH}. */
  public static final JsonLimits DEFAULT = new JsonLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);

  public JsonLimits {
    if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes must be between 1 and " + (Integer.MAX_VALUE - 8));
    }
    if (maxDepth < 1 || maxDepth > MAX_DEPTH_CEILING) {
      throw new IllegalArgumentException("maxDepth must be between 1 and " + MAX_DEPTH_CEILING);
    }
  }

  public JsonLimits withMaxBytes(long bytes) {
    return new JsonLimits(bytes, maxDepth);
  }

  public JsonLimits withMaxDepth(int depth) {
    return new JsonLimits(maxBytes, depth);
  }
}
