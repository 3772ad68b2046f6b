# The gateway's image: the Spring Boot jar on a JRE, run as a non-root user with a read-only root filesystem in mind
# (it writes only to /tmp and, with the embedded database, /app/data; the Helm chart mounts both).
# Build the jar first: mvn -B -DskipTests package
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 gateway && useradd --system --uid 10001 --gid gateway --home /app gateway
WORKDIR /app
COPY target/call-disposition-gateway-*.jar /app/app.jar
USER 10001:10001
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
