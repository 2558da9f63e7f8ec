package dev.millrace.jdbc.internal;

import dev.millrace.core.Message;

/** One pending outbox row. */
record OutboxRow(long seq, String topic, Message message) {}
