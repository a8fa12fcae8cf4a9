/**
 * The shared Jackson mappers (strict for input, trusted for stored JSON), and the JSON shapes more than one package
 * writes (the stats object).
 * Uses nothing of the project.
 */
package io.clusterindex.json;
