# Production image: gunicorn serves Django (static files through WhiteNoise); the same image runs
# the Celery worker and beat (see docker-compose.yml).
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and HarfBuzz for WeasyPrint's PDFs; the Liberation fonts the reports are set in (print.css).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
RUN DJANGO_ENV=production SECRET_KEY=only-for-collectstatic python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home /app styrmodell \
    && mkdir -p /app/media /app/private_media /app/celerybeat \
    && chown -R styrmodell /app/media /app/private_media /app/celerybeat

USER styrmodell
EXPOSE 8000
CMD ["gunicorn", "styrmodell.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
