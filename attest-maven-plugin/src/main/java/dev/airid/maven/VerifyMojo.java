package dev.airid.maven;

import dev.airid.AiridException;
import dev.airid.verify.Check;
import dev.airid.attest.Subject;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import dev.airid.text.Printable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Verifies the provenance of files, offline, against trusted keys and/or a keyless identity (certificate SAN and OIDC
 * issuer, against a trusted root): each file must be an output of a verified run.
 * A file's provenance is its sidecar {@code <file>.airid.jsonl}, or any of the {@code provenance} files (such as the
 * one {@code airid:attest} writes for a whole module). Prints one line per file and fails the build with the first
 * failed check of each unverified file. Files are verified in parallel.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresDependencyResolution = org.apache.maven.plugins.annotations.ResolutionScope.TEST)
public class VerifyMojo extends AbstractMojo {

  /** Files, or directories whose files are all checked (provenance files themselves excluded). */
  @Parameter
  List<File> files = new ArrayList<>();

  /**
   * Dependencies whose provenance must verify, as {@code groupId:artifactId} patterns ({@code *} matches any run of
   * characters), e.g. {@code com.example.ai:*}. Each matching resolved dependency needs the provenance file published
   * beside it by {@code airid:attest} (classifier {@code airid}, type {@code jsonl}), and must be one of its outputs.
   */
  @Parameter
  List<String> dependencies = new ArrayList<>();

  @org.apache.maven.plugins.annotations.Component
  org.eclipse.aether.RepositorySystem repositorySystem;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
  org.eclipse.aether.RepositorySystemSession repositorySession;

  @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
  List<org.eclipse.aether.repository.RemoteRepository> remoteRepositories;

  /** Provenance files that cover several files at once (e.g. another module's {@code target/airid/*.airid.jsonl}). */
  @Parameter
  List<File> provenance = new ArrayList<>();

  /**
   * Trusted public keys (PEM or JWK) for key-signed airid provenance and public-key Sigstore bundles. Key-signed and
   * keyless signers may be trusted together; give at least one of the two.
   */
  @Parameter
  List<File> trustedKeys = new ArrayList<>();

  /**
   * Plain Sigstore bundles to verify with their artifacts (e.g. signed releases of inputs), offline against {@code
   * trustedRoot}: keyless bundles against {@code certificateIdentity} (or {@code certificateIdentityRegexp}) and
   * {@code certificateOidcIssuer}; public-key bundles against {@code trustedKeys}.
   */
  @Parameter
  List<SigstoreBundle> sigstoreBundles = new ArrayList<>();

  /** A Sigstore trusted root (trusted_root.json) for {@code sigstoreBundles} and keyless provenance. */
  @Parameter(property = "airid.trustedRoot")
  File trustedRoot;

  /** Expected signer identity (certificate SAN) of keyless provenance and keyless {@code sigstoreBundles}. */
  @Parameter(property = "airid.certificateIdentity")
  String certificateIdentity;

  /** Expected signer identity as a regular expression. */
  @Parameter(property = "airid.certificateIdentityRegexp")
  String certificateIdentityRegexp;

  /** Expected OIDC issuer of that identity. */
  @Parameter(property = "airid.certificateOidcIssuer")
  String certificateOidcIssuer;

  /** Distinct trusted keys that must have signed. */
  @Parameter(property = "airid.threshold", defaultValue = "1")
  int threshold;

  /** Bind the keys to this algorithm (e.g. {@code rsa-pkcs1-sha256}); default: from each key's type. */
  @Parameter(property = "airid.keyAlgorithm")
  String keyAlgorithm;

  /** Fail when a file has no provenance (otherwise warn). */
  @Parameter(property = "airid.failOnMissing", defaultValue = "true")
  boolean failOnMissing;

  /** Fail when a file's provenance does not verify (otherwise warn). */
  @Parameter(property = "airid.failOnUnverified", defaultValue = "true")
  boolean failOnUnverified;

  /** Verification threads; 0 means one per available processor. */
  @Parameter(property = "airid.threads", defaultValue = "0")
  int threads;

