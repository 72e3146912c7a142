"""Docs name only metrics and status codes the code has."""

from __future__ import annotations

import re
from pathlib import Path

import grpc
from prometheus_client import CollectorRegistry

from service.interceptors.errors import ERROR_TABLE
from service.observability import Metrics

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Our metrics, and the process and runtime collectors' (lower case: env vars are upper).
METRIC_NAME = re.compile(r"\b(?:grooming_risk|process|python)_[a-z0-9_]*[a-z0-9]\b")
SAMPLE_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("_count", "_sum", "_created"),
}


def exposed_names(registry: CollectorRegistry) -> set[str]:
    """Every family and sample name the registry exports, labelled series with no child yet
    included (their sample names follow from the family's type)."""
    names: set[str] = set()
    for family in registry.collect():
        names.add(family.name)
        names.update(family.name + suffix for suffix in SAMPLE_SUFFIXES.get(family.type, ()))
        names.update(sample.name for sample in family.samples)
    return names


def fleet_registry(tmp_path: Path) -> CollectorRegistry:
    """What the supervisor of ``serve --workers 2`` adds to its workers' metrics."""
    from service.config import Settings
    from service.workers import FleetCollector, Supervisor

    settings = Settings(data_dir=tmp_path)
    supervisor = Supervisor(settings, 2, None, tmp_path, settings)
    registry = CollectorRegistry()
    registry.register(FleetCollector(supervisor))  # type: ignore[arg-type]
    supervisor.close()
    return registry


def test_every_metric_the_docs_name_is_exported(tmp_path: Path) -> None:
    exported = exposed_names(Metrics().registry) | exposed_names(fleet_registry(tmp_path))
    unknown = {
        f"{doc.relative_to(ROOT)}: {name}"
        for doc in DOCS
        for name in METRIC_NAME.findall(doc.read_text(encoding="utf-8"))
        if name not in exported
    }
    assert not unknown, f"docs name metrics the service does not export: {sorted(unknown)}"


def test_every_service_metric_is_documented_in_the_runbook(tmp_path: Path) -> None:
    runbook = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    ours = {family.name for registry in (Metrics().registry, fleet_registry(tmp_path))
            for family in registry.collect() if family.name.startswith("grooming_risk_")}
    assert ours, "no grooming_risk_* metrics found"
    missing = sorted(name for name in ours if name not in runbook)
    assert not missing, f"docs/operations.md, Metrics: add {missing}"


def _readme_error_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\nErrors:", 1)[1].split("\n\n", 1)[0]


def test_readme_error_statuses_are_the_error_table_plus_internal() -> None:
    named = set(re.findall(r"`([A-Z][A-Z_]+)`", _readme_error_section()))
    assert named, "the README's error section names no status"
    assert named <= set(grpc.StatusCode.__members__), named - set(grpc.StatusCode.__members__)
    assert named == {code.name for code in ERROR_TABLE.values()} | {"INTERNAL"}
