package io.clusterindex.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Reads and drops what is left of a request body once the answer is written, up to {@code limit} bytes, so that the
 * connection closes cleanly: a server that closes a connection with unread bytes in it resets it, and a client that
 * writes its whole body before it reads (java.net.http, most HTTP libraries) then loses the answer, a 413 for a body
 * over the limit or a 401 for a bad key. A body declared longer than {@code limit} is not read: the connection is
 * closed, as Tomcat does beyond its {@code maxSwallowSize}. Asynchronous answers (the stats stream) are left alone,
 * and so is a client that sent {@code Expect: 100-continue}: it has not sent its body and will not unless asked. The
 * answer stays in the response buffer while the body is read, so that it keeps its {@code Content-Length}.
 */
final class BodySwallow implements Filter {
    private final long limit;

    BodySwallow(long limit) {
        this.limit = limit;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
        if (request.isAsyncStarted() || request.getContentLengthLong() > limit
                || "100-continue".equalsIgnoreCase(((HttpServletRequest) request).getHeader("Expect"))) {
            return;
        }
        ServletInputStream in = request.getInputStream();
        if (in.isFinished()) {
            return;
        }
        byte[] buffer = new byte[8192];
        long left = limit;
        int read;
        while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
            left -= read;
        }
    }
}
