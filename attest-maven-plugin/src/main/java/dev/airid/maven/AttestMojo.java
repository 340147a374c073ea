package dev.airid.maven;

import dev.airid.AiridException;
import dev.airid.attest.Attestor;
import dev.airid.attest.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.attest.Verifier;
import dev.airid.declaration.Declaration;
import dev.airid.internal.AtomicFile;
import dev.airid.json.JsonPointer;
import dev.airid.keys.SigningKey;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Attests the run that generated this project's outputs: signs the declaration (the run bundle) and an output
 * attestation whose subjects are the outputs, writes both, and attaches them to the project so that {@code install}
 * and {@code deploy} publish them beside the artifacts:
 *
 * <ul>
 *   <li>{@code <finalName>.run.bundle.json}, attached with classifier {@code airid-run} and type {@code json};
 *   <li>{@code <finalName>.airid.jsonl} (the provenance file: run bundle, then output bundle), attached with
 *       classifier {@code airid} and type {@code jsonl}.
 * </ul>
 *
 * Outputs are the main artifact, optionally the attached artifacts, and any files or directories listed in {@code
 * outputs}. Subject names are paths relative to the project directory (artifacts: their file names).
 */
@Mojo(name = "attest", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class AttestMojo extends AbstractMojo {

  /** The AI Run Declaration of the run that generated the outputs. */
  @Parameter(property = "airid.declaration", required = true)
  File declaration;

  /** Private key (PEM PKCS#8, possibly encrypted, or JWK). */
  @Parameter(property = "airid.key")
  File key;

  /** Name of the environment variable holding the key's passphrase. */
  @Parameter(property = "airid.passphraseEnv")
  String passphraseEnv;

  /** Id of a settings.xml {@code <server>} whose (possibly encrypted) password is the key's passphrase. */
  @Parameter(property = "airid.passphraseServerId")
  String passphraseServerId;

  /** Generated files, or directories whose files are all outputs. */
  @Parameter
  List<File> outputs = new ArrayList<>();

  /** Whether the project's main artifact is an output. */
  @Parameter(property = "airid.includeMainArtifact", defaultValue = "true")
  boolean includeMainArtifact;

  /** Whether artifacts attached by earlier plugins are outputs. */
  @Parameter(property = "airid.includeAttachedArtifacts", defaultValue = "false")
  boolean includeAttachedArtifacts;

  /** JSON Pointers of declaration parts to carry as digests only (the identity does not change). */
  @Parameter
  List<String> redact = new ArrayList<>();

  /** Carry every content block of the declaration as a digest only. */
  @Parameter(property = "airid.redactAll", defaultValue = "false")
  boolean redactAll;

  /** Where the run bundle and provenance file are written. */
  @Parameter(property = "airid.outputDirectory", defaultValue = "${project.build.directory}/airid")
  File outputDirectory;

  /**
   * Also write the provenance file next to each file listed in {@code outputs}, as {@code <file>.airid.jsonl}, so that
   * each generated file carries its own provenance wherever it is copied.
   */
  @Parameter(property = "airid.sidecars", defaultValue = "false")
  boolean sidecars;

  /** Attach the files to the project. */
  @Parameter(property = "airid.attach", defaultValue = "true")
  boolean attach;

  /** Skip this goal. */
  @Parameter(property = "airid.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${settings}", readonly = true)
  Settings settings;

  @Component
  MavenProjectHelper projectHelper;

  @Component
  SettingsDecrypter settingsDecrypter;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("airid: attest skipped");
      return;
    }
    Declaration d = IdentityMojo.read(declaration);
    try {
      if (redactAll) {
        d = d.redactAll();
      } else if (!redact.isEmpty()) {
        d = d.redact(JsonPointer.parseAll(redact));
      }
    } catch (AiridException e) {
      throw new MojoExecutionException("<redact>: " + e.getMessage());
    }
    List<Path> outputFiles = new ArrayList<>();
    for (File o : outputs) {
      outputFiles.addAll(Files2.expand(o.toPath()));
    }
    List<Subject> subjects = subjects(outputFiles);
    if (subjects.isEmpty()) {
      throw new MojoExecutionException("nothing to attest: no main artifact and no <outputs>");
    }
    SigningKey signingKey = SigningKeys.load(key, passphraseEnv, passphraseServerId, settings, settingsDecrypter);
    String base = project.getBuild().getFinalName();
    Path runFile = outputDirectory.toPath().resolve(base + ".run.bundle.json");
    Path provenanceFile = outputDirectory.toPath().resolve(base + ".airid.jsonl");
    try {
      java.nio.file.Files.createDirectories(outputDirectory.toPath());
      Attestor attestor = new Attestor(signingKey);
      Bundle run = attestor.attestDeclaration(d, Instant.now());
      Bundle out = attestor.attestOutputs(run, subjects, ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).finishedAt(Instant.now()));
      AtomicFile.write(runFile, Verifier.joinProvenance(List.of(run)), true, false);
      byte[] provenance = Verifier.joinProvenance(List.of(run, out));
      AtomicFile.write(provenanceFile, provenance, true, false);
      if (sidecars) {
        for (Path p : outputFiles) {
          AtomicFile.write(p.resolveSibling(p.getFileName() + Files2.PROVENANCE_SUFFIX), provenance, true, false);
        }
      }
    } catch (AiridException | java.io.IOException e) {
      throw new MojoExecutionException("airid: attesting failed: " + e.getMessage(), e);
    }
    if (attach) {
      projectHelper.attachArtifact(project, "json", "airid-run", runFile.toFile());
      projectHelper.attachArtifact(project, "jsonl", "airid", provenanceFile.toFile());
    }
    getLog().info("airid: run " + d.identity() + " attested with key " + signingKey.keyId() + "; " + subjects.size()
        + " output(s) bound → " + project.getBasedir().toPath().relativize(provenanceFile));
  }

  private List<Subject> subjects(List<Path> outputFiles) throws MojoExecutionException {
    List<Subject> subjects = new ArrayList<>();
    Path basedir = project.getBasedir().toPath();
    if (includeMainArtifact && project.getArtifact() != null && project.getArtifact().getFile() != null
        && project.getArtifact().getFile().isFile()) {
      File f = project.getArtifact().getFile();
      subjects.add(Subject.sha256(f.getName(), Files2.sha256(f.toPath())));
    }
    if (includeAttachedArtifacts) {
      for (Artifact a : project.getAttachedArtifacts()) {
        if (a.getFile() != null && a.getFile().isFile()) {
          subjects.add(Subject.sha256(a.getFile().getName(), Files2.sha256(a.getFile().toPath())));
        }
      }
    }
    for (Path p : outputFiles) {
      subjects.add(Subject.sha256(Files2.name(basedir, p), Files2.sha256(p)));
    }
    return subjects;
  }
}
