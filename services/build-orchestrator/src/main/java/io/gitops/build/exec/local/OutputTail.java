package io.gitops.build.exec.local;

import java.nio.charset.StandardCharsets;

import io.gitops.build.exec.SecretMask;

/**
 * Keeps the last {@code capacity} bytes written to it: stage output, bounded whatever the command prints. Every
 * configured secret is masked as the bytes arrive (a secret split between two writes included), so neither the tail
 * nor what was cut ever holds one.
 */
public final class OutputTail {

    private final byte[] ring;
    private final SecretMask.Stream masking;
    private long written;

    /** A tail that masks nothing (tests without secrets). */
    public OutputTail(int capacity) {
        this(capacity, SecretMask.none());
    }

    public OutputTail(int capacity, SecretMask mask) {
        this.ring = new byte[Math.max(capacity, 1)];
        this.masking = mask.matcher().stream();
    }

    /** The tail of {@code text}, masked. */
    public static String of(String text, int capacity, SecretMask mask) {
        OutputTail tail = new OutputTail(capacity, mask);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.write(bytes, 0, bytes.length);
        return tail.text();
    }

    public synchronized void write(byte[] bytes, int offset, int length) {
        append(masking.write(bytes, offset, length));
    }

    private void append(byte[] bytes) {
        for (byte b : bytes) {
            ring[(int) (written % ring.length)] = b;
            written++;
        }
    }

    public synchronized long written() {
        return written;
    }

    /** The tail as text, starting at a line boundary when it was cut, prefixed with how much was cut. */
    public synchronized String text() {
        byte[] pending = masking.pending();
        long total = written + pending.length;
        int size = (int) Math.min(total, ring.length);
        byte[] out = new byte[size];
        long start = total - size;
        for (int i = 0; i < size; i++) {
            long position = start + i;
            out[i] = position < written ? ring[(int) (position % ring.length)]
                    : pending[(int) (position - written)];
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (start == 0) {
            return text;
        }
        int newline = text.indexOf('\n');
        String cut = newline >= 0 && newline < text.length() - 1 ? text.substring(newline + 1) : text;
        return "[... " + (total - cut.getBytes(StandardCharsets.UTF_8).length) + " bytes cut]\n" + cut;
    }
}
