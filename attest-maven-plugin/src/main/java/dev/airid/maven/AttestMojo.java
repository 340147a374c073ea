package dev.airid.maven;

import dev.airid.AiridException;
import dev.airid.attest.Attestor;
import dev.airid.sigstore.IdentityToken;
import dev.airid.sigstore.KeylessSigner;
import dev.airid.sigstore.SigningConfig;
import dev.airid.sigstore.TrustedRoot;
import java.util.Optional;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.internal.AtomicFile;
import dev.airid.json.JsonPointer;
import dev.airid.keys.SigningKey;
import dev.airid.text.Printable;
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

  /**
   * Sign keylessly with Sigstore instead of {@code key}: an ephemeral key, a Fulcio certificate for the build's OIDC
   * identity, a Rekor entry. The token comes from {@code identityTokenFile}, else {@code SIGSTORE_ID_TOKEN}, else GitHub
   * Actions' ambient provider. Needs {@code trustedRoot}; every bundle is verified against it before it is written.
   */
  @Parameter(property = "airid.keyless", defaultValue = "false")
  boolean keyless;

  /** Keyless: the Sigstore signing config (v0.2) naming Fulcio and Rekor; default the public-good instance. */
  @Parameter(property = "airid.signingConfig")
  File signingConfig;

  /** Keyless: the Sigstore trusted root (trusted_root.json) of the instance that signs. */
  @Parameter(property = "airid.trustedRoot")
  File trustedRoot;

  /** Keyless: a file holding the OIDC identity token (never put a token in the POM). */
  @Parameter(property = "airid.identityTokenFile")
  File identityTokenFile;

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
    Attestor attestor = attestor();
    String base = project.getBuild().getFinalName();
    Path runFile = outputDirectory.toPath().resolve(base + ".run.bundle.json");
    Path provenanceFile = outputDirectory.toPath().resolve(base + ".airid.jsonl");
    try {
      java.nio.file.Files.createDirectories(outputDirectory.toPath());
      Bundle run = attestor.attestDeclaration(d, Instant.now());
      Bundle out = attestor.attestOutputs(run, subjects, ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).finishedAt(Instant.now()));
      AtomicFile.write(runFile, Provenance.join(List.of(run)), true, false);
      byte[] provenance = Provenance.join(List.of(run, out));
      AtomicFile.write(provenanceFile, provenance, true, false);
      if (sidecars) {
        for (Path p : outputFiles) {
          AtomicFile.write(p.resolveSibling(p.getFileName() + Files2.PROVENANCE_SUFFIX), provenance, true, false);
        }
      }
    } catch (AiridException | java.io.IOException e) {
      throw new MojoExecutionException(Printable.escape("airid: attesting failed: " + e.getMessage()), e);
    }
    if (attach) {
      projectHelper.attachArtifact(project, "json", "airid-run", runFile.toFile());
      projectHelper.attachArtifact(project, "jsonl", "airid", provenanceFile.toFile());
    }
    getLog().info("airid: run " + d.identity() + " attested " + Printable.escape(signedBy) + "; " + subjects.size()
        + " output(s) bound → " + project.getBasedir().toPath().relativize(provenanceFile));
  }

  private String signedBy;

  /** The local key, or the keyless signer; exactly one must be configured. */
  private Attestor attestor() throws MojoExecutionException, MojoFailureException {
    if ((key != null) == keyless) {
      throw new MojoExecutionException(keyless ? "set <key> or <keyless>, not both"
          : "set <key> to a private key file, or <keyless>true</keyless> to sign with Sigstore");
    }
    if (!keyless) {
      if (signingConfig != null || trustedRoot != null || identityTokenFile != null) {
        throw new MojoExecutionException("<signingConfig>, <trustedRoot> and <identityTokenFile> go with <keyless>true</keyless>");
      }
      SigningKey k = SigningKeys.load(key, passphraseEnv, passphraseServerId, settings, settingsDecrypter);
      signedBy = "with key " + k.keyId();
      return new Attestor(k);
    }
    if (trustedRoot == null) {
      throw new MojoExecutionException("<keyless> needs <trustedRoot>, the trusted_root.json of the Sigstore instance that signs");
    }
    try {
      java.time.Instant now = Instant.now();
      SigningConfig services = signingConfig == null ? SigningConfig.PUBLIC_GOOD : SigningConfig.read(signingConfig.toPath(), now);
      var http = KeylessSigner.defaultHttpClient();
      IdentityToken token = IdentityToken.resolve(
          Optional.ofNullable(identityTokenFile).map(f -> "@" + f.getPath()), System.getenv(), http);
      signedBy = "keylessly (token for " + token.subject() + " from " + token.issuer() + ")";
      return new Attestor(new KeylessSigner(services, TrustedRoot.read(trustedRoot.toPath()), token, http, java.time.Clock.systemUTC()));
    } catch (AiridException e) {
      throw new MojoExecutionException(Printable.escape("airid: keyless signing: " + e.getMessage()), e);
    } catch (java.io.IOException e) {
      throw new MojoExecutionException("airid: cannot read " + e.getMessage(), e);
    }
  }

  /** A file as a subject named by its file name. */
  private static Subject subject(Path file) throws MojoExecutionException {
    try {
      return Subject.ofFile(file);
    } catch (dev.airid.AiridException e) {
      throw new MojoExecutionException(e.getMessage());
    }
  }

  private List<Subject> subjects(List<Path> outputFiles) throws MojoExecutionException {
    List<Subject> subjects = new ArrayList<>();
    Path basedir = project.getBasedir().toPath();
    if (includeMainArtifact && project.getArtifact() != null && project.getArtifact().getFile() != null
        && project.getArtifact().getFile().isFile()) {
      File f = project.getArtifact().getFile();
      subjects.add(subject(f.toPath()));
    }
    if (includeAttachedArtifacts) {
      for (Artifact a : project.getAttachedArtifacts()) {
        if (a.getFile() != null && a.getFile().isFile()) {
          subjects.add(subject(a.getFile().toPath()));
        }
      }
    }
    for (Path p : outputFiles) {
      subjects.add(Subject.sha256(Files2.name(basedir, p), Files2.sha256(p)));
    }
    return subjects;
  }
}
