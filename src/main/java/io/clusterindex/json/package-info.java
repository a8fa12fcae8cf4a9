/**
 * The shared Jackson mappers (strict for input, trusted for stored JSON).
 * Uses nothing of the project.
 */
package io.clusterindex.json;
