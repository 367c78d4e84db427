package io.gitops.build.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one component that hides every configured secret value ({@value #MASK}) in whatever the orchestrator emits
 * from a stage: the output tail of every executor, the reasons and tails of pipeline events, the log lines about
 * them. The values are read from their sources (settings, secret files re-read, the process environment) each time
 * a {@link Matcher} is taken, so a rotated file is masked from the next stage on.
 *
 * <p>{@link Stream} masks output that arrives in pieces: a secret split across two read buffers is still found,
 * because the last {@code longest secret - 1} bytes are held back until the next piece (or the end) arrives.
 */
public final class SecretMask {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    private static final SecretMask NONE = new SecretMask(List::of);

    private final Supplier<? extends Collection<String>> values;

    private SecretMask(Supplier<? extends Collection<String>> values) {
        this.values = values;
    }

    /** Masks nothing (tests that have no secrets). */
    public static SecretMask none() {
        return NONE;
    }

    /** Masks the values {@code values} answers at the time of each {@link #matcher()}; blank ones are ignored. */
    public static SecretMask of(Supplier<? extends Collection<String>> values) {
        return new SecretMask(Objects.requireNonNull(values, "values"));
    }

    /** Masks these values. */
    public static SecretMask of(Collection<String> values) {
        List<String> copy = List.copyOf(values);
        return new SecretMask(() -> copy);
    }

    /** The secrets as of now. */
    public Matcher matcher() {
        return new Matcher(values.get().stream().filter(Objects::nonNull).map(String::strip)
                .filter(v -> !v.isEmpty()).distinct().map(v -> v.getBytes(StandardCharsets.UTF_8))
                .sorted(Comparator.comparingInt((byte[] b) -> b.length).reversed()).toList());
    }

    /** {@code text} with every secret replaced by {@value #MASK}; null stays null. */
    public String mask(String text) {
        return text == null || text.isEmpty() ? text : matcher().mask(text);
    }

    /** A snapshot of the secret values, longest first (so a secret that contains another is masked whole). */
    public static final class Matcher {

        private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);

        private final List<byte[]> secrets;
        private final int longest;

        private Matcher(List<byte[]> secrets) {
            this.secrets = secrets;
            this.longest = secrets.isEmpty() ? 0 : secrets.get(0).length;
        }

        public String mask(String text) {
            if (secrets.isEmpty() || text == null) {
                return text;
            }
            Stream stream = stream();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            out.writeBytes(stream.write(bytes, 0, bytes.length));
            out.writeBytes(stream.flush());
            return out.toString(StandardCharsets.UTF_8);
        }

        /** A masking stream for output that arrives in pieces. */
        public Stream stream() {
            return new Stream(this);
        }

        /** The length of the secret starting at {@code at} in {@code data[0, end)}, or 0. */
        private int matchAt(byte[] data, int at, int end) {
            for (byte[] secret : secrets) {
                if (at + secret.length <= end && Arrays.equals(data, at, at + secret.length, secret, 0,
                        secret.length)) {
                    return secret.length;
                }
            }
            return 0;
        }
    }

    /**
     * Masks a byte stream piece by piece. Not thread-safe: one writer. {@link #write} returns what is safe to pass
     * on; {@link #flush()} returns the rest at the end; {@link #pending()} what is held back, masked, without
     * consuming it.
     */
    public static final class Stream {

        private final Matcher matcher;
        private byte[] held = new byte[0];

        private Stream(Matcher matcher) {
            this.matcher = matcher;
        }

        /** The masked bytes that can be emitted now. */
        public byte[] write(byte[] bytes, int offset, int length) {
            if (matcher.secrets.isEmpty()) {
                return Arrays.copyOfRange(bytes, offset, offset + length);
            }
            byte[] data = new byte[held.length + length];
            System.arraycopy(held, 0, data, 0, held.length);
            System.arraycopy(bytes, offset, data, held.length, length);
            // A secret may start at any position before the last (longest - 1) bytes and be seen whole.
            int safe = data.length - (matcher.longest - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
            int at = scan(data, 0, Math.max(safe, 0), data.length, out);
            held = Arrays.copyOfRange(data, at, data.length);
            return out.toByteArray();
        }

        /** The held-back bytes, masked; the stream is empty afterwards. */
        public byte[] flush() {
            byte[] rest = pending();
            held = new byte[0];
            return rest;
        }

        /** The held-back bytes, masked, still held. */
        public byte[] pending() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(held.length);
            scan(held, 0, held.length, held.length, out);
            return out.toByteArray();
        }

        /** Emits data[from, until) (matches may run up to {@code end}); returns the first position not emitted. */
        private int scan(byte[] data, int from, int until, int end, ByteArrayOutputStream out) {
            int at = from;
            while (at < until) {
                int matched = matcher.matchAt(data, at, end);
                if (matched > 0) {
                    out.writeBytes(Matcher.MASK_BYTES);
                    at += matched;
                } else {
                    out.write(data[at]);
                    at++;
                }
            }
            return at;
        }
    }
}
