# Stegvis as a container image: the release binary on a slim Debian, run as a non-root user,
# with its SQLite file and instance key on a volume. It needs no network at run time beyond
# its own port (and PostgreSQL when STEGVIS_DATABASE_URL points there): fonts, templates,
# the handbook and the front-end files are embedded in the binary.
#
#   docker build -t stegvis .
#   docker run -p 8080:8080 -v stegvis-data:/var/lib/stegvis \
#     -e STEGVIS_PUBLIC_URL=https://stegvis.example.se stegvis
#
# See docs/operations.md, "Container image".

FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
# --locked: the image is built from exactly the dependencies in Cargo.lock.
RUN cargo build --release --locked -p stegvis \
 && cp target/release/stegvis /usr/local/bin/stegvis

FROM debian:bookworm-slim
# A fixed, unprivileged uid/gid that owns nothing but the data directory.
RUN groupadd --system --gid 10001 stegvis \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/stegvis --shell /usr/sbin/nologin stegvis \
 && mkdir -p /var/lib/stegvis \
 && chown stegvis:stegvis /var/lib/stegvis \
 && chmod 0700 /var/lib/stegvis
COPY --from=build /usr/local/bin/stegvis /usr/local/bin/stegvis
USER 10001:10001
WORKDIR /var/lib/stegvis
VOLUME ["/var/lib/stegvis"]
ENV STEGVIS_DATABASE_URL=sqlite:///var/lib/stegvis/stegvis.db \
    STEGVIS_KEY_FILE=/var/lib/stegvis/instance.key \
    STEGVIS_LISTEN=0.0.0.0:8080
EXPOSE 8080
# The server finishes in-flight requests on SIGTERM (docker stop) within its 30 s grace.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/stegvis"]
CMD ["serve"]
