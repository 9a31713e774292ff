"""The README's CLI reference names only options that exist: every `--flag` in a command's
signature in the Commands table is an option of that command."""

from __future__ import annotations

import re

import click
import pytest

from benchtable.cli import cli
from tests.conftest import ROOT

_SIGNATURE = re.compile(r"`(benchtable [^`]+)`")
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _documented_signatures() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("### Commands", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `benchtable ")]
    return [sig for row in rows for sig in _SIGNATURE.findall(row.split(" | ", 1)[0])]


def _options(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}


def test_the_commands_table_documents_extract_explain() -> None:
    assert any("--explain" in s and "--table N" in s for s in _documented_signatures())


@pytest.mark.parametrize("signature", _documented_signatures())
def test_every_documented_flag_is_an_option_of_its_command(signature: str) -> None:
    name = signature.split()[1]
    command = cli.commands.get(name)
    assert command is not None, f"README documents `benchtable {name}`, which does not exist"
    missing = set(_FLAG.findall(signature)) - _options(command)
    assert not missing, f"README documents {sorted(missing)} for `benchtable {name}`, which it does not take"


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    """`.ci/run` runs the README's test command (`uv sync --locked && uv run pytest`)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("**The tests:**", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert "uv sync --locked && uv run pytest" in block
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert "$UV sync --locked" in ci
    pytest_lines = [line for line in ci if line.startswith("$UV run pytest")]
    assert pytest_lines == ["$UV run pytest -q"], pytest_lines  # the same command, quieter
