# sensus-push: the daemon (`serve`) in a container. Configure it with SENSUS_PUSH_<OPTION> environment
# variables (e.g. SENSUS_PUSH_STORE, SENSUS_PUSH_GATEWAY) and secrets from the environment or mounted files.
#   docker build -t sensus-push .
#   docker run --rm -p 8080:8080 -e SENSUS_PUSH_ADMIN_TOKEN=... -e SENSUS_PUSH_STORE=s3://bucket sensus-push

# --- build: the runnable (shaded) jar ---
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src ./src
RUN mvn -B -q -DskipTests package

# --- run: a JRE and the jar, as an unprivileged user ---
FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 sensus && useradd --system --uid 10001 --gid sensus --home-dir /var/lib/sensus-push \
        --create-home --shell /usr/sbin/nologin sensus
COPY --from=build /src/target/sensus-push.jar /opt/sensus-push/sensus-push.jar
USER 10001
WORKDIR /var/lib/sensus-push
# In a container the admin server must listen beyond loopback to be reachable; it then requires
# SENSUS_PUSH_ADMIN_TOKEN (every route but /healthz) and refuses to start without it.
ENV SENSUS_PUSH_ADMIN_BIND=0.0.0.0 \
    SENSUS_PUSH_ADMIN_PORT=8080 \
    SENSUS_PUSH_LOG_FORMAT=json \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-cp", "/opt/sensus-push/sensus-push.jar", "io.sensuspush.admin.HealthCheck"]
ENTRYPOINT ["java", "-jar", "/opt/sensus-push/sensus-push.jar"]
CMD ["serve"]
