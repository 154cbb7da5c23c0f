"""docker-compose.yml runs every service with health checks, and Prometheus scrapes each of them.

The Compose specification's schema is checked by `make check` (check-jsonschema); these tests check
what a schema cannot: that the file matches the services the project has.
"""

import importlib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from system import SERVICES

ROOT = Path(__file__).parents[2]
HTTP_SERVICES = (*SERVICES, "web")


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text())


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return _load(ROOT / "docker-compose.yml")


@pytest.fixture(scope="module")
def prometheus() -> dict[str, Any]:
    return _load(ROOT / "ops" / "prometheus.yml")


def _port(service: str) -> int:
    if service == "web":
        from daikou_web.settings import WebSettings

        return int(WebSettings.model_fields["http_port"].default)
    module = importlib.import_module(f"daikou_{service}.settings")
    return int(getattr(module, f"{service.capitalize()}Settings").default_port)


@pytest.mark.parametrize("service", HTTP_SERVICES)
def test_every_service_runs_with_a_health_check_on_its_own_port(
    compose: dict[str, Any], service: str
) -> None:
    spec = compose["services"][service]
    assert spec["command"][:3] == ["python", "-m", f"daikou_{service}"]
    assert f"127.0.0.1:{_port(service)}/health" in spec["healthcheck"]["test"][-1]


def test_dependencies_exist_and_wait_only_on_health_checks_that_exist(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    for name, spec in services.items():
        for target, condition in (spec.get("depends_on") or {}).items():
            assert target in services, f"{name} depends on unknown {target}"
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[target], f"{name} waits on {target}'s health"


def test_dependencies_have_no_cycle(compose: dict[str, Any]) -> None:
    services = compose["services"]
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        if name not in done:
            for target in services[name].get("depends_on") or {}:
                visit(target, (*path, name))
            done.add(name)

    for name in services:
        visit(name, ())


def test_the_gateway_waits_for_every_internal_service(compose: dict[str, Any]) -> None:
    waits = compose["services"]["gateway"]["depends_on"]
    for service in set(SERVICES) - {"gateway"}:
        assert waits[service] == {"condition": "service_healthy"}


def test_every_named_volume_is_declared(compose: dict[str, Any]) -> None:
    for spec in compose["services"].values():
        for volume in spec.get("volumes") or []:
            source = volume.split(":", 1)[0]
            if not source.startswith("."):
                assert source in compose["volumes"], source


def test_prometheus_scrapes_every_services_metrics(
    compose: dict[str, Any], prometheus: dict[str, Any]
) -> None:
    assert (
        "./ops/prometheus.yml:/etc/prometheus/prometheus.yml:ro"
        in (compose["services"]["prometheus"]["volumes"])
    )
    (job,) = [j for j in prometheus["scrape_configs"] if j["job_name"] == "daikou"]
    assert job["metrics_path"] == "/metrics"
    # the services answer only the metrics token, which compose hands Prometheus as a file
    token_file = job["authorization"]["credentials_file"]
    mounted = compose["services"]["prometheus"]["configs"]
    assert {"source": "metrics_token", "target": token_file} in mounted
    assert "DAIKOU_METRICS_TOKEN" in compose["configs"]["metrics_token"]["content"]
    targets = {t for group in job["static_configs"] for t in group["targets"]}
    assert targets == {f"{service}:{_port(service)}" for service in HTTP_SERVICES}


def test_the_ops_command_knows_every_service() -> None:
    from daikou_kit.ops.targets import SERVICES as OPS_SERVICES

    assert set(OPS_SERVICES) == set(SERVICES)
