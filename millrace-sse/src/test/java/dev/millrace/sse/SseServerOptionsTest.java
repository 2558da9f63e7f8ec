package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class SseServerOptionsTest {

  @Test
  void tuneSetsStrictThreadModeDropsWebSocketCompressionAndH2cAndSetsNoDelay() {
    var options = SseServerOptions.tune(new HttpServerOptions().setPort(1234));

    assertThat(options.getStrictThreadMode()).isTrue();
    assertThat(options.getPerFrameWebSocketCompressionSupported()).isFalse();
    assertThat(options.getPerMessageWebSocketCompressionSupported()).isFalse();
    assertThat(options.isTcpNoDelay()).isTrue();
    assertThat(options.isHttp2ClearTextEnabled()).isFalse();
    assertThat(options.getPort()).isEqualTo(1234);
  }

  @Test
  void autoPicksIoUringWhenAvailableElseEpollElseNio() {
    var expected =
        available(Transport.IO_URING)
            ? Transport.IO_URING
            : available(Transport.EPOLL) ? Transport.EPOLL : Transport.NIO;

    assertThat(SseServerOptions.transport("auto")).isEqualTo(expected);
    assertThat(SseServerOptions.transport("AUTO")).isEqualTo(expected);
  }

  @Test
  void autoPicksIoUringOnThisModulesTestClassPath() {
    assumeTrue(available(Transport.IO_URING), "io_uring is not available here");

    assertThat(SseServerOptions.transport("auto")).isEqualTo(Transport.IO_URING);
    assertThat(SseServerOptions.transport("io_uring")).isEqualTo(Transport.IO_URING);
  }

  @Test
  void nioIsAlwaysAvailable() {
    assertThat(SseServerOptions.transport("nio")).isEqualTo(Transport.NIO);
  }

  @Test
  void unknownNameIsRejectedWithTheAcceptedNames() {
    assertThatThrownBy(() -> SseServerOptions.transport("kqueue2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown transport 'kqueue2'")
        .hasMessageContaining("auto, epoll, io_uring, nio");
  }

  @Test
  void anUnavailableNativeTransportIsRejectedWithItsCause() {
    assumeFalse(available(Transport.EPOLL), "the epoll transport is available here");

    assertThatThrownBy(() -> SseServerOptions.transport("epoll"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the epoll transport is not available here");
  }

  private static boolean available(Transport transport) {
    return transport != null && transport.available();
  }
}
