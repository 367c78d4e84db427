package io.gitops.sync.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gitops.events.Event;
import io.gitops.events.data.EventData;
import io.gitops.kit.PublishException;
import io.gitops.sync.engine.SyncEventSink;

/**
 * Keeps every published event, for assertions; can play a broker that refuses events of one type
 * ({@link #refuse}), as {@code EventPublisher} does when no acknowledgement comes: a {@link PublishException}.
 */
public final class RecordingSink implements SyncEventSink {

    private final List<Event<?>> events = new CopyOnWriteArrayList<>();
    private final List<Event<?>> refused = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Class<? extends EventData> refusedType;

    @Override
    public void publish(Event<?> event) {
        Class<? extends EventData> refusing = refusedType;
        if (refusing != null && refusing.isInstance(event.data()) && refusals.getAndDecrement() > 0) {
            refused.add(event);
            throw new PublishException("broker did not acknowledge " + event.type().type() + " " + event.id(),
                    null);
        }
        events.add(event);
    }

    /** The next {@code times} events of {@code type} are not taken; the ones after are. */
    public void refuse(Class<? extends EventData> type, int times) {
        refusals.set(times);
        refusedType = type;
    }

    /** The events that were refused. */
    public List<Event<?>> refused() {
        return List.copyOf(refused);
    }

    public List<Event<?>> all() {
        return List.copyOf(events);
    }

    @SuppressWarnings("unchecked")
    public <T extends EventData> List<Event<T>> events(Class<T> type) {
        return events.stream().filter(e -> type.isInstance(e.data())).map(e -> (Event<T>) e).toList();
    }

    public <T extends EventData> List<T> data(Class<T> type) {
        return events(type).stream().map(Event::data).toList();
    }

    public void clear() {
        events.clear();
    }
}
