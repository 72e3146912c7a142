"""The review package's modules import one way: no cycles, and no clock of its own."""

from __future__ import annotations

import ast
from pathlib import Path

REVIEW = Path(__file__).resolve().parents[2] / "service" / "review"


def _imports(path: Path) -> set[str]:
    """Every ``service.review.*`` module ``path`` imports, including under TYPE_CHECKING."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "service.review":
                found.update(f"service.review.{alias.name}" for alias in node.names)
            elif node.module.startswith("service.review."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("service.review."))
    return found


def test_review_modules_import_without_a_cycle() -> None:
    graph = {f"service.review.{p.stem}": _imports(p) for p in REVIEW.glob("*.py")}
    graph.update({f"service.review.migrations.{p.stem}": _imports(p)
                  for p in (REVIEW / "migrations").glob("*.py")})
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import cycle: " + " -> ".join((*path, module))
        if module in done:
            return
        for imported in sorted(graph.get(module, ())):
            visit(imported, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_the_clock_lives_with_its_users_not_in_review() -> None:
    assert not (REVIEW / "clock.py").exists()
    for path in REVIEW.rglob("*.py"):
        assert "service.clock" not in path.read_text(), f"{path.name} reads a clock"


def test_store_is_split_along_its_jobs() -> None:
    # The contract, paging, row mapping and the SQL each have their own module.
    from service.review import paging, rows, sql_store, store

    assert hasattr(store, "CaseStore") and not hasattr(store, "SqlCaseStore")
    assert hasattr(paging, "decode_page_token") and not hasattr(store, "decode_page_token")
    assert hasattr(rows, "RowMapping") and hasattr(rows, "CASE_COLUMNS")
    assert hasattr(sql_store, "SqlCaseStore")
