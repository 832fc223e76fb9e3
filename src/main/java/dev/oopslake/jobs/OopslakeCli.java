package dev.oopslake.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The single entry point behind {@code jobs/oopslake}: one subcommand per job class. Exit codes:
 * {@value #OK} done (for {@code nightly}: every file accounted, none rejected), {@value #REJECTED}
 * done but some files rejected (the summary line counts them by reason), {@value #CONFIG} a
 * configuration mistake (one line naming what to fix, before any data is read), {@value #FAILED} a
 * failed run (one line, then the stack trace).
 */
@Command(
    name = "oopslake",
    mixinStandardHelpOptions = true,
    version = "oopslake 0.1.0",
    description = "Reads a fleet's kdump vmcore-dmesg archive into ranked Parquet tables.",
    subcommands = {
      // Each subcommand is one job class; keep this list sorted.
      CdsTrainCommand.class,
      EvalClustersCommand.class,
      EvalCorpusCommand.class,
      GenerateCommand.class,
      MaintainCommand.class,
      NightlyJob.class,
      ParseCommand.class,
      ReportCommand.class,
      SqlCommand.class,
    })
public final class OopslakeCli {

  /** Done; for {@code nightly}, every file accounted and none rejected. */
  public static final int OK = 0;

  /** The run failed (storage, catalog, a bug): nothing it did is visible. */
  public static final int FAILED = 1;

  /** A configuration mistake, found before any data is read. */
  public static final int CONFIG = 2;

  /** {@code nightly} finished and every file is accounted, but some were rejected. */
  public static final int REJECTED = 3;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new OopslakeCli());
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          // One clear line naming what to change, not a usage dump.
          ex.getCommandLine().getErr().println("oopslake: " + ex.getMessage());
          return CONFIG;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof dev.oopslake.util.InputError) {
            cmd.getErr().println("oopslake: " + ex.getMessage());
            return CONFIG;
          }
          if (ex instanceof dev.oopslake.lake.LakeError le) {
            cmd.getErr().println("oopslake: " + le.getMessage());
            return le.configuration() ? CONFIG : FAILED;
          }
          // One line a log watcher can match, then the trace for whoever debugs it.
          cmd.getErr()
              .println("oopslake: " + cmd.getCommandName() + " failed: " + FailureLine.of(ex));
          ex.printStackTrace(cmd.getErr());
          return FAILED;
        });
    return cli.execute(args);
  }
}
