/**
 * The Javalin HTTP API: routes, authentication filter, read-your-writes headers, the bodies and the error envelope;
 * it only translates requests into scatter calls and answers into responses (AnswerResponses). Built unstarted from
 * interfaces (HttpServer.create), so that it runs over fakes without Kafka. It reports each request to a RequestObserver
 * and serves GET /metrics from a MetricsExposition, interfaces that metrics implements (no Micrometer here).
 * May use scatter, request, engine, auth, live and json; never a state store or KafkaStreams.
 */
package io.clusterindex.http;
