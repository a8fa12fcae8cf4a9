/**
 * Strict RFC 3339 date-time parsing.
 * Uses nothing of the project.
 */
package io.clusterindex.time;
