"""The dependency direction: reports → scrapers → {extract, db} → schema.

`extract` and `db` never import each other, nothing imports `reports` (but the
CLI), and `schema` imports no other room.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ["schema", "scrapers", "extract", "db", "reports"]
ALLOWED = {
    "schema": set(),
    "extract": {"schema"},
    "db": {"schema"},
    "scrapers": {"schema", "extract", "db"},
    "reports": {"schema", "extract", "db", "scrapers"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "benchtable" and len(parts) > 1 and parts[1] in ROOMS:
                found.add(parts[1])
            if parts[0] in ROOMS:
                found.add("bare:" + parts[0])
    return found


@pytest.mark.parametrize("room", ROOMS)
def test_room_imports_only_what_it_may(room: str) -> None:
    for path in sorted((ROOT / room).rglob("*.py")):
        used = _imports(path) - {room}
        assert not any(u.startswith("bare:") for u in used), f"{path}: import benchtable.{room}, not {used}"
        assert used <= ALLOWED[room], f"{path.relative_to(ROOT)} imports {sorted(used - ALLOWED[room])}"


def test_the_single_import_name_maps_every_room() -> None:
    import importlib

    for room in ROOMS:
        module = importlib.import_module(f"benchtable.{room}")
        assert Path(module.__file__ or "").resolve().parent == (ROOT / room).resolve()
