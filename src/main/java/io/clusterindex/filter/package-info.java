/**
 * Filter nodes (conditions, groups, search) as the engine and the index evaluate them, with their value semantics
 * (case folding, numbers, instants, paths).
 * May use fold (field names), json and time only.
 */
package io.clusterindex.filter;
