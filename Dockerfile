# callwindow's HTTP service (callwindow-serve) in a container: docs/http.md, "Containers".
#
#   docker build -t callwindow .
#   docker run --rm -p 127.0.0.1:8080:8080 -e CALLWINDOW_API_KEYS=change-me-0123456789 callwindow
#
# Two stages: the first builds the wheel and installs it with the http and postgres extras
# into a virtual environment; the second copies only that environment (no compiler, no
# sources) and runs as an unprivileged user. PYTHON_IMAGE may name any Debian-based image
# with Python >= 3.11 at /usr/local/bin/python (the official images) - the Docker test builds
# with a local one where the registry is out of reach.
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
# (callwindow/data is a link to ../data in a checkout: both are copied, the wheel holds the files)
COPY pyproject.toml README.md LICENSE ./
COPY data ./data
COPY callwindow ./callwindow
RUN python -m venv /opt/callwindow \
 && /opt/callwindow/bin/pip install --no-cache-dir --disable-pip-version-check ".[http,postgres]"

FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/callwindow --create-home callwindow
COPY --from=build /opt/callwindow /opt/callwindow
ENV PATH=/opt/callwindow/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    CALLWINDOW_DB=/var/lib/callwindow/history.sqlite3
USER callwindow
WORKDIR /var/lib/callwindow
VOLUME ["/var/lib/callwindow"]
EXPOSE 8080
# Liveness from inside the container (no curl in the slim image): /v1/health needs no key.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/v1/health', timeout=2)"]
# Keys: CALLWINDOW_API_KEYS (plain keys, comma-separated) or a mounted keys file
# (CALLWINDOW_KEYS_FILE=/run/secrets/keys.txt). SIGTERM stops gracefully; SIGHUP reloads the rule data.
ENTRYPOINT ["callwindow-serve", "--host", "0.0.0.0", "--port", "8080"]
CMD ["--workers", "2", "--create-db"]
