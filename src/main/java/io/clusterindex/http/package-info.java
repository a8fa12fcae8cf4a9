/**
 * The Javalin HTTP API: routes, authentication filter, read-your-writes headers, the error envelope; it only
 * translates requests into scatter calls and answers into responses.
 * May use scatter, query (local health and positions), request, engine, auth, json and topology's FoldCounters
 * (for /health/ready); never a state store or KafkaStreams.
 */
package io.clusterindex.http;
