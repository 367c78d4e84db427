package io.gitops.health.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.gitops.events.Event;
import io.gitops.events.data.EventData;
import io.gitops.health.verdict.RolloutEventSink;
import io.gitops.kit.PublishException;

/** A {@link RolloutEventSink} that keeps what was published, can run a check at publish time, and can refuse. */
public final class RecordingSink implements RolloutEventSink {

    private final List<Event<?>> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<Event<?>>> beforePublish = new CopyOnWriteArrayList<>();
    private final List<Event<?>> refused = new CopyOnWriteArrayList<>();
    private volatile Class<?> refusedType;
    private volatile int refusals;

    @Override
    public int publish(Event<?> event) {
        beforePublish.forEach(hook -> hook.accept(event));
        synchronized (this) {
            if (refusals > 0 && refusedType.isInstance(event.data())) {
                refusals--;
                refused.add(event);
                throw new PublishException("broker unavailable (test)", null);
            }
        }
        events.add(event);
        return 0;
    }

    /** Runs {@code hook} with each event just before it is "published". */
    public void beforePublish(Consumer<Event<?>> hook) {
        beforePublish.add(hook);
    }

    /** The next {@code count} publishes of events carrying {@code type} fail as if the broker did not acknowledge. */
    public synchronized void refuse(Class<? extends EventData> type, int count) {
        refusedType = type;
        refusals = count;
    }

    /** Events whose publish was refused. */
    public List<Event<?>> refused() {
        return List.copyOf(refused);
    }

    public List<Event<?>> events() {
        return List.copyOf(events);
    }

    public <T extends EventData> List<T> data(Class<T> type) {
        return events.stream().map(Event::data).filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends EventData> Optional<T> first(Class<T> type) {
        return data(type).stream().findFirst();
    }
}
