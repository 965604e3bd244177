# syntax=docker/dockerfile:1
# Mesosite's production image: gunicorn serving Django, whitenoise serving the static files.
# The build and start steps are scripts in bin/, which CI also runs without Docker
# (make container-smoke), so that they cannot rot. docs/deploy.md says how to run it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    GUNICORN_BIND=0.0.0.0:8000 \
    DATABASE_URL=sqlite:////data/db.sqlite3 \
    MEDIA_ROOT=/data/media \
    PAGE_CACHE_DIR=/data/cache/pages

# A user without a login or a home of its own; it may write to /data (the database when it is
# SQLite, uploads, the page cache) and nowhere else.
RUN groupadd --system --gid 10001 mesosite \
 && useradd --system --uid 10001 --gid mesosite --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin mesosite \
 && python -m venv /opt/venv \
 && mkdir -p /data/media /data/cache \
 && chown -R mesosite:mesosite /data

WORKDIR /app

# Dependencies in their own layer: rebuilt only when requirements.txt or the step changes.
COPY requirements.txt ./
COPY bin/container-build bin/
RUN bin/container-build deps

COPY . .
RUN bin/container-build static

USER mesosite
EXPOSE 8000
# /healthz is 200 when the database answers; python's urllib, as the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "bin/container-healthcheck"]
CMD ["bin/container-start"]
