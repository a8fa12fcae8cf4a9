package io.clusterindex.request;

import io.clusterindex.engine.ListQuery;
import java.util.List;

/** The outcome of {@link ListRequestParser#parse}: a query ready to run, or every validation error found. */
public sealed interface ParsedRequest permits ParsedRequest.Valid, ParsedRequest.Invalid {

    /** The request is valid. */
    record Valid(ListQuery query) implements ParsedRequest {
    }

    /** The request breaks at least one rule; {@code errors} is never empty. */
    record Invalid(List<ValidationError> errors) implements ParsedRequest {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }
}
