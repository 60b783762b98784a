# syntax=docker/dockerfile:1
# The writer service image: changes -> snapshot files in S3/MinIO.
# Build from the repository root: docker build -f docker/writer.Dockerfile -t cdc-writer .
# (docker compose does this; the build context's ignore file is docker/writer.Dockerfile.dockerignore)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# the module and the modules it depends on; the Maven repository is cached between builds
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl writer -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 cdc \
    && useradd --system --uid 10001 --gid cdc --home-dir /var/lib/cdc --shell /usr/sbin/nologin cdc \
    && mkdir -p /opt/cdc /etc/cdc /var/lib/cdc \
    && chown cdc:cdc /var/lib/cdc
COPY --from=build /src/writer/target/cdc-writer.jar /opt/cdc/cdc-writer.jar
# the config is mounted here (or pass --config); storage.data_dir should be /var/lib/cdc
ENV CDC_CONFIG=/etc/cdc/config.json \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER cdc:cdc
WORKDIR /var/lib/cdc
# PLACEHOLDER: the services have no HTTP /health or /ready endpoints yet (planned, issue 6), so this
# only checks that PID 1 is still the service's JVM. The service exits (and the container stops)
# when it fails, so this adds little; replace it with an HTTP check once /ready exists.
# /ready on CDC_HTTP_PORT (default 8080) answers 200 when the service is connected (Kafka and, as
# relevant, its databases or object store); bash's /dev/tcp needs no curl in the image.
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CDC_HTTP_PORT:-8080} && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/opt/cdc/cdc-writer.jar"]
