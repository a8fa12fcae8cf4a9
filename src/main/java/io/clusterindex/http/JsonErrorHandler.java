package io.clusterindex.http;

import io.clusterindex.json.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors that Jetty answers itself, before Javalin routes (an undecodable URI, too large headers): the envelope too. */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        Object message = request.getAttribute(ERROR_MESSAGE);
        String text = message == null ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : message.toString();
        byte[] body = Json.MAPPER.writeValueAsBytes(ErrorEnvelope.of(status, ErrorType.of(status), text, null));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
