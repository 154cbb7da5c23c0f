# One image for every Daikou service; docker-compose.yml picks the service with its command.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN pip install --no-cache-dir uv

WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY contracts contracts
COPY kit kit
COPY services services
COPY tools/fake_paypal tools/fake_paypal
COPY scripts scripts
# The services without the test tools, plus the fake PayPal that docker-compose.yml runs for the demo.
RUN uv sync --frozen --no-dev --group fake-paypal --python python3.11

# The volumes' mount points exist (owned by the service user) so new volumes inherit the owner.
RUN useradd --create-home daikou \
    && mkdir -p /app/var/messaging /app/var/warehouse /app/var/mail \
    && chown -R daikou /app/var
USER daikou
EXPOSE 8000-8007 8025 8026 8090
