package dev.airid.maven;

import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;

/** File helpers shared by the goals. */
final class Files2 {

  /** The suffix of provenance files; they are never outputs themselves. */
  static final String PROVENANCE_SUFFIX = ".airid.jsonl";

  private Files2() {}

  /** A regular file, or every regular file below a directory (sorted, provenance files excluded). */
  static List<Path> expand(Path p) throws MojoExecutionException {
    if (Files.isRegularFile(p)) {
      return List.of(p);
    }
    if (!Files.isDirectory(p)) {
      throw new MojoExecutionException(p + " does not exist");
    }
    try (Stream<Path> s = Files.walk(p)) {
      List<Path> out = new ArrayList<>();
      s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(PROVENANCE_SUFFIX)).sorted().forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new MojoExecutionException("cannot list " + p + ": " + e.getMessage());
    }
  }

  /** The subject name of a file: its path relative to the project, with '/' separators. */
  static String name(Path basedir, Path file) {
    Path rel = file.toAbsolutePath().startsWith(basedir.toAbsolutePath()) ? basedir.toAbsolutePath().relativize(file.toAbsolutePath()) : file;
    return rel.toString().replace('\\', '/');
  }

  /** The SHA-256 of a file, hex, as attest-core's {@code Subject.ofFile} computes it for subjects. */
  static String sha256(Path file) throws MojoExecutionException {
    try {
      return dev.airid.attest.Subject.ofFile(file).digest().get("sha256");
    } catch (dev.airid.AiridException e) {
      throw new MojoExecutionException(e.getMessage());
    }
  }
}
