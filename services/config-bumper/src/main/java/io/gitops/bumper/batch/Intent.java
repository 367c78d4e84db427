package io.gitops.bumper.batch;

import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.RolloutFailed;

/** What an input event asks the bumper to do. */
public sealed interface Intent permits Intent.Bump, Intent.Revert {

    /** The event that asked for it (causation of the resulting {@code config.changed}). */
    Event<?> event();

    /** The application, as the event names it (not yet validated). */
    String app();

    /** Bump every environment of the app to the published image tag. */
    record Bump(Event<?> event, ArtifactPublished artifact) implements Intent {
        @Override
        public String app() {
            return artifact.app();
        }
    }

    /** Revert one app/env after a failed rollout and quarantine the failed tag. */
    record Revert(Event<?> event, RolloutFailed verdict) implements Intent {
        @Override
        public String app() {
            return verdict.app();
        }
    }

    /** The intent of an {@code artifact.published} or {@code rollout.failed} event. */
    static Intent of(Event<?> event) {
        if (event.data() instanceof ArtifactPublished artifact) {
            return new Bump(event, artifact);
        }
        if (event.data() instanceof RolloutFailed verdict) {
            return new Revert(event, verdict);
        }
        throw new IllegalArgumentException("the config-bumper does not act on " + event.type().type());
    }
}
