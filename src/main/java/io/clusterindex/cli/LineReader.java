package io.clusterindex.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines as raw bytes (split on {@code \n}, a trailing {@code \r} dropped), so that a line that is not valid
 * UTF-8 reaches the envelope parser as the indexer would receive it.
 */
final class LineReader {
    /** Receives each line with its number (from 1). */
    @FunctionalInterface
    interface LineConsumer {
        void accept(long number, byte[] line) throws IOException;
    }

    private LineReader() {
    }

    static void forEach(InputStream in, LineConsumer consumer) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[64 * 1024];
        long number = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    consumer.accept(++number, trimmed(line.toByteArray()));
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buffer, start, read - start);
        }
        if (line.size() > 0) {
            consumer.accept(++number, trimmed(line.toByteArray()));
        }
    }

    private static byte[] trimmed(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
    }

    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
