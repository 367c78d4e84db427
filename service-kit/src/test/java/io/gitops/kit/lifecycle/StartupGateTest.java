package io.gitops.kit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class StartupGateTest {

    @Test
    void givenAClosedGate_whenAwaited_thenItTimesOutClosed() {
        StartupGate gate = new StartupGate();

        boolean open = gate.await(Duration.ofMillis(10));

        assertThat(open).isFalse();
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void givenAWaitingConsumer_whenTheGateOpens_thenItProceeds() throws Exception {
        StartupGate gate = new StartupGate();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> gate.await(Duration.ofSeconds(10)));

        gate.open();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void givenAnInterruptedThread_whenItAwaits_thenClosedAndTheInterruptIsKept() {
        StartupGate gate = new StartupGate();
        Thread.currentThread().interrupt();

        boolean open = gate.await(Duration.ofSeconds(10));

        assertThat(open).isFalse();
        assertThat(Thread.interrupted()).isTrue();
    }
}
