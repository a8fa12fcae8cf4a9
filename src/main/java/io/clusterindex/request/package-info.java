/**
 * Wire parsing and validation of list requests (body, limit, offset, cursor) into a compiled ListQuery, or into every validation error with its location.
 * May use engine, filter, fold, json and time.
 *
 * <p>Flow: {@link io.clusterindex.request.ListRequestParser#parse} validates the body and the
 * {@code limit}/{@code offset} parameters once into a {@link io.clusterindex.engine.ListQuery} (a compiled
 * {@link io.clusterindex.filter.Filter} tree with folded values, parsed instants and compiled RE2 patterns),
 * or into every {@link io.clusterindex.request.ValidationError}; then
 * {@link io.clusterindex.engine.ListEngine#run} evaluates it over a namespace's clusters in one pass, keeping
 * the page in a bounded heap, and {@link io.clusterindex.engine.Pagination#of} computes the links.
 *
 * <p>Rules where api.md is silent, decided here (each documented on the class that applies it):
 * <ul>
 *   <li>Depth: the {@code filters} object is depth 1; groups deeper than 8 are refused. Shorthand pairs count as
 *       conditions toward the limit of 200.</li>
 *   <li>An object with a {@code field}, {@code operator} or {@code value} key is a condition, any other a group;
 *       {@code filters} itself may be a single condition. A null logical key, flag, operator or direction is as
 *       if absent.</li>
 *   <li>Dotted paths go below object and array fields only; for sort, below object fields only. A terminal array
 *       is flattened (recursively) for scalar operators, so {@code input_collections eq "a"} tests elements.</li>
 *   <li>{@code ne}, {@code nin}, {@code exists: false} and {@code is_null: false} are exact negations of
 *       {@code eq}, {@code in}, {@code exists: true} and {@code is_null: true}; {@code eq null} matches a present
 *       null only.</li>
 *   <li>On the four timestamp fields, {@code eq}/{@code in} compare instants too; a string value that is not a
 *       date-time equals nothing there, and a number never matches (not an error).</li>
 *   <li>Case-insensitive {@code regex} uses RE2's case-insensitive flag instead of folding the subject.</li>
 *   <li>A {@code text} value without words matches every string; search terms split on
 *       {@link java.lang.Character#isWhitespace(int)}.</li>
 * </ul>
 */
package io.clusterindex.request;
