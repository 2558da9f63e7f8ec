package dev.millrace.bench.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load-generator process that opens as many idle streams as it can, for scenarios that need more
 * sockets than one process may hold (20,000 open files here): {@code OpenWorker <host> <port> <path
 * pattern> <count> <first index>}. It prints {@code opened <n> failed <m>} once every attempt has
 * ended, keeps the streams open until its standard input closes, then exits.
 */
public final class OpenWorker {

  private static final int IN_FLIGHT = 200;
  private static final long ATTEMPT_TIMEOUT_SECONDS = 20;

  private OpenWorker() {}

  public static void main(String[] args) throws Exception {
    var address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    var endpoint = new Endpoint(address, args[2], args[2], Map.of());
    int count = Integer.parseInt(args[3]);
    int first = Integer.parseInt(args[4]);
    var stats = new LoadStats();
    var opened = new AtomicInteger();
    var failed = new AtomicInteger();
    int subnet = SubscriberPool.freshSubnet();
    try (var client = new SseClient(1)) {
      var permits = new Semaphore(IN_FLIGHT);
      for (int i = 0; i < count; i++) {
        permits.acquire();
        int global = first + i;
        var local =
            SubscriberPool.sourceAddress(subnet, global, SubscriberPool.DEFAULT_PER_SOURCE_ADDRESS);
        client
            .open(endpoint, 0, new SubscriberStream(0, stats), local, "", () -> {})
            .orTimeout(ATTEMPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .whenComplete(
                (channel, error) -> {
                  (error == null ? opened : failed).incrementAndGet();
                  permits.release();
                });
      }
      permits.acquire(IN_FLIGHT);
      System.out.println("opened " + opened.get() + " failed " + failed.get());
      System.out.flush();
      var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (stdin.readLine() != null) {
        // keep the streams open until the parent closes our input
      }
    }
  }
}
