package dev.millrace.bench.write;

import java.util.List;

/**
 * A write run: its steps, and the knee: the highest asked rate whose step kept up ({@link
 * WriteStep#keptUp()}), 0 when none did. {@code maxAcceptedPerSecond}: the most posts per second
 * any step had accepted.
 */
public record WriteResult(
    String scenario,
    String target,
    String settings,
    int listClients,
    int feedClients,
    int writers,
    List<WriteStep> steps,
    double kneeRate,
    double maxAcceptedPerSecond,
    double loadAverage) {}
