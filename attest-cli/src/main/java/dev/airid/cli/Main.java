package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code airid}: stable, verifiable identities and signed provenance for AI runs. */
@Command(
    name = "airid",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Gives every AI run a stable identity computed from its declaration, before it runs, and signed provenance that travels with what the run produced."
    },
    footer = ExitCode.HELP_FOOTER)
public final class Main implements Callable<Integer> {

  final Io io;

  /**
   * The subcommands by name, in help order. They are registered here rather than in {@code @Command(subcommands=…)}
   * so that a run builds only the one it invokes: picocli reflects over every registered command's options, which
   * loads their classes and the classes those name, and a cold {@code airid id} should not pay for {@code verify}.
   */
  private static final String[] NAMES = {
    "id", "canon", "redact", "keygen", "attest", "attest-output", "verify", "inspect", "policy", "verify-chain", "trust",
    "gate", "conformance", "help"
  };

  /** The subcommands' names, in help order. */
  static java.util.List<String> commandNames() {
    return java.util.List.of(NAMES);
  }

  private static Class<?> commandClass(String name) {
    return switch (name) {
      case "id" -> IdCommand.class;
      case "canon" -> CanonCommand.class;
      case "redact" -> RedactCommand.class;
      case "keygen" -> KeygenCommand.class;
      case "attest" -> AttestCommand.class;
      case "attest-output" -> AttestOutputCommand.class;
      case "verify" -> VerifyCommand.class;
      case "inspect" -> InspectCommand.class;
      case "policy" -> PolicyCommand.class;
      case "verify-chain" -> VerifyChainCommand.class;
      case "trust" -> TrustCommand.class;
      case "gate" -> GateCommand.class;
      case "conformance" -> ConformanceCommand.class;
      default -> CommandLine.HelpCommand.class;
    };
  }

  /**
   * Registers the subcommand that {@code args} invoke, or all of them when none is named, the name is unknown (so that
   * picocli can suggest one), or help is asked for. The first argument that is not an option names it: the top level
   * has only --help and --version, which take no value.
   */
  private static void addSubcommands(CommandLine cl, String... args) {
    String invoked = null;
    for (String a : args) {
      if (!a.startsWith("-")) {
        invoked = a;
        break;
      }
    }
    boolean one = invoked != null && !invoked.equals("help") && java.util.Arrays.asList(NAMES).contains(invoked);
    for (String name : NAMES) {
      if (!one || name.equals(invoked)) {
        cl.addSubcommand(name, commandClass(name));
      }
    }
  }

  Main(Io io) {
    this.io = io;
  }

  public static void main(String[] args) {
    System.exit(run(System.in, System.out, System.err, args));
  }

