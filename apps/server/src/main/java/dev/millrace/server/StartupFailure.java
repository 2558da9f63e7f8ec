package dev.millrace.server;

/** Turns an exception thrown while starting into one line a user can act on. */
final class StartupFailure {

  private StartupFailure() {}

  static String describe(Throwable failure) {
    var message = new StringBuilder(String.valueOf(failure.getMessage()));
    for (var cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    return message.toString();
  }
}
