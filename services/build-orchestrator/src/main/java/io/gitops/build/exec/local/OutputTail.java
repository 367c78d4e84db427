package io.gitops.build.exec.local;

import java.nio.charset.StandardCharsets;

/** Keeps the last {@code capacity} bytes written to it: stage output, bounded whatever the command prints. */
public final class OutputTail {

    private final byte[] ring;
    private long written;

    public OutputTail(int capacity) {
        this.ring = new byte[Math.max(capacity, 1)];
    }

    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (written % ring.length)] = bytes[offset + i];
            written++;
        }
    }

    public synchronized long written() {
        return written;
    }

    /** The tail as text, starting at a line boundary when it was cut, prefixed with how much was cut. */
    public synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        long start = written - size;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (start == 0) {
            return text;
        }
        int newline = text.indexOf('\n');
        String cut = newline >= 0 && newline < text.length() - 1 ? text.substring(newline + 1) : text;
        return "[... " + (written - cut.getBytes(StandardCharsets.UTF_8).length) + " bytes cut]\n" + cut;
    }
}
