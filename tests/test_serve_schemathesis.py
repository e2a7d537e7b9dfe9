"""Schemathesis against the service's own OpenAPI document, in process (ASGI).

Every operation gets generated requests (valid and invalid parameters, bodies of each
declared media type); every response must be a non-5xx whose status, content type, headers
and body match what the document declares. The stateful run follows the document's links
(submit a job, then read, fetch and delete it by the returned id)."""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from extractor.serve.app import create_app
from extractor.serve.settings import ServeSettings

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


# Built at import (schemathesis reads the document when the module loads); the workers
# start only in the ``running`` fixture. Small limits so that generated bodies reach the
# 413 paths too.
APP = create_app(
    ServeSettings(
        data_dir=Path(tempfile.mkdtemp(prefix="serve-schemathesis-")),
        jobs=2,
        sync_max_bytes=4096,
        max_upload_bytes=16384,
        sync_timeout=20,
        job_timeout=20,
        queue_size=50,
    )
)
# A PDF body is bytes like application/octet-stream.
schemathesis.serializer.alias("application/pdf", "application/octet-stream")

# A valid request may still be over a size or page limit (413): limits are not in the schema.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "401", "404", "409", "413", "429"]
            }
        }
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)

# The same API behind a key: schemathesis also checks that a request without it is refused.
KEY = "schemathesis-key"
APP_WITH_KEY = create_app(
    ServeSettings(
        data_dir=Path(tempfile.mkdtemp(prefix="serve-schemathesis-key-")),
        jobs=1,
        sync_max_bytes=4096,
        max_upload_bytes=16384,
        api_key=KEY,
    )
)
schema_with_key = schemathesis.openapi.from_asgi("/openapi.json", APP_WITH_KEY, config=CONFIG)


@pytest.fixture(scope="module", autouse=True)
def running() -> Iterator[None]:
    """The app's lifespan (workers, job store) around the module's tests."""
    with TestClient(APP), TestClient(APP_WITH_KEY):
        yield
    for app in (APP, APP_WITH_KEY):
        shutil.rmtree(app.state.settings.data_dir, ignore_errors=True)


@schema.parametrize()
@SETTINGS
def test_every_operation_conforms(case) -> None:
    case.call_and_validate()


@schema_with_key.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_behind_a_key(case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"})


def test_stateful_job_lifecycle() -> None:
    machine = schema.as_state_machine()
    machine.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=5,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
