package dev.millrace.buildlogs.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic CI output for the mock runner's steps: git, a compiler, tests, packaging. */
final class MockOutput {

  static final String RESET = "\u001b[0m";
  static final String BOLD = "\u001b[1m";
  static final String RED = "\u001b[31m";
  static final String GREEN = "\u001b[32m";
  static final String YELLOW = "\u001b[33m";
  static final String BLUE = "\u001b[34m";
  static final String CYAN = "\u001b[36m";

  /** The secret the mock build registers and prints, to show masking. */
  static final String DEMO_SECRET = "ghp_demoDeployToken42";

  static final List<String> STEPS = List.of("clone", "compile", "test", "package");

  private static final String[] CLASSES = {
    "Parser", "Encoder", "Router", "Connection", "Replay", "Heartbeat", "Session", "Outbox"
  };

  private final Random random;
  private final int scale;

  MockOutput(long seed, int scale) {
    this.random = new Random(seed);
    this.scale = Math.max(1, scale);
  }

  List<String> lines(String step, String repo, boolean failTests) {
    return switch (step) {
      case "clone" -> clone(repo);
      case "compile" -> compile();
      case "test" -> test(failTests);
      default -> packaging(repo);
    };
  }

  private List<String> clone(String repo) {
    var out = new ArrayList<String>();
    out.add(CYAN + "$ git clone --depth 50 https://git.example.com/demo/" + repo + ".git" + RESET);
    out.add("Cloning into '" + repo + "'...");
    int objects = 800 + random.nextInt(2000);
    out.add("remote: Enumerating objects: " + objects + ", done.");
    for (int pct = 0; pct <= 100; pct += 10) {
      out.add("Receiving objects: " + pad(pct) + "% (" + objects * pct / 100 + "/" + objects + ")");
    }
    out.add("Resolving deltas: 100% (" + objects / 3 + "/" + objects / 3 + "), done.");
    out.add(
        "HEAD is now at "
            + Long.toHexString(random.nextLong()).substring(0, 7)
            + " Merge pull request");
    out.add("Using deploy token " + DEMO_SECRET);
    return out;
  }

  private List<String> compile() {
    var out = new ArrayList<String>();
    out.add(BOLD + "[INFO]" + RESET + " Scanning for projects...");
    out.add(
        BOLD
            + "[INFO]"
            + RESET
            + " "
            + BOLD
            + "--- compiler:3.15.0:compile (default-compile) ---"
            + RESET);
    int modules = 3 * scale;
    for (int m = 0; m < modules; m++) {
      out.add(
          BOLD
              + "[INFO]"
              + RESET
              + " Building module-"
              + m
              + " 1.0-SNAPSHOT ["
              + (m + 1)
              + "/"
              + modules
              + "]");
      int files = 5 + random.nextInt(25);
      out.add(
          BOLD
              + "[INFO]"
              + RESET
              + " Compiling "
              + files
              + " source files with javac [release 21]");
      for (int f = 0; f < files; f++) {
        if (random.nextInt(12) == 0) {
          out.add(
              YELLOW
                  + "[WARNING]"
                  + RESET
                  + " src/main/java/dev/example/"
                  + clazz()
                  + ".java:["
                  + (10 + random.nextInt(300))
                  + ",17] "
                  + "[deprecation] stop() in Thread has been deprecated");
        } else {
          out.add(BLUE + "  javac" + RESET + " src/main/java/dev/example/" + clazz() + f + ".java");
        }
      }
    }
    return out;
  }

  private List<String> test(boolean fail) {
    var out = new ArrayList<String>();
    out.add(
        BOLD
            + "[INFO]"
            + RESET
            + " "
            + BOLD
            + "--- surefire:3.5.6:test (default-test) ---"
            + RESET);
    int classes = 8 * scale;
    int total = 0;
    for (int c = 0; c < classes; c++) {
      var name = "dev.example." + clazz() + "Test";
      out.add(BOLD + "[INFO]" + RESET + " Running " + name);
      int tests = 3 + random.nextInt(20);
      total += tests;
      for (int t = 0; t < tests; t++) {
        out.add(
            "  "
                + GREEN
                + "\u2714"
                + RESET
                + " "
                + testName()
                + " ("
                + random.nextInt(90)
                + " ms)");
      }
      out.add(
          GREEN
              + "Tests run: "
              + tests
              + ", Failures: 0, Errors: 0, Skipped: 0"
              + RESET
              + " - in "
              + name);
    }
    if (fail) {
      out.add("  " + RED + "\u2718 replaysAfterLastEventId (12 ms)" + RESET);
      out.add(RED + "expected: 100000 but was: 99999" + RESET);
      out.add(RED + BOLD + "Tests run: " + total + ", Failures: 1" + RESET);
    } else {
      out.add(
          GREEN + BOLD + "Tests run: " + total + ", Failures: 0, Errors: 0, Skipped: 0" + RESET);
    }
    return out;
  }

  private List<String> packaging(String repo) {
    var out = new ArrayList<String>();
    out.add(BOLD + "[INFO]" + RESET + " " + BOLD + "--- jar:3.5.1:jar (default-jar) ---" + RESET);
    out.add(BOLD + "[INFO]" + RESET + " Building jar: target/" + repo + "-1.0.jar");
    for (int pct = 0; pct <= 100; pct += 25) {
      out.add("Uploading " + repo + "-1.0.jar " + bar(pct) + " " + pad(pct) + "%");
    }
    out.add(GREEN + BOLD + "BUILD SUCCESS" + RESET);
    out.add("Total time:  " + (20 + random.nextInt(80)) + "." + random.nextInt(10) + " s");
    return out;
  }

  private String clazz() {
    return CLASSES[random.nextInt(CLASSES.length)];
  }

  private String testName() {
    String[] verbs = {"encodes", "replays", "resumes", "closes", "rejects", "masks", "caps"};
    String[] things = {
      "MultilineData", "AfterLastEventId", "SlowClients", "UnknownToken", "Secrets"
    };
    return verbs[random.nextInt(verbs.length)] + things[random.nextInt(things.length)];
  }

  private static String bar(int pct) {
    int filled = pct / 5;
    return "[" + "#".repeat(filled) + " ".repeat(20 - filled) + "]";
  }

  private static String pad(int pct) {
    return String.format("%3d", pct);
  }
}
