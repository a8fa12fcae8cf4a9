package io.clusterindex.http;

import java.time.Duration;

/**
 * What the server bounds besides the body ({@link HttpServer#MAX_BODY_BYTES}): the request line and headers
 * together ({@code maxHeaderBytes}, a {@code 431} above), how long a connection may stay silent ({@code idleTimeout},
 * then it is closed) and how long a client may trickle bytes without completing a request ({@code readTimeout}: it
 * is cut within 1.5 times that, {@link SlowClients}).
 */
public record HttpLimits(int maxHeaderBytes, Duration idleTimeout, Duration readTimeout) {
    /** 8 KiB of headers, 30 s of silence, 10 s to send a request (a trickling client is cut within 15 s). */
    public static final HttpLimits DEFAULTS = new HttpLimits(8 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(10));
}
