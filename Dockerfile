# grooming-risk service image: `grooming-risk serve` with the shipped model and the postgres
# extra, as a non-root user, on Python 3.11 (the version constraints.txt was audited on).
#
#   docker build -t grooming-risk:0.1.0 .
#
# Linted with hadolint (tests/deploy/test_dockerfile.py); never built on the machines this
# repository is developed on (no registry access): see the README's "Deploying" section.
#
# Settings come from GROOMING_RISK_* variables (README, "Settings"). The image listens on
# 0.0.0.0, so it refuses to start until TLS is configured (GROOMING_RISK_TLS_CERT and
# GROOMING_RISK_TLS_KEY) or plaintext is allowed with GROOMING_RISK_INSECURE=true.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# The builder compiles the C extensions (the featurizer, the validation fast path and the
# request codec: service/scoring/_featurize.c, _validate.c, service/servicers/_wire.c), so
# it is the full image of the same Python and Debian release: gcc and the Python
# headers, nothing to apt-get.
ARG BUILDER_IMAGE=python:3.11-bookworm

# --- builder: resolve and install the runtime set into a virtualenv ----------------------
FROM ${BUILDER_IMAGE} AS builder
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/venv
# Dependencies first (their layer survives code changes): exactly the pins of constraints.txt.
COPY constraints.txt ./
RUN /opt/venv/bin/pip install --no-cache-dir -r constraints.txt
COPY pyproject.toml README.md ./
COPY service/ service/
# The project with the postgres extra, under the same pins. The build fails on a broken
# requirement, or when the installed set is not exactly constraints.txt (a dependency
# added to pyproject.toml without its pin).
RUN /opt/venv/bin/pip install --no-cache-dir -c constraints.txt ".[postgres]" \
    && /opt/venv/bin/pip check \
    && /opt/venv/bin/pip freeze --exclude grooming-risk | tr 'A-Z_' 'a-z-' | sort > /tmp/installed \
    && grep -E '^[A-Za-z0-9]' constraints.txt | tr 'A-Z_' 'a-z-' | sort | diff - /tmp/installed \
    && /opt/venv/bin/python -m compileall -q /opt/venv/lib

# --- runtime: the virtualenv, the model, no compilers, no pip cache, a non-root user --------
FROM ${PYTHON_IMAGE}
ARG UID=10001
RUN groupadd --system --gid "${UID}" grooming \
    && useradd --system --uid "${UID}" --gid grooming --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin grooming \
    && mkdir -p /var/lib/grooming-risk \
    && chown grooming:grooming /var/lib/grooming-risk \
    && for tool in cc gcc g++ c++ clang make; do \
        if command -v "$tool" > /dev/null; then echo "compiler in final stage: $tool" >&2; exit 1; fi; \
    done
COPY --from=builder /opt/venv /opt/venv
COPY models/default/ /opt/grooming-risk/models/default/
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GROOMING_RISK_HOST=0.0.0.0 \
    GROOMING_RISK_PORT=50051 \
    GROOMING_RISK_HEALTH_PORT=50052 \
    GROOMING_RISK_METRICS_HOST=0.0.0.0 \
    GROOMING_RISK_METRICS_PORT=9464 \
    GROOMING_RISK_MODEL_DIR=/opt/grooming-risk/models/default \
    GROOMING_RISK_DATA_DIR=/var/lib/grooming-risk
WORKDIR /var/lib/grooming-risk
USER ${UID}:${UID}
# 50051 gRPC (TLS in production); 50052 plaintext health Check only (probes); 9464 metrics.
EXPOSE 50051 50052 9464
# The gRPC health service on the probe port: exit 0 only while the server may score.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["grooming-risk", "health", "--target", "127.0.0.1:50052", "--timeout-s", "5"]
ENTRYPOINT ["grooming-risk"]
CMD ["serve"]
