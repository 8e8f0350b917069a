# annotator: the web app (gunicorn) and the background worker share this image.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home /app app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings to import; the real secret comes from the environment at run time.
# media/exports exists in the image, owned by app, so the volume mounted there is writable.
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --no-input \
    && mkdir -p media/exports \
    && chown -R app:app /app
USER app

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && gunicorn annotator.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
