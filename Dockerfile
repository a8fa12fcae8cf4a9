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

FROM eclipse-temurin:17-jre
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
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/app/cluster-index.jar"]
