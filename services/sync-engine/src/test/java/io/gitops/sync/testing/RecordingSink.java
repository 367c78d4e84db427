package io.gitops.sync.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gitops.events.Event;
import io.gitops.events.data.EventData;
import io.gitops.sync.engine.SyncEventSink;

/** Keeps every published event, for assertions. */
public final class RecordingSink implements SyncEventSink {

    private final List<Event<?>> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Event<?> event) {
        events.add(event);
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
