package dev.millrace.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run was measured on, read from {@code /proc}. */
public record Machine(
    int cores, String cpuModel, long memoryBytes, long openFilesLimit, String jvm) {

  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        procValue("/proc/cpuinfo", "model name"),
        Long.parseLong(procValue("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "")) * 1024,
        readOpenFilesLimit(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
  }

  private static String procValue(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }

  private static long readOpenFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
