# The gateway's image: the Spring Boot jar on a JRE, run as a non-root user with a read-only root filesystem in mind
# (it writes only to /tmp and, with the embedded database, /app/data; the Helm chart mounts both).
# Build the jar first: mvn -B -DskipTests package
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 gateway && useradd --system --uid 10001 --gid gateway --home /app gateway
WORKDIR /app
COPY target/call-disposition-gateway-*.jar /tmp/app.jar
# Start-up about a quarter faster with a class-data-sharing archive: the jar extracted (Spring Boot's jarmode=tools),
# then one training start that refreshes the context on a scratch database and exits, writing the archive. The
# training uses the JVM options the chart recommends; the archive is only read at run time.
RUN java -Djarmode=tools -jar /tmp/app.jar extract --destination /app/application && rm /tmp/app.jar \
 && mv /app/application/call-disposition-gateway-*.jar /app/application/app.jar \
 && java -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m -XX:ArchiveClassesAtExit=/app/application/app.jsa \
      -Dspring.context.exit=onRefresh -jar /app/application/app.jar --gateway.admin.api-key=training \
      --gateway.data-dir=/tmp/training-db --server.port=0 --management.server.port=0 \
 && rm -rf /tmp/training-db
# glibc gives each thread that allocates its own malloc arena; two keep the resident size tens of MB lower.
ENV MALLOC_ARENA_MAX=2
USER 10001:10001
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/application/app.jsa", "-jar", "/app/application/app.jar"]
