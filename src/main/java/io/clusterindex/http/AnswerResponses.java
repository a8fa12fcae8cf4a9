package io.clusterindex.http;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * The one place where an {@link Answer} becomes HTTP: the view headers it carries, its value, or the status and
 * error envelope it ends in. A not-served answer is a {@code 503 ServiceUnavailableError} (with {@code Retry-After})
 * whatever its reason, none being the caller's fault and each may pass; except one refused for load
 * ({@link FailureReason#BUSY}): a {@code 429 TooManyRequestsError} with {@code Retry-After}.
 */
final class AnswerResponses {
    private AnswerResponses() {
    }

    /**
     * The value of a found answer to a public request, after setting {@code X-View-Offsets} to the positions it
     * reflects and, when some partitions came from standby or restoring copies, {@code X-View-Stale: true} with
     * their lags in {@code X-View-Lag}. Not found: a 404 saying {@code notFound}; not served: a 503 whose details
     * name the topic and partitions that could not be served.
     */
    static <T> T value(Context ctx, Answer<T> answer, Supplier<String> notFound) {
        ReadYourWritesFilter.viewOffsets(ctx, answer.basis().positions());
        if (!answer.basis().lags().isEmpty()) {
            ctx.header(OffsetHeaders.VIEW_STALE, "true");
            ctx.header(OffsetHeaders.VIEW_LAG, OffsetHeaders.format(answer.basis().lags()));
        }
        if (answer instanceof Answer.Found<T> found) {
            return found.value();
        }
        if (answer instanceof Answer.NotServed<T> notServed && notServed.reason() == FailureReason.BUSY) {
            throw tooMany(notServed);
        }
        if (answer instanceof Answer.NotServed<T> notServed) {
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, "the view cannot answer yet: " + notServed.message(),
                    new ErrorEnvelope.Unavailable(notServed.topic(), notServed.partitions()));
        }
        throw ApiException.notFound(notFound.get());
    }

    /**
     * An instance's answer to another over the internal endpoint: found or not found, both served (the caller reads
     * the basis); not served, a 503 naming the partitions it could not serve.
     */
    static <T> Answer<T> served(Answer<T> answer) {
        if (answer instanceof Answer.NotServed<T> notServed && notServed.reason() == FailureReason.BUSY) {
            throw ApiException.tooManyRequests(notServed.message());
        }
        if (answer instanceof Answer.NotServed<T> notServed) {
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, notServed.message(),
                    new ErrorEnvelope.Unavailable(null, notServed.partitions()));
        }
        return answer;
    }

    private static ApiException tooMany(Answer.NotServed<?> busy) {
        return ApiException.tooManyRequests("refused for load, retry after "
                + ApiException.RETRY_AFTER_SECONDS + " s: " + busy.message());
    }
}
