/**
 * The {@code cluster-index} command line (picocli), the product jar's entry point: {@code serve} (the default: the
 * service, optionally feeding a demo namespace), {@code produce}, {@code tail}, {@code generate}, {@code keys} and
 * {@code namespaces}. One class per command; the Kafka connection and progress options are mixins.
 * May use app (serve starts it), auth (key hashing, tenancy records), events (the indexer's own envelope parser),
 * generate, kafka, json and topology's topic names; nothing uses it.
 */
package io.clusterindex.cli;
