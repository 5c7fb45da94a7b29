# Linchpin's production image: gunicorn (web), Celery worker and beat all run from it; see
# docker-compose.yml. Build: docker compose build. Settings: coordinator.settings.production.
# The browser libraries (Cytoscape.js for the sociogram), from the npm registry at the versions
# package-lock.json pins; only the built file goes into the image, never node_modules.
FROM node:20-slim AS vendor
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# The compiled catalogues (French, Dutch) from locale/*.po, with gettext's msgfmt, which the
# final image does not need.
FROM debian:bookworm-slim AS messages
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY locale locale
RUN for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check -o "${po%.po}.mo" "$po" || exit 1; done

FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=coordinator.settings.production

# WeasyPrint's libraries (PDF action plans); without libharfbuzz-subset0 it warns and is slower.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system linchpin \
    && useradd --system --gid linchpin --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin linchpin

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock

# The code stays owned by root (read-only for the app); only var/ (media, beat schedule) and
# staticfiles/ (collectstatic at start) are writable by the linchpin user.
COPY . .
COPY --from=vendor /build/node_modules/cytoscape/dist/cytoscape.min.js static/vendor/cytoscape.min.js
COPY --from=messages /build/locale locale
RUN mkdir -p var/media staticfiles \
    && chown -R linchpin:linchpin var staticfiles

USER linchpin
EXPOSE 8000
CMD ["gunicorn", "coordinator.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
