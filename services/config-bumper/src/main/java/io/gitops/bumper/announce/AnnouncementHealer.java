package io.gitops.bumper.announce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gitops.bumper.BumperSettings;
import io.gitops.bumper.commit.ChangeTrailers;
import io.gitops.events.Event;
import io.gitops.events.data.ConfigChanged;
import io.gitops.kit.PublishException;
import io.gitops.kit.git.CommitInfo;
import io.gitops.kit.git.GitClient;
import org.eclipse.jgit.lib.ObjectId;
import org.jboss.logging.Logger;

/**
 * Heals a crash between push and publish: scans the config branch for the bumper's commits whose
 * {@code config.changed} is not in the {@link AnnouncementLedger} and publishes each one, once, with the same stable
 * id. On start it scans the recent history at once; after each fetch it scans the new commits and publishes what is
 * still missing after a grace period (another live instance may be about to publish its own commit).
 */
public final class AnnouncementHealer {

    private static final Logger LOG = Logger.getLogger(AnnouncementHealer.class);

    private final GitClient git;
    private final AnnouncementLedger ledger;
    private final Announcer announcer;
    private final BumperSettings settings;
    private final Clock clock;
    private final Runnable onHealed;
    private final Map<String, Missing> missing = new LinkedHashMap<>();
    private ObjectId lastScanned;

    private record Missing(Event<ConfigChanged> event, Instant committedAt) {
    }

    public AnnouncementHealer(GitClient git, AnnouncementLedger ledger, Announcer announcer,
                       BumperSettings settings, Clock clock, Runnable onHealed) {
        this.git = git;
        this.ledger = ledger;
        this.announcer = announcer;
        this.settings = settings;
        this.clock = clock;
        this.onHealed = onHealed;
    }

    /** Scans the recent history and publishes every missing announcement now; returns how many. */
    public int healAll(ObjectId head) {
        lastScanned = null;
        scan(head);
        return publish(Duration.ZERO);
    }

    /** Scans the commits since the last scan; publishes what stayed missing for the grace period. */
    public int afterFetch(ObjectId head) {
        if (!head.equals(lastScanned)) {
            scan(head);
        }
        return publish(settings.healing().grace());
    }

    private void scan(ObjectId head) {
        Instant oldest = clock.instant().minus(settings.healing().lookback());
        for (CommitInfo commit : git.logSince(head, lastScanned, settings.healing().depth())) {
            Instant committedAt = commit.committer().getWhenAsInstant();
            if (committedAt.isBefore(oldest)) {
                break;
            }
            if (!settings.identity().committer().email().equalsIgnoreCase(commit.committer().getEmailAddress())) {
                continue;
            }
            String previous = commit.parents().isEmpty() ? null : commit.parents().get(0).name();
            for (ChangeTrailers trailers : ChangeTrailers.parse(commit.message())) {
                String id = ChangeEvents.id(trailers.app(), trailers.env(), commit.name());
                if (!ledger.contains(id)) {
                    missing.putIfAbsent(id, new Missing(ChangeEvents.recovered(trailers, settings.repository().name(),
                            git.settings().branch(), commit.name(), previous, committedAt), committedAt));
                }
            }
        }
        lastScanned = head;
    }

    private int publish(Duration grace) {
        int published = 0;
        Instant due = clock.instant().minus(grace);
        for (Iterator<Map.Entry<String, Missing>> it = missing.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Missing> entry = it.next();
            if (ledger.contains(entry.getKey())) {
                it.remove();
                continue;
            }
            if (entry.getValue().committedAt().isAfter(due)) {
                continue;
            }
            Event<ConfigChanged> event = entry.getValue().event();
            try {
                announcer.announce(event);
            } catch (PublishException e) {
                LOG.warnf("cannot publish the missing config.changed %s for %s yet: %s", event.id(),
                        event.subject(), e.getMessage());
                return published;
            }
            ledger.add(event.id());
            it.remove();
            published++;
            onHealed.run();
            LOG.infof("published the missing config.changed %s of commit %s (%s, cause %s)", event.id(),
                    event.data().commit(), event.subject(), event.data().cause());
        }
        return published;
    }
}
