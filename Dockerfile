# syntax=docker/dockerfile:1
#
# cluster-index as a container image. Two stages: Maven builds the jar exactly as the README's first command does,
# then a JRE-only image runs it as a non-root user. docker-compose.yml runs two instances of it next to Kafka.
# DockerfileTest checks this file against the pom (what `mvn package` produces) and Config (what the app reads).

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY topics topics
COPY src src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

# Java 25 runs the Java 17 bytecode the build stage makes, and ingests 10-20% more events per second than Java 17 on
# the same machine with less CPU (docs/benchmarks.md, "The same jar on Java 25"); the test suite passes on both.
FROM eclipse-temurin:25-jre
# curl answers the HEALTHCHECK below; the base image ships it, and the build fails here if it ever stops doing so.
RUN groupadd --system --gid 10001 cluster-index \
 && useradd --system --uid 10001 --gid cluster-index --no-create-home --shell /usr/sbin/nologin cluster-index \
 && mkdir -p /var/lib/cluster-index \
 && chown cluster-index:cluster-index /var/lib/cluster-index \
 && curl --version > /dev/null
WORKDIR /app
COPY --from=build /build/target/lib /app/lib
COPY --from=build /build/target/cluster-index.jar /app/cluster-index.jar
ENV HTTP_PORT=8080 \
    STATE_DIR=/var/lib/cluster-index
EXPOSE 8080
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS --max-time 2 "http://localhost:${HTTP_PORT}/health/ready" > /dev/null || exit 1
# The two flags keep Java 25's start-up warnings out of the log: lz4-java loads its native library
# (--enable-native-access), and Kafka's clients unmap buffers through sun.misc.Unsafe (--sun-misc-unsafe-memory-access).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "--enable-native-access=ALL-UNNAMED", \
  "--sun-misc-unsafe-memory-access=allow", "-jar", "/app/cluster-index.jar"]