  /** Runs the command with the given streams and returns its exit code; never calls {@code System.exit}. */
  static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
    return run(System.getenv(), in, out, err, args);
  }

  /** {@link #run(InputStream, PrintStream, PrintStream, String...)} with the given environment. */
  static int run(java.util.Map<String, String> env, InputStream in, PrintStream out, PrintStream err, String... args) {
    return run(env, Io.terminalCharset(), in, out, err, args);
  }

  /**
   * {@link #run(InputStream, PrintStream, PrintStream, String...)} with the given environment, for streams that encode
   * with {@code charset}: characters it cannot encode (the arrow of a report) are printed in ASCII instead of as '?'.
   */
  static int run(java.util.Map<String, String> env, java.nio.charset.Charset charset, InputStream in, PrintStream out,
      PrintStream err, String... args) {
    Io io = new Io(in, out, err, env, charset, Arguments.secretValues(args));
    CommandLine cl = new CommandLine(new Main(io), new Factory(io));
    addSubcommands(cl, args);
    Examples.addTo(cl);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // Help is written one paragraph per line: a terminal wraps it at its width, and no sentence is broken by ours.
    cl.setUsageHelpWidth(HELP_WIDTH);
    cl.setUsageHelpLongOptionsMaxWidth(40);
    // "@FILE" is ours to read (--identity-token @FILE), never picocli's argument file: a file must not inject options.
    cl.setExpandAtFiles(false);
    // Unknown commands and options are errors before anything else, --help included: 'airid unknowncmd --help' must
    // not succeed with the top-level help, nor 'airid verify --help-me' complain about a missing parameter.
    Optional<String> unknown = Arguments.unknown(cl, args);
    if (unknown.isPresent()) {
      return usage(io, commandOf(cl, args), unknown.get(), args);
    }
    // A parent command run without its subcommand reports from a CommandLine of its own: name it by the arguments.
    cl.setParameterExceptionHandler((e, a) -> usage(io, e.getCommandLine().getParent() == null && e.getCommandLine() != cl
        ? commandOf(cl, a) : e.getCommandLine(), Arguments.explain(e, a), a));
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(io, e, commandLine));
    return cl.execute(args);
  }

  /**
   * Parses {@code args} as {@link #run} would, without running anything: for tests of command lines that need a network
   * or a broker to run (the help's examples of 'trust update' and 'gate').
   *
   * @throws CommandLine.ParameterException if the command line is not one airid accepts
   */
  static void parseOnly(String... args) {
    Io io = new Io(InputStream.nullInputStream(), new PrintStream(java.io.OutputStream.nullOutputStream()),
        new PrintStream(java.io.OutputStream.nullOutputStream()), java.util.Map.of());
    CommandLine cl = new CommandLine(new Main(io), new Factory(io));
    addSubcommands(cl, args);
    Optional<String> unknown = Arguments.unknown(cl, args);
    if (unknown.isPresent()) {
      throw new CommandLine.ParameterException(cl, unknown.get());
    }
    cl.parseArgs(args);
  }

  /** Wide enough that no line of help is wrapped by picocli. */
  static final int HELP_WIDTH = 1000;

  @Override
  public Integer call() {
    io.err.println("airid: USAGE: a command is required; see 'airid --help'");
    return ExitCode.BAD_INPUT;
  }

  /** A usage error: one line on stderr, and with --json the JSON error document on stdout. Exit 2. */
  private static int usage(Io io, CommandLine cl, String message, String[] args) {
    io.err.println(io.scrub("airid: USAGE: " + message + "; see 'airid " + commandPath(cl) + "--help'"));
    if (Arguments.wantsJson(args)) {
      printErrorJson(io, cl, ExitCode.BAD_INPUT, CliJson.error("USAGE", io.scrub("USAGE: " + message), null));
    }
    io.err.flush();
    return ExitCode.BAD_INPUT;
  }

  /** The deepest command that {@code args} name (the top level if none). */
  private static CommandLine commandOf(CommandLine cl, String[] args) {
    CommandLine current = cl;
    for (String a : args) {
      if (!a.startsWith("-") && current.getSubcommands().containsKey(a)) {
        current = current.getSubcommands().get(a);
      }
    }
    return current;
  }

  private static void printErrorJson(Io io, CommandLine cl, int exitCode, JsonObject error) {
    JsonObject.Builder b = CliJson.envelope(exitCode, Optional.of(error));
    if (cl != null && cl.getCommandName().equals("verify")) {
      b.put("results", dev.airid.json.JsonArray.empty());
    }
    byte[] line = Json.compact(b.build());
    io.out.write(line, 0, line.length);
    io.out.println();
    io.out.flush();
  }

  private static String commandPath(CommandLine cl) {
    StringBuilder sb = new StringBuilder();
    for (CommandLine c = cl; c.getParent() != null; c = c.getParent()) {
      sb.insert(0, c.getCommandName() + " ");
    }
    return sb.toString();
  }

  /** One readable line on stderr (and the JSON error document on stdout with --json); no stack trace unless AIRID_DEBUG. */
  static int failure(Io io, Exception e, CommandLine commandLine) {
    int code;
    JsonObject error;
    if (e instanceof AiridException a) {
      code = a instanceof InputRejectedException ? ExitCode.BAD_INPUT : ExitCode.OPERATION_FAILED;
      error = CliJson.error(a.code().name(), io.scrub(a.getMessage()),
          a instanceof InputRejectedException r ? r.pointer().orElse(null) : null);
      io.err.println(io.scrub("airid: " + a.getMessage()));
    } else {
      code = ExitCode.INTERNAL;
      error = CliJson.error("INTERNAL", io.scrub(e.toString()), null);
      io.err.println(io.scrub("airid: internal error: " + e + " (set AIRID_DEBUG=1 for a stack trace, and please report it)"));
    }
    if (System.getenv("AIRID_DEBUG") != null) {
      e.printStackTrace(io.err);
    }
    if (commandLine.getCommand() instanceof BaseCommand b && b.json) {
      printErrorJson(io, commandLine, code, error);
    }
    io.err.flush();
    io.out.flush();
    return code;
  }

  /** Gives subcommands the streams. */
  private static final class Factory implements CommandLine.IFactory {
    private final Io io;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    Factory(Io io) {
      this.io = io;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (IoAware.class.isAssignableFrom(cls)) {
        K k = fallback.create(cls);
        ((IoAware) k).io(io);
        return k;
      }
      return fallback.create(cls);
    }
  }

  /** Implemented by commands that need the streams. */
  interface IoAware {
    void io(Io io);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      java.util.List<String> lines = new java.util.ArrayList<>();
      lines.add("airid " + (v == null ? "(development build)" : v));
      lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
      // Which implementation verifies and signs each algorithm in this JVM (chosen on first use; see docs/performance.md).
      for (dev.airid.keys.SignatureAlgorithm a : dev.airid.keys.SignatureAlgorithm.values()) {
        lines.add(String.format("%-18s %s", a.id(), a.implementation()));
      }
      return lines.toArray(new String[0]);
    }
  }
}
