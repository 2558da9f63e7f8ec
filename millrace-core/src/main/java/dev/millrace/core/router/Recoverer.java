package dev.millrace.core.router;

/**
 * Turns an {@link Error} thrown by a handler (an {@code AssertionError}, a {@code
 * StackOverflowError}…) into a {@link HandlerCrashedException}, so that the middleware around it
 * (retry, poison queue) treats it like any other failure. Exceptions pass unchanged; {@link
 * OutOfMemoryError} and other virtual machine errors except stack overflows are rethrown as they
 * are. Place it innermost, next to the handler.
 */
public final class Recoverer implements Middleware {

  private Recoverer() {}

  public static Recoverer create() {
    return new Recoverer();
  }

  @Override
  public Handler apply(Handler next) {
    return message -> {
      try {
        return next.handle(message);
      } catch (VirtualMachineError e) {
        if (!(e instanceof StackOverflowError)) {
          throw e;
        }
        throw new HandlerCrashedException(message.id(), e);
      } catch (Error e) {
        throw new HandlerCrashedException(message.id(), e);
      }
    };
  }
}
