package io.clusterindex.http;

import static io.clusterindex.index.ViewPositionsFixture.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterindex.index.ViewPositions;
import io.clusterindex.query.ReadYourWrites;
import io.clusterindex.scatter.Consistency;
import io.javalin.http.Context;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReadYourWritesFilterTest {
    private final ViewPositions positions = new ViewPositions(3);
    private final ReadYourWritesFilter filter =
            new ReadYourWritesFilter(new ReadYourWrites(positions, () -> true)::positions, 3);
    /** The request headers in, the response headers and attributes out: all the filter touches of a Context. */
    private static final class Exchange {
        final Map<String, String> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, Object> attributes = new HashMap<>();
        final Context ctx = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, args) -> {
                    int arity = args == null ? 0 : args.length;
                    return switch (method.getName() + "/" + arity) {
                        case "header/1" -> requestHeaders.get((String) args[0]);
                        case "header/2" -> {
                            responseHeaders.put((String) args[0], (String) args[1]);
                            yield proxy;
                        }
                        case "attribute/1" -> attributes.get((String) args[0]);
                        case "attribute/2" -> attributes.put((String) args[0], args[1]);
                        default -> throw new UnsupportedOperationException(method.toString());
                    };
                });

        Exchange with(String name, String value) {
            requestHeaders.put(name, value);
            return this;
        }
    }

    @Test
    void everyRequestGetsThePositionsOfThisInstanceUntilTheHandlerKnowsBetter() {
        started(positions, 1, 998);
        started(positions, 0, 1045);
        started(positions, 2, 1210);
        Exchange exchange = new Exchange();

        filter.before(exchange.ctx);

        assertThat(exchange.responseHeaders).containsEntry("X-View-Offsets", "0:1045,1:998,2:1210");
        assertThat(ReadYourWritesFilter.consistency(exchange.ctx).waits()).isFalse();
        ReadYourWritesFilter.viewOffsets(exchange.ctx, new TreeMap<>(Map.of(0, 2000L, 1, 999L, 2, 1300L)));
        assertThat(exchange.responseHeaders).containsEntry("X-View-Offsets", "0:2000,1:999,2:1300");
    }

    @Test
    void theOffsetsToWaitForGoToTheHandlerWithoutWaitingHere() {
        started(positions, 0, 10);
        Exchange exchange = new Exchange().with("X-Min-Offsets", "0:5000,2:7").with("X-Wait-Ms", "20000");

        filter.before(exchange.ctx);

        Consistency consistency = ReadYourWritesFilter.consistency(exchange.ctx);
        assertThat(consistency.minimum()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 5000L, 2, 7L)));
        assertThat(consistency.maxWait()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aPartitionThatClusterEventsDoesNotHaveIsA400NamingIt() {
        started(positions, 0, 10);
        Exchange exchange = new Exchange().with("X-Min-Offsets", "0:1,7:1");

        assertThatThrownBy(() -> filter.before(exchange.ctx)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("X-Min-Offsets names partition 7, which cluster-events does not have",
                    "partitions 0 to 2");
        });
        assertThat(exchange.responseHeaders).containsEntry("X-View-Offsets", "0:10,1:-1,2:-1");
    }

    @Test
    void badHeaderValuesAre400sThatStillCarryThePositions() {
        started(positions, 0, 10);
        Exchange badOffsets = new Exchange().with("X-Min-Offsets", "zero:10");
        Exchange badWait = new Exchange().with("X-Min-Offsets", "0:1").with("X-Wait-Ms", "60000");

        assertThatThrownBy(() -> filter.before(badOffsets.ctx)).hasMessageStartingWith("X-Min-Offsets");
        assertThatThrownBy(() -> filter.before(badWait.ctx)).hasMessageStartingWith("X-Wait-Ms");
        assertThat(badOffsets.responseHeaders).containsEntry("X-View-Offsets", "0:10,1:-1,2:-1");
        assertThat(badWait.responseHeaders).containsEntry("X-View-Offsets", "0:10,1:-1,2:-1");
    }
}
