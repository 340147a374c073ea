package dev.airid.sigstore.internal;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A log checkpoint: a signed note (golang.org/x/mod/sumdb/note) whose body states a tree — origin, size, root hash,
 * optional extension lines — followed by a blank line and signature lines {@code "— <name> <base64(hint4 ‖ sig)>"}.
 *
 * @param body the signed bytes: every body line with its newline
 * @param origin the log's origin line
 * @param size the tree size
 * @param rootHash the root hash
 * @param signatures the signature lines
 */
public record SignedNote(byte[] body, String origin, long size, byte[] rootHash, List<NoteSignature> signatures) {

  /** Largest checkpoint read, in characters. */
  static final int MAX_CHARS = 64 * 1024;

  /** Most signature lines read; sigstore-java also stops at 20. */
  static final int MAX_SIGNATURES = 20;

  /** One signature line: the signer's name, the 4-byte key hint, the signature. */
  public record NoteSignature(String name, byte[] keyHint, byte[] signature) {}

  public SignedNote {
    body = body.clone();
    Objects.requireNonNull(origin, "origin");
    rootHash = rootHash.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** Parses a checkpoint; {@code at} is its JSON Pointer, for errors ({@link ErrorCode#BUNDLE_INVALID}). */
  public static SignedNote parse(String text, String at) throws InputRejectedException {
    if (text.length() > MAX_CHARS) {
      throw error(at, "checkpoint longer than " + MAX_CHARS + " characters");
    }
    int blank = text.indexOf("\n\n");
    if (blank < 0 || !text.endsWith("\n")) {
      throw error(at, "checkpoint has no signature block");
    }
    String body = text.substring(0, blank + 1);
    String[] lines = body.split("\n", -1);
    // lines ends with "" after the final newline: origin, size, root, extensions…, ""
    if (lines.length < 4) {
      throw error(at, "checkpoint body has fewer than three lines");
    }
    String origin = lines[0];
    if (origin.isEmpty()) {
      throw error(at, "checkpoint has no origin");
    }
    long size;
    byte[] root;
    try {
      if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
        throw new NumberFormatException();
      }
      size = Long.parseLong(lines[1]);
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw error(at, "checkpoint size or root hash is malformed");
    }
    if (root.length == 0) {
      throw error(at, "checkpoint has no root hash");
    }
    String block = text.substring(blank + 2);
    if (block.isEmpty()) {
      throw error(at, "checkpoint has no signature");
    }
    List<NoteSignature> sigs = new ArrayList<>();
    for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
      if (!line.startsWith("\u2014 ")) {
        throw error(at, "checkpoint signature block has a line that is not a signature");
      }
      if (sigs.size() == MAX_SIGNATURES) {
        throw error(at, "more than " + MAX_SIGNATURES + " checkpoint signatures");
      }
      int sp = line.lastIndexOf(' ');
      String name = line.substring(2, Math.max(2, sp));
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(line.substring(sp + 1));
      } catch (IllegalArgumentException e) {
        throw error(at, "checkpoint signature is not Base64");
      }
      if (name.isEmpty() || raw.length <= 4) {
        throw error(at, "malformed checkpoint signature line");
      }
      sigs.add(new NoteSignature(name, java.util.Arrays.copyOf(raw, 4), java.util.Arrays.copyOfRange(raw, 4, raw.length)));
    }
    return new SignedNote(body.getBytes(StandardCharsets.UTF_8), origin, size, root, sigs);
  }

  private static InputRejectedException error(String at, String reason) {
    return new InputRejectedException(ErrorCode.BUNDLE_INVALID, at, -1, reason);
  }
}
