package io.clusterindex.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Reads a Server-Sent Events stream with Java's {@code HttpClient} ({@code BodyHandlers.ofLines()}) on a thread of
 * its own, keeping every line and every event as it arrives, until the server ends the stream or {@link #close}.
 */
public final class EventStreamReader implements AutoCloseable {
    /** One event: its {@code id:} (null without one) and its {@code data:}. */
    public record Event(String id, String data) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpResponse<Stream<String>> response;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean ended;

    private EventStreamReader(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.thread = new Thread(this::read, "sse-reader");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Opens {@code GET url} with {@code headers}; the status and headers are known when this returns. */
    public static EventStreamReader open(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        try {
            return new EventStreamReader(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String id = null;
        List<String> data = new ArrayList<>();
        try (Stream<String> body = response.body()) {
            for (String line : (Iterable<String>) body::iterator) {
                lines.add(line);
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                } else if (line.isEmpty() && !data.isEmpty()) {
                    events.add(new Event(id, String.join("\n", data)));
                    id = null;
                    data.clear();
                }
            }
        } catch (UncheckedIOException e) {
            lines.add("! " + e.getMessage());
        } catch (IllegalStateException e) {
            lines.add("! closed before it was read");
        } finally {
            ended = true;
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The lines read so far (an error text prefixed {@code !} when reading failed). */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Whether the stream has ended (the server closed it, or it failed). */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        thread.interrupt();
        response.body().close();
    }
}
