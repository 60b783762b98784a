# syntax=docker/dockerfile:1
# The `cdc` command line (standalone module: cdc.jar + lib/), for operators and one-shot jobs in the
# compose network: `docker compose run --rm cli status --config /etc/cdc/config.json`.
# Build from the repository root: docker build -f docker/cli.Dockerfile -t cdc-cli .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl standalone -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 cdc \
    && useradd --system --uid 10001 --gid cdc --home-dir /var/lib/cdc --shell /usr/sbin/nologin cdc \
    && mkdir -p /opt/cdc /etc/cdc /var/lib/cdc \
    && chown cdc:cdc /var/lib/cdc
COPY --from=build /src/standalone/target/cdc.jar /opt/cdc/cdc.jar
COPY --from=build /src/standalone/target/lib/ /opt/cdc/lib/
USER cdc:cdc
WORKDIR /var/lib/cdc
ENTRYPOINT ["java", "-jar", "/opt/cdc/cdc.jar"]
CMD ["--help"]
