package io.gitops.kit.consume;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Runs one SmallRye Kafka channel's records through its {@link RecordPipeline} off the connector's thread, with
 * explicit acknowledgement (docs/adr/0002): a settled outcome is {@code ack()}ed (the {@code throttled} commit
 * strategy then commits up to it), an {@link Handled.Abandoned} one (the service is stopping) is neither acked nor
 * nacked, so the offset stays before it; only a failure of the pipeline itself is {@code nack()}ed. The consumer
 * method is {@code @Incoming("x") CompletionStage<Void> consume(Message<byte[]> m) { return worker.submit(m); }}.
 *
 * <p>Records of one partition run one after the other ({@link #perPartition}), different partitions side by side;
 * or all side by side ({@link #unordered}, for handlers that gather records into batches). At most
 * {@code maxInFlight} records are taken and not yet settled: the stage {@link #submit} returns completes once the
 * record is taken, so the connector delivers the next one; when the bound is reached it waits (backpressure, so the
 * connector pauses fetching), which bounds memory and how far other partitions go on while one partition retries.
 * {@link #close} stops the pipeline (a backoff ends at once), leaves queued records unacknowledged and interrupts
 * handlers still running after {@code closeTimeout}.
 */
public final class ChannelWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelWorker.class);

    private final String channel;
    private final Function<ConsumerRecord<String, byte[]>, Handled> handle;
    private final RecordPipeline pipeline;
    private final boolean ordered;
    private final int maxInFlight;
    private final Duration closeTimeout;
    private final ExecutorService executor;
    private final Map<Object, ArrayDeque<Runnable>> lanes = new HashMap<>();
    private int inFlight;
    private CompletableFuture<Void> waiting;
    private volatile boolean closed;

    private ChannelWorker(String channel, Function<ConsumerRecord<String, byte[]>, Handled> handle,
                          RecordPipeline pipeline, boolean ordered, int maxInFlight, Duration closeTimeout) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.channel = channel;
        this.handle = handle;
        this.pipeline = pipeline;
        this.ordered = ordered;
        this.maxInFlight = maxInFlight;
        this.closeTimeout = closeTimeout;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "consume-" + channel + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** In order within a partition, partitions side by side; at most {@code maxInFlight} records taken. */
    public static ChannelWorker perPartition(String channel, RecordPipeline pipeline, int maxInFlight) {
        return perPartition(channel, pipeline::handle, pipeline, maxInFlight);
    }

    /**
     * As {@link #perPartition(String, RecordPipeline, int)}, with {@code handle} wrapping the pipeline's
     * {@link RecordPipeline#handle} (e.g. to note when the record arrived); {@code pipeline} is closed on close.
     */
    public static ChannelWorker perPartition(String channel, Function<ConsumerRecord<String, byte[]>, Handled> handle,
                                             RecordPipeline pipeline, int maxInFlight) {
        return new ChannelWorker(channel, handle, pipeline, true, maxInFlight, Duration.ofSeconds(10));
    }

    /** Every record side by side, at most {@code maxInFlight} at once. */
    public static ChannelWorker unordered(String channel, RecordPipeline pipeline, int maxInFlight) {
        return new ChannelWorker(channel, pipeline::handle, pipeline, false, maxInFlight, Duration.ofSeconds(10));
    }

    /** Takes a message of a Kafka channel; the stage completes once it is taken (not handled). */
    public CompletionStage<Void> submit(Message<byte[]> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, byte[]> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a Kafka record of channel " + channel));
        return submit(metadata.getRecord(), message::ack, message::nack);
    }

    /** Takes a record with how to settle it; the stage completes once it is taken (not handled). */
    public CompletionStage<Void> submit(ConsumerRecord<String, byte[]> record, Supplier<CompletionStage<Void>> ack,
                                        Function<Throwable, CompletionStage<Void>> nack) {
        CompletableFuture<Void> taken;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            Object key = ordered ? record.topic() + "-" + record.partition() : new Object();
            Runnable work = () -> run(record, ack, nack);
            ArrayDeque<Runnable> lane = lanes.get(key);
            if (lane == null) {
                lanes.put(key, new ArrayDeque<>());
                executor.execute(() -> drain(key, work));
            } else {
                lane.add(work);
            }
            inFlight++;
            if (inFlight < maxInFlight) {
                return CompletableFuture.completedFuture(null);
            }
            waiting = new CompletableFuture<>();
            taken = waiting;
        }
        return taken;
    }

    private void drain(Object key, Runnable first) {
        Runnable next = first;
        while (next != null) {
            next.run();
            CompletableFuture<Void> resume = null;
            synchronized (this) {
                inFlight--;
                if (waiting != null && inFlight < maxInFlight) {
                    resume = waiting;
                    waiting = null;
                }
                ArrayDeque<Runnable> lane = lanes.get(key);
                next = lane == null ? null : lane.poll();
                if (next == null) {
                    lanes.remove(key);
                }
            }
            if (resume != null) {
                resume.complete(null);
            }
        }
    }

    private void run(ConsumerRecord<String, byte[]> record, Supplier<CompletionStage<Void>> ack,
                     Function<Throwable, CompletionStage<Void>> nack) {
        if (closed) {
            return;
        }
        try {
            Handled handled = handle.apply(record);
            if (handled.settled()) {
                ack.get();
            }
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "%s-%d@%d: the consumer pipeline of %s failed", record.topic(), record.partition(),
                    record.offset(), channel);
            nack.apply(e);
        }
    }

    /** Records taken and not settled yet. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Stops: ends backoffs, leaves what is queued or abandoned unacknowledged, interrupts late handlers. */
    @Override
    public void close() {
        CompletableFuture<Void> resume;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            resume = waiting;
            waiting = null;
        }
        pipeline.close();
        if (resume != null) {
            resume.complete(null);
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
