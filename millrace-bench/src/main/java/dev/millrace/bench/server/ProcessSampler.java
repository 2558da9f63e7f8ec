package dev.millrace.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a server's CPU time and resident memory from {@code /proc}: the process and all its
 * descendants (nginx's workers, for instance), summed. CPU is {@code utime + stime} from {@code
 * /proc/<pid>/stat} in clock ticks of 10 ms; memory is {@code VmRSS} from {@code
 * /proc/<pid>/status}.
 */
public final class ProcessSampler {

  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long rootPid;

  public ProcessSampler(long rootPid) {
    this.rootPid = rootPid;
  }

  /**
   * A snapshot of the process tree's CPU time and memory; {@code systemNanos} is the part of {@code
   * cpuNanos} spent in the kernel (stime), which for a push server is mostly its socket writes.
   */
  public record Sample(long cpuNanos, long systemNanos, long rssBytes, int processes) {}

  public Sample sample() {
    long cpu = 0;
    long system = 0;
    long rss = 0;
    List<Long> pids = tree();
    for (long pid : pids) {
      String[] fields = statFields(pid);
      if (fields != null) {
        // After "pid (comm) ": state is field 3, so utime (14) and stime (15) sit at 11 and 12.
        long user = Long.parseLong(fields[11]);
        long kernel = Long.parseLong(fields[12]);
        cpu += (user + kernel) * NANOS_PER_TICK;
        system += kernel * NANOS_PER_TICK;
      }
      rss += rssKb(pid) * 1024;
    }
    return new Sample(cpu, system, rss, pids.size());
  }

  /** The machine's 1-minute load average, from {@code /proc/loadavg}. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private List<Long> tree() {
    List<Long> pids = new ArrayList<>(List.of(rootPid));
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      List<long[]> parents = new ArrayList<>();
      entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.chars().allMatch(Character::isDigit))
          .forEach(
              n -> {
                long pid = Long.parseLong(n);
                long ppid = parent(pid);
                if (ppid > 0) {
                  parents.add(new long[] {pid, ppid});
                }
              });
      for (int i = 0; i < pids.size(); i++) {
        long parent = pids.get(i);
        for (long[] link : parents) {
          if (link[1] == parent) {
            pids.add(link[0]);
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list /proc", e);
    }
    return pids;
  }

  private static String[] statFields(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException e) {
      return null;
    }
  }

  private static long parent(long pid) {
    String[] fields = statFields(pid);
    return fields == null ? -1 : Long.parseLong(fields[1]);
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }
}
