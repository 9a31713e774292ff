"""The dependency direction: reports → scrapers → {extract, db} → schema.

`extract` and `db` never import each other, nothing imports `reports` (but the
CLI), and `schema` imports no other room.
"""

from __future__ import annotations

import ast
import functools
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


MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
# modules over MAX_MODULE_LINES and functions over MAX_FUNCTION_LINES still allowed: none since
# issue 9 split the last of them; an entry may leave this set, nothing may join it
KNOWN_OVERSIZE: set[str] = set()


def _package_modules() -> list[Path]:
    """Every module of the package: the CLI in benchtable/ and the five rooms it links to."""
    package = ROOT / "benchtable"
    cli = [p for p in package.rglob("*.py") if p.relative_to(package).parts[0] not in ROOMS]
    return sorted(cli + [p for room in ROOMS for p in (ROOT / room).rglob("*.py")])


@functools.cache
def _sizes() -> dict[str, int]:
    """Lines of every module (`path`) and of every function in it (`path::name`), nested ones too."""
    sizes: dict[str, int] = {}
    for path in _package_modules():
        name = path.relative_to(ROOT).as_posix()
        source = path.read_text("utf-8")
        sizes[name] = len(source.splitlines())
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                key = f"{name}::{node.name}"
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                sizes[key] = max(length, sizes.get(key, 0))
    return sizes


def _oversize(sizes: dict[str, int]) -> set[str]:
    return {
        name
        for name, lines in sizes.items()
        if lines > (MAX_FUNCTION_LINES if "::" in name else MAX_MODULE_LINES)
    }


def test_no_module_over_500_lines_and_no_function_over_80_but_the_known_ones() -> None:
    sizes = _sizes()
    new = sorted(_oversize(sizes) - KNOWN_OVERSIZE)
    assert not new, "split these (lines): " + ", ".join(f"{n} ({sizes[n]})" for n in new)


def test_every_known_oversize_entry_is_still_oversize() -> None:
    """The allow-list only shrinks: a module or function split (or gone) must leave it."""
    gone = sorted(KNOWN_OVERSIZE - _oversize(_sizes()))
    assert not gone, f"remove from KNOWN_OVERSIZE (split or gone): {gone}"
