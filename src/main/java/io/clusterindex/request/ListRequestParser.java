package io.clusterindex.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.engine.Cursor;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortSpec;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.MatchAll;
import io.clusterindex.filter.Search;

/**
 * Parses and validates a {@code POST /v1/clusters/list} request once into a {@link ListQuery}, or reports every
 * validation error found (not just the first), each located like {@code ["body","filters","AND",2,"operator"]} or
 * {@code ["query","limit"]}. Query parameter errors come first, then body errors in document order.
 *
 * <p>Tolerance: unknown top-level body keys are ignored (clients of the Mixpeek API may send extras); a
 * {@code null} value of {@code filters}, {@code sort}, {@code search}, {@code AND}, {@code OR}, {@code NOT},
 * {@code case_sensitive}, {@code operator} or {@code direction} means the key is absent. Conditions and
 * {@code sort} refuse unknown keys.
 */
public final class ListRequestParser {
    private static final String FILTERS = "filters";
    private static final String SORT = "sort";
    private static final String SEARCH = "search";

    private ListRequestParser() {
    }

    /**
     * @param body        the parsed JSON body; null, JSON null or a missing node mean no body
     * @param limitParam  the raw {@code limit} query parameter, null when absent
     * @param offsetParam the raw {@code offset} query parameter, null when absent
     */
    public static ParsedRequest parse(JsonNode body, String limitParam, String offsetParam) {
        return parse(body, limitParam, offsetParam, null);
    }

    /**
     * @param cursorParam the raw {@code cursor} query parameter, null when absent; it must come from a response to
     *                    the same body and limit, and replaces the offset (which is then not validated)
     */
    public static ParsedRequest parse(JsonNode body, String limitParam, String offsetParam, String cursorParam) {
        Problems problems = new Problems();
        Location query = Location.root("query");
        int limit = PageParams.limit(limitParam, query.key("limit"), problems);
        String binding = Cursor.binding(body == null || body.isNull() ? null : body, limit);
        Cursor after = null;
        int offset = 0;
        if (cursorParam == null) {
            offset = PageParams.offset(offsetParam, query.key("offset"), problems);
        } else {
            after = Cursor.decode(cursorParam);
            if (after == null) {
                problems.add(query.key("cursor"), "cursor is not a cursor of this API", ErrorTypes.VALUE_ERROR);
            } else if (!after.binding().equals(binding)) {
                problems.add(query.key("cursor"), "cursor belongs to a request with another body or limit",
                        ErrorTypes.VALUE_ERROR);
            }
        }
        Filter filter = MatchAll.INSTANCE;
        SortSpec sort = SortSpec.DEFAULT;
        Search search = Search.NONE;
        Location at = Location.root("body");
        if (body != null && !body.isNull() && !body.isMissingNode()) {
            if (!body.isObject()) {
                problems.add(at, "the body must be a JSON object", ErrorTypes.TYPE_ERROR);
            } else {
                JsonNode filters = body.get(FILTERS);
                if (filters != null && !filters.isNull()) {
                    filter = FilterParser.parse(filters, at.key(FILTERS), problems);
                }
                JsonNode sortNode = body.get(SORT);
                if (sortNode != null && !sortNode.isNull()) {
                    sort = SortParser.parse(sortNode, at.key(SORT), problems);
                }
                search = search(body.get(SEARCH), at.key(SEARCH), problems);
            }
        }
        if (!problems.isEmpty()) {
            return new ParsedRequest.Invalid(problems.list());
        }
        return new ParsedRequest.Valid(new ListQuery(filter, search, sort, limit, offset, after, binding));
    }

    private static Search search(JsonNode search, Location at, Problems problems) {
        if (search == null || search.isNull()) {
            return Search.NONE;
        }
        if (!search.isTextual()) {
            problems.add(at, "search must be a string", ErrorTypes.TYPE_ERROR);
            return Search.NONE;
        }
        return Search.of(search.textValue());
    }
}
