"""Print the README's settings table from service.config.Settings (a test keeps them equal)."""

from __future__ import annotations

from service.config import Settings


def table() -> str:
    """Markdown rows, one per setting: variable, default, docstring."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = "models/default" if field.default_factory is not None else field.default
        if isinstance(default, frozenset):
            default = ",".join(sorted(x.value for x in default))
        elif isinstance(default, tuple):
            default = ",".join(default)
        rows.append(f"| `GROOMING_RISK_{name.upper()}` | `{default}` | {field.description} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
