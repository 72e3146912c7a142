"""Print the README's settings table from service.config.Settings (a test keeps them equal)."""

from __future__ import annotations

from service.config import Settings, default_text, env_var


def table() -> str:
    """Markdown rows, one per setting: variable, default, docstring."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        rows.append(f"| `{env_var(name)}` | `{default_text(name)}` | {field.description} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
