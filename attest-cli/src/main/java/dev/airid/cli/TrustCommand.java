package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.json.JsonObject;
import dev.airid.sigstore.TrustCache;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "trust",
    mixinStandardHelpOptions = true,
    description = "Manage the cached Sigstore trusted root that keyless commands use without --trusted-root.",
    subcommands = {TrustCommand.Update.class},
    footer = ExitCode.HELP_FOOTER_NO_CHECK)
final class TrustCommand implements Runnable {

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a subcommand is required: update");
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Refresh the cached Sigstore trusted root and signing config through TUF.",
        "Refresh the cached trusted root and signing config through a Sigstore TUF repository: by default the public-good one, checked from the TUF root that sigstore-java ships. This is the only airid command that fetches trust material; verification reads the cache and stays offline. The cache is $AIRID_TRUST_CACHE, else $XDG_CACHE_HOME/airid/trust, else ~/.cache/airid/trust. On any failure the cache is left as it was."
      },
      footer = ExitCode.HELP_FOOTER_NO_CHECK)
  static final class Update extends BaseCommand {

    @Option(names = "--mirror", paramLabel = "URL", description = "A private instance's TUF repository (needs --tuf-root).")
    URI mirror;

    @Option(names = "--tuf-root", paramLabel = "FILE", description = "The initial TUF root.json to trust for --mirror.")
    Path tufRoot;

    @Override
    int run() throws AiridException {
      if ((mirror == null) != (tufRoot == null)) {
        throw Usage.error("give --mirror and --tuf-root together (without them, the public-good repository is used)");
      }
      TrustCache cache = io.trustCache();
      TrustCache.Updated u = mirror == null ? cache.updatePublicGood() : cache.update(mirror, tufRoot);
      u.signingConfigProblem().ifPresent(p -> io.err.println("airid: note: no usable signing config cached: " + p));
      if (!json) {
        io.out.println("updated " + u.trustedRoot() + ": " + u.certificateAuthorities() + " certificate authorities, "
            + u.tlogs() + " transparency logs, " + u.ctlogs() + " CT logs, " + u.timestampAuthorities() + " timestamp authorities");
      }
      if (json) {
        printJson(ExitCode.OK, JsonObject.builder().put("trustedRoot", u.trustedRoot().toString())
            .put("signingConfig", u.signingConfigProblem().isEmpty()).build());
      }
      return ExitCode.OK;
    }
  }
}
