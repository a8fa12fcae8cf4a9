package io.clusterindex.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live stats dashboard: {@code GET /} and its two assets under {@code /dashboard/}, plain files from the jar
 * ({@code src/main/resources/dashboard}), loaded once. The page holds no secret; it asks for the key itself.
 */
final class Dashboard {
    /** Scripts, styles and requests only from this origin: the page loads nothing from elsewhere. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
    private static final Asset PAGE = Asset.load("index.html", "text/html;charset=utf-8");
    private static final Map<String, Asset> ASSETS = Map.of(
            "dashboard.js", Asset.load("dashboard.js", "text/javascript;charset=utf-8"),
            "dashboard.css", Asset.load("dashboard.css", "text/css;charset=utf-8"));

    private Dashboard() {
    }

    private record Asset(byte[] bytes, String contentType) {
        static Asset load(String name, String contentType) {
            try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard/" + name + " is missing from the class path");
                }
                return new Asset(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard/" + name, e);
            }
        }

        void send(Context ctx) {
            ctx.header("Content-Security-Policy", POLICY).header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-cache").contentType(contentType).result(bytes);
        }
    }

    static void page(Context ctx) {
        PAGE.send(ctx);
    }

    static void asset(Context ctx) {
        Asset asset = ASSETS.get(ctx.pathParam("file"));
        if (asset == null) {
            throw ApiException.notFound("no dashboard file '" + ctx.pathParam("file") + "'");
        }
        asset.send(ctx);
    }
}
