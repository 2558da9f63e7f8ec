package dev.millrace.feeds.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HubSettingsTest {

  private final HubPublisher publisher = update -> CompletableFuture.completedFuture(update.id());

  @Test
  void aHubServedWithTheAppIsAtTheWellKnownPathOfThePublicUrl() {
    var settings = HubSettings.of("https://feeds.example.com/millrace/", publisher);

    assertThat(settings.publicUrl()).isEqualTo("https://feeds.example.com/millrace");
    assertThat(settings.hubUrl())
        .isEqualTo("https://feeds.example.com/millrace/.well-known/mercure");
  }

  @Test
  void thePublicUrlIsAnAbsoluteHttpUrlWithoutQueryOrFragment() {
    for (var bad :
        new String[] {
          "feeds.example.com", "/api", "ftp://host", "http://host/?a=1", "http://h/#x"
        }) {
      assertThatIllegalArgumentException()
          .as(bad)
          .isThrownBy(() -> HubSettings.of(bad, publisher))
          .withMessageContaining("publicUrl");
    }
    assertThat(HubSettings.of("HTTP://localhost:8080", publisher).publicUrl())
        .isEqualTo("HTTP://localhost:8080");
  }
}
