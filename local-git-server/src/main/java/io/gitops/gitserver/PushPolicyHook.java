package io.gitops.gitserver;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-receive hook applying {@link PushPolicies} to one push: first waits out the configured delay (the pack is
 * received, the refs have not moved yet), then rejects every command with the configured reason, if any.
 */
final class PushPolicyHook implements PreReceiveHook {

    private static final Logger LOG = LoggerFactory.getLogger(PushPolicyHook.class);

    private final String fullName;
    private final PushPolicies policies;

    PushPolicyHook(String fullName, PushPolicies policies) {
        this.fullName = fullName;
        this.policies = policies;
    }

    @Override
    public void onPreReceive(ReceivePack receivePack, Collection<ReceiveCommand> commands) {
        hold(policies.delay(fullName));
        policies.rejection(fullName).ifPresent(reason -> {
            LOG.info("Rejecting push to {}: {}", fullName, reason);
            commands.forEach(command -> command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason));
        });
    }

    private void hold(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        AtomicInteger held = policies.heldCounter(fullName);
        held.incrementAndGet();
        try {
            LOG.info("Holding push to {} for {} ms", fullName, delay.toMillis());
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.decrementAndGet();
        }
    }
}