  /** Skip this goal. */
  @Parameter(property = "airid.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** The outcome for one file. */
  record Outcome(Path file, Status status, String detail) {}

  enum Status {
    VERIFIED,
    UNVERIFIED,
    MISSING
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("airid: verify skipped");
      return;
    }
    long start = System.nanoTime();
    List<Path> targets = new ArrayList<>();
    for (File f : files) {
      targets.addAll(Files2.expand(f.toPath()));
    }
    if (targets.isEmpty() && dependencies.isEmpty() && sigstoreBundles.isEmpty()) {
      throw new MojoExecutionException("nothing to verify: set <files>, <dependencies> and/or <sigstoreBundles>");
    }
    List<Outcome> outcomes = new ArrayList<>();
    if (!targets.isEmpty() || !dependencies.isEmpty()) {
      Verifier verifier = verifier();
      Map<String, String> covered = coveredDigests(verifier);
      outcomes.addAll(verifyAll(verifier, targets, covered));
      outcomes.addAll(verifyDependencies(verifier));
    }
    outcomes.addAll(verifySigstoreBundles());

    Path base = project.getBasedir().toPath();
    int verified = 0;
    List<String> unverified = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Outcome o : outcomes) {
      // File names and details come from the files and bundles being verified: escaped before they reach the log.
      String name = Printable.escape(Files2.name(base, o.file));
      String detail = Printable.escape(o.detail);
      switch (o.status) {
        case VERIFIED:
          verified++;
          getLog().info("airid: ok      " + name + " — " + detail);
          break;
        case UNVERIFIED:
          unverified.add(name + ": " + detail);
          getLog().error("airid: FAILED  " + name + " — " + detail);
          break;
        default:
          missing.add(name);
          String line = "airid: MISSING " + name + " — no provenance (" + name + Files2.PROVENANCE_SUFFIX + " or <provenance>)";
          if (failOnMissing) {
            getLog().error(line);
          } else {
            getLog().warn(line);
          }
      }
    }
    getLog().info("airid: " + verified + " verified, " + unverified.size() + " not verified, " + missing.size()
        + " without provenance, of " + outcomes.size() + " file(s)");
    getLog().info(String.format("airid: verification took %.1f ms", (System.nanoTime() - start) / 1e6));
    StringBuilder why = new StringBuilder();
    if (!unverified.isEmpty() && failOnUnverified) {
      why.append(unverified.size()).append(" file(s) not verified:\n  ").append(String.join("\n  ", unverified));
    }
    if (!missing.isEmpty() && failOnMissing) {
      why.append(why.length() > 0 ? "\n" : "").append(missing.size()).append(" file(s) without provenance:\n  ")
          .append(String.join("\n  ", missing));
    }
    if (why.length() > 0) {
      throw new MojoFailureException("airid: provenance check failed: " + why);
    }
  }

  /**
   * Trusted keys for key-signed provenance and, with {@code certificateIdentity} (or its regexp), {@code
   * certificateOidcIssuer} and {@code trustedRoot}, that keyless signer; each bundle is judged by the one for its kind.
   */
  private Verifier verifier() throws MojoExecutionException {
    return Verifier.of(trustPolicy(false));
  }

  /**
   * One trust policy for every bundle: the trusted keys judge key-signed bundles, the expected identity (with the
   * trusted root) judges keyless ones. With {@code requireLog}, key-signed bundles must carry a log entry checked
   * against the trusted root, as Sigstore clients require of plain Sigstore bundles.
   */
  private TrustPolicy trustPolicy(boolean requireLog) throws MojoExecutionException {
    boolean identity = certificateIdentity != null || certificateIdentityRegexp != null;
    if (trustedKeys.isEmpty() && !identity) {
      throw new MojoExecutionException("set <trustedKeys> to the public keys whose signatures you trust, or "
          + "<certificateIdentity> (or <certificateIdentityRegexp>), <certificateOidcIssuer> and <trustedRoot> for keyless signers");
    }
    TrustPolicy.Builder b = TrustPolicy.builder();
    try {
      Optional<SignatureAlgorithm> alg = keyAlgorithm == null ? Optional.empty() : Optional.of(SignatureAlgorithm.fromId(keyAlgorithm));
      for (File k : trustedKeys) {
        b.trustedKey(KeyFiles.readPublic(Files.readAllBytes(k.toPath()), k.toString(), alg));
      }
      if (!trustedKeys.isEmpty()) {
        b.threshold(threshold);
      }
      if (identity) {
        b.trustedIdentity(expectedIdentity());
      }
      if (identity || requireLog || trustedRoot != null) {
        b.trustedRoot(readTrustedRoot());
      }
      return b.requireTransparencyLog(requireLog).build();
    } catch (IOException e) {
      throw new MojoExecutionException("<trustedKeys>: cannot read " + e.getMessage());
    } catch (AiridException e) {
      throw new MojoExecutionException(e.getMessage());
    }
  }



  private dev.airid.sigstore.CertificateIdentity expectedIdentity() throws MojoExecutionException {
    boolean regexp = certificateIdentityRegexp != null;
    if ((certificateIdentity == null) == !regexp || certificateOidcIssuer == null) {
      throw new MojoExecutionException("keyless signers need one of <certificateIdentity> and <certificateIdentityRegexp>, "
          + "and <certificateOidcIssuer>");
    }
    try {
      return dev.airid.sigstore.CertificateIdentity.of(certificateIdentity, certificateIdentityRegexp, certificateOidcIssuer);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage());
    }
  }

  private dev.airid.sigstore.TrustedRoot readTrustedRoot() throws MojoExecutionException {
    if (trustedRoot == null) {
      throw new MojoExecutionException("keyless signers need <trustedRoot> (a trusted_root.json): verification is offline");
    }
    try {
      return dev.airid.sigstore.TrustedRoot.read(trustedRoot.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException("<trustedRoot>: cannot read " + e.getMessage());
    } catch (AiridException e) {
      throw new MojoExecutionException("<trustedRoot>: " + e.getMessage());
    }
  }

  /** sha256 → "run <identity> (file)" for outputs of every verified provenance file; unverified ones are reported. */
  private Map<String, String> coveredDigests(Verifier verifier) throws MojoExecutionException, MojoFailureException {
    Map<String, String> covered = new HashMap<>();
    for (File p : provenance) {
      VerificationResult r;
      try {
        r = verifier.verify(Provenance.split(Files.readAllBytes(p.toPath())), Optional.empty());
      } catch (IOException e) {
        throw new MojoExecutionException("cannot read provenance " + p + ": " + e.getMessage());
      } catch (AiridException e) {
        throw new MojoFailureException(Printable.escape("provenance " + p + ": " + e.getMessage()));
      }
      if (!r.verified()) {
        Check c = r.firstFailure().orElseThrow();
        String msg = Printable.escape("provenance " + p + " does not verify: " + c.name() + ": " + c.detail());
        if (failOnUnverified) {
          throw new MojoFailureException("airid: " + msg);
        }
        getLog().warn("airid: " + msg);
        continue;
      }
      for (Subject s : r.outputs()) {
        covered.put(s.digest().get("sha256").toLowerCase(java.util.Locale.ROOT), "run " + r.identity().orElseThrow() + " (" + p.getName() + ")");
      }
    }
    return covered;
  }

  List<Outcome> verifyAll(Verifier verifier, List<Path> targets, Map<String, String> covered) throws MojoExecutionException {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(n, targets.size())));
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Path t : targets) {
        futures.add(pool.submit(() -> verifyOne(verifier, t, covered)));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted");
    } catch (ExecutionException e) {
      throw new MojoExecutionException(Printable.escape("airid: verification failed: " + e.getCause()), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Outcome> verifySigstoreBundles() throws MojoExecutionException {
    List<Outcome> out = new ArrayList<>();
    if (sigstoreBundles.isEmpty()) {
      return out;
    }
    if (trustedRoot == null) {
      throw new MojoExecutionException("<sigstoreBundles> need <trustedRoot> (a trusted_root.json): verification is offline");
    }
    if (trustedKeys.isEmpty() && certificateIdentity == null && certificateIdentityRegexp == null) {
      throw new MojoExecutionException("<sigstoreBundles> need <trustedKeys> (public-key bundles) and/or "
          + "<certificateIdentity> with <certificateOidcIssuer> (keyless bundles)");
    }
    // One verifier for all bundles: keys, trusted root and expected identity are read and checked once; each bundle
    // goes by its typed material, a public key to the trusted keys, a certificate to the expected identity.
    Verifier verifier = Verifier.of(trustPolicy(true));
    for (SigstoreBundle sb : sigstoreBundles) {
      if (sb.bundle == null || sb.artifact == null) {
        throw new MojoExecutionException("each <sigstoreBundle> needs <bundle> and <artifact>");
      }
      Path artifact = sb.artifact.toPath();
      Files2.sha256(artifact); // a clear error for a missing or unreadable artifact
      List<Check> checks;
      try {
        checks = verifier.verify(Files.readAllBytes(sb.bundle.toPath()), dev.airid.verify.Artifact.ofFile(artifact)).checks();
      } catch (IOException e) {
        throw new MojoExecutionException("cannot read " + sb.bundle + ": " + e.getMessage());
      }
      Optional<Check> failed = checks.stream().filter(c -> !c.passed()).findFirst();
      out.add(failed.isEmpty()
          ? new Outcome(artifact, Status.VERIFIED, "Sigstore bundle " + sb.bundle.getName() + " verified")
          : new Outcome(artifact, Status.UNVERIFIED, failed.get().name() + ": " + failed.get().detail()));
    }
    return out;
  }

  /** Each matching dependency against its published provenance ({@code -airid.jsonl}). */
  private List<Outcome> verifyDependencies(Verifier verifier) throws MojoExecutionException {
    List<Outcome> out = new ArrayList<>();
    if (dependencies.isEmpty()) {
      return out;
    }
    List<java.util.regex.Pattern> patterns = new ArrayList<>();
    for (String d : dependencies) {
      patterns.add(java.util.regex.Pattern.compile(java.util.Arrays.stream(d.split("\\*", -1))
          .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining(".*"))));
    }
    for (org.apache.maven.artifact.Artifact a : project.getArtifacts()) {
      String ga = a.getGroupId() + ":" + a.getArtifactId();
      if (patterns.stream().noneMatch(p -> p.matcher(ga).matches()) || a.getFile() == null) {
        continue;
      }
      Path file = a.getFile().toPath();
      org.eclipse.aether.artifact.Artifact sidecar = new org.eclipse.aether.artifact.DefaultArtifact(
          a.getGroupId(), a.getArtifactId(), "airid", "jsonl", a.getBaseVersion());
      Path provenanceFile;
      try {
        provenanceFile = repositorySystem.resolveArtifact(repositorySession,
            new org.eclipse.aether.resolution.ArtifactRequest(sidecar, remoteRepositories, null)).getArtifact().getFile().toPath();
      } catch (org.eclipse.aether.resolution.ArtifactResolutionException e) {
        out.add(new Outcome(file, Status.MISSING, "no " + sidecar + " published"));
        continue;
      }
      Files2.sha256(file);
      try {
        VerificationResult r = verifier.verify(Files.readAllBytes(provenanceFile), dev.airid.verify.Artifact.ofFile(file));
        out.add(r.verified()
            ? new Outcome(file, Status.VERIFIED, ga + " is an output of run " + r.identity().orElseThrow())
            : new Outcome(file, Status.UNVERIFIED, ga + ": " + r.firstFailure().map(c -> c.name() + ": " + c.detail()).orElse("")));
      } catch (IOException e) {
        out.add(new Outcome(file, Status.UNVERIFIED, ga + ": " + e.getMessage()));
      }
    }
    return out;
  }

  static Outcome verifyOne(Verifier verifier, Path file, Map<String, String> covered) throws MojoExecutionException {
    // One Artifact for the digest and the verification: the file is read once.
    dev.airid.verify.Artifact artifact = dev.airid.verify.Artifact.ofFile(file);
    String sha = java.util.HexFormat.of().formatHex(artifact.digest(dev.airid.sigstore.HashAlgorithm.SHA2_256)
        .orElseThrow(() -> new MojoExecutionException("cannot read " + file + ": " + artifact.readProblem().orElse("not a file"))));
    Path sidecar = file.resolveSibling(file.getFileName() + Files2.PROVENANCE_SUFFIX);
    if (Files.isRegularFile(sidecar)) {
      try {
        VerificationResult r = verifier.verify(Files.readAllBytes(sidecar), artifact);
        // The command line's verdict: the same words, and an output of a failed run is not verified.
        dev.airid.verify.Verdict v = dev.airid.verify.Verdict.of(r, Optional.of(artifact), file.getFileName().toString(), false);
        if (v.passed()) {
          return new Outcome(file, Status.VERIFIED, v.line());
        }
        Check c = v.failure().orElseThrow();
        return new Outcome(file, Status.UNVERIFIED, c.name() + ": " + c.detail());
      } catch (IOException e) {
        return new Outcome(file, Status.UNVERIFIED, "cannot read " + sidecar + ": " + e.getMessage());
      }
    }
    String by = covered.get(sha);
    return by != null ? new Outcome(file, Status.VERIFIED, by) : new Outcome(file, Status.MISSING, "");
  }
}
