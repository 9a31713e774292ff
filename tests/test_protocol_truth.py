"""Protocol-true cells (issue 12, items 3-5): protocol by corroboration, versions of one
document as history, and conflicts that list every same-protocol disagreement and nothing else.

Hand-written records of the shapes the corpus has (a README restating its paper's numbers
without the shot count, a pinned older README of a model its publisher updated, three
sources giving one model's MMLU 5-shot), never corpus text.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from benchtable.db.store import Database
from benchtable.reports.config import ColumnSpec, RowSpec, parse_report_config
from benchtable.reports.render import build_view, render
from benchtable.reports.select import build_table, choose_cell
from benchtable.reports.sources import SourceMeta
from benchtable.schema.errors import ConfigError
from benchtable.schema.records import (
    Citation,
    Configuration,
    Document,
    Locator,
    Protocol,
    Scale,
    ScoreRecord,
    Source,
    SourceKind,
)
from benchtable.scrapers.sources import check_versions, parse_sources
from tests.conftest import CLI

MMLU5 = ColumnSpec(id="mmlu", label="MMLU (5-shot)", benchmark="mmlu", protocol=Protocol(n_shot=5))
BF16_OR_UNSTATED = RowSpec(
    id="q", label="Acme-7B-Chat BF16", model="acme-7b-chat", match={"precision": ["bf16", "none"]}
)
BF16_ONLY = RowSpec(id="q", label="Acme-7B-Chat BF16", model="acme-7b-chat", match={"precision": ["bf16"]})
BF16 = Configuration(precision="bf16")


def rec(
    source: str, value: float, *, n_shot: int | None = None, page: int | None = None, **kw: Any
) -> ScoreRecord:
    locator = Locator(page=page) if page else Locator(line=kw.pop("line", 10))
    return ScoreRecord(
        source_id=source,
        model=kw.pop("model", "acme-7b-chat"),
        model_label="Acme-7B-Chat",
        configuration=kw.pop("configuration", Configuration()),
        benchmark=kw.pop("benchmark", "mmlu"),
        benchmark_label="MMLU",
        protocol=Protocol(n_shot=n_shot, metric=kw.pop("metric", None)),
        value=value,
        raw=str(value),
        scale=Scale.PERCENT,
        citation=Citation(url=f"https://example.org/{source}", sha256="a" * 64, locator=locator, quote="q"),
    )


SOURCES = {
    "acme-readme": SourceMeta(
        "acme-readme", "readme", date="2024-06-20", model="acme-7b-chat", hints={"publisher": "acme"}
    ),
    "acme-readme-old": SourceMeta(
        "acme-readme-old",
        "readme",
        date="2023-09-13",
        hints={"publisher": "acme"},
        version_of="acme-readme",
        revision_note="numbers of the model before its update",
    ),
    "acme-report": SourceMeta("acme-report", "paper_pdf", date="2023-09-28", hints={"publisher": "acme"}),
    "acme-blog": SourceMeta("acme-blog", "blog", date="2024-02-01", hints={"publisher": "acme"}),
    "other-blog": SourceMeta("other-blog", "blog", date="2024-03-01", hints={"publisher": "other"}),
    "board": SourceMeta("board", "leaderboard", date="2024-01-01"),
    "paper": SourceMeta("paper", "paper_pdf", date="2024-05-01"),
}


def choose(records: list[ScoreRecord], row: RowSpec = BF16_OR_UNSTATED) -> Any:
    return choose_cell(row, MMLU5, records, SOURCES, Scale.PERCENT, ["mmlu"], model_publisher="acme")


# ----------------------------------------------------------------------------- 3. corroboration


def test_readme_value_restated_without_its_shot_count_inherits_the_papers_zero_shot() -> None:
    """A README table restates the report's 0-shot 55.8 without saying so: it is a 0-shot
    value (‡ in a 5-shot column), not an unstated one that fills the column."""
    readme = rec("acme-readme", 55.8, configuration=BF16)
    report_zero = rec("acme-report", 55.8, n_shot=0, page=12)
    choice = choose([readme, report_zero])
    shown = choice.chosen
    assert shown is not None and shown.fit == 2  # on main: the README's 55.8 with fit 1 (`?`)
    readme_evidence = next(e for e in choice.candidates if e.record.source_id == "acme-readme")
    assert readme_evidence.protocol.n_shot == 0
    assert [c.describe() for c in readme_evidence.corroborated] == ["n-shot 0 stated in acme-report p. 12"]


def test_corroborated_five_shot_fills_the_column_marked_and_citing_the_stating_document() -> None:
    """The stating document's record is another configuration than the row's (precision not
    stated, the row wants BF16): the README's value is shown, its n-shot inherited and marked."""
    choice = choose(
        [rec("acme-readme", 57.0, configuration=BF16), rec("acme-report", 57.0, n_shot=5, page=12)], BF16_ONLY
    )
    assert choice.chosen is not None and choice.chosen.record.source_id == "acme-readme"
    assert choice.chosen.fit == 0 and not choice.unstated_marker
    assert choice.corroborated_marker
    assert choice.chosen.corroborated[0].record.source_id == "acme-report"


def test_another_publishers_document_corroborates_nothing() -> None:
    choice = choose(
        [rec("acme-readme", 57.0, configuration=BF16), rec("other-blog", 57.0, n_shot=5)], BF16_ONLY
    )
    assert choice.chosen is not None and choice.chosen.fit == 1 and not choice.chosen.corroborated


def test_documents_stating_different_shot_counts_for_the_number_corroborate_nothing() -> None:
    records = [
        rec("acme-readme", 57.0, configuration=BF16),
        rec("acme-report", 57.0, n_shot=5, page=12),
        rec("acme-blog", 57.0, n_shot=0),
    ]
    choice = choose(records, BF16_ONLY)
    assert choice.chosen is not None and choice.chosen.unstated_settings == ("n_shot",)


def test_a_different_number_corroborates_nothing() -> None:
    choice = choose(
        [rec("acme-readme", 57.0, configuration=BF16), rec("acme-report", 57.1, n_shot=5)], BF16_ONLY
    )
    assert choice.chosen is not None and not choice.chosen.corroborated


# ----------------------------------------------------------------------------- 4. versions


def test_an_older_version_of_a_document_is_superseded_not_a_conflict() -> None:
    """The pinned README of 2023-09-13 (the model before its update) against the current one."""
    five = dict(n_shot=5)
    choice = choose([rec("acme-readme-old", 53.9, **five), rec("acme-readme", 55.8, **five)])
    assert choice.chosen is not None and choice.chosen.record.source_id == "acme-readme"
    assert choice.conflicting == [] and choice.conflict_groups == []  # on main: a conflict
    assert [e.record.source_id for e in choice.superseded] == ["acme-readme-old"]
    assert "superseded" in choice.reason()


def test_an_older_version_stays_a_candidate_where_the_newer_one_has_no_value() -> None:
    choice = choose(
        [rec("acme-readme-old", 53.9, n_shot=5), rec("acme-readme", 40.0, n_shot=5, benchmark="gsm8k")]
    )
    assert choice.chosen is not None and choice.chosen.record.source_id == "acme-readme-old"
    assert choice.superseded == []


def test_an_older_version_is_never_shown_even_when_it_states_the_protocol_and_the_newer_does_not() -> None:
    choice = choose([rec("acme-readme-old", 53.9, n_shot=5), rec("acme-readme", 55.8)])
    assert choice.chosen is not None and choice.chosen.record.source_id == "acme-readme"
    assert [e.record.value for e in choice.superseded] == [53.9]


# ----------------------------------------------------------------------------- 5. conflicts


def test_every_same_protocol_disagreement_is_listed_not_only_those_against_the_shown_value() -> None:
    """Shown: the publisher's 5-shot value. Two third parties disagree with each other under
    0-shot: a conflict of its own; a third party's unstated value is no conflict at all."""
    records = [
        rec("acme-readme", 70.5, n_shot=5),
        rec("board", 70.6, n_shot=5),
        rec("paper", 60.0, n_shot=0),
        rec("other-blog", 61.0, n_shot=0),
        rec("acme-blog", 71.8),
    ]
    choice = choose(records)
    stated = [g for g in choice.conflict_groups if g.stated]
    values = sorted(sorted(c[0].record.value for c in g.values) for g in stated)
    assert values == [[60.0, 61.0], [70.5, 70.6]]
    assert [e.record.source_id for e in choice.conflicting] == ["board"]
    assert all(g.stated or g.values for g in choice.conflict_groups)


def test_one_document_printing_two_values_is_not_a_disagreement_between_sources() -> None:
    records = [
        rec("paper", 37.2, n_shot=5, page=18),
        rec("paper", 24.2, n_shot=5, page=19),
        rec("board", 37.2, n_shot=5),
    ]
    assert choose(records).conflict_groups == []


def test_a_metric_one_source_leaves_out_does_not_split_a_conflict_but_two_stated_metrics_do() -> None:
    together = choose([rec("acme-readme", 46.9, n_shot=5, metric="acc"), rec("paper", 45.2, n_shot=5)])
    assert len(together.conflict_groups) == 1
    apart = choose(
        [rec("acme-readme", 46.9, n_shot=5, metric="acc"), rec("paper", 45.2, n_shot=5, metric="acc_norm")]
    )
    assert apart.conflict_groups == []


# ----------------------------------------------------------------------------- rendering


REPORT = """
title = "T"
[[column]]
id = "mmlu"
label = "MMLU (5-shot)"
benchmark = "mmlu"
protocol = { n_shot = 5 }
[[row]]
id = "q"
label = "Acme-7B-Chat BF16"
model = "acme-7b-chat"
match = { precision = "bf16" }
"""


def _report(fmt: str) -> str:
    records = [
        rec("acme-readme", 55.8, configuration=BF16),
        rec("acme-readme-old", 53.9, configuration=BF16),
        rec("acme-report", 55.8, n_shot=5, page=12),
        rec("board", 56.5, n_shot=5, configuration=BF16),
        rec("paper", 57.5, n_shot=5, configuration=BF16),
    ]
    table = build_table(parse_report_config(REPORT, "test"), records, SOURCES)
    return render(build_view(table), fmt)


def test_markdown_marks_a_corroborated_cell_and_lists_conflicts_and_superseded_versions() -> None:
    md = _report("md")
    assert "| Acme-7B-Chat BF16 | 55.8†≠ [^1] |" in md
    assert "n-shot 5 stated in acme-report p. 12 for the same number" in md
    disagree = md.split("## Sources that disagree", 1)[1].split("## ", 1)[0]
    assert (
        "55.8 (acme-readme, shown)" in disagree and "56.5 (board)" in disagree and "57.5 (paper)" in disagree
    )
    superseded = md.split("## Superseded versions", 1)[1].split("## ", 1)[0]
    assert (
        "53.9 (acme-readme-old, an older version of acme-readme: numbers of the model before its update)"
        in superseded
    )


def test_json_says_what_was_corroborated_and_lists_superseded_values() -> None:
    data = json.loads(_report("json"))
    cell = data["rows"][0]["cells"]["mmlu"]
    assert cell["corroborated_marker"] is True
    [inherited] = cell["protocol_corroborated"]
    assert (inherited["setting"], inherited["value"], inherited["source_id"]) == ("n_shot", 5, "acme-report")
    assert [s["value"] for s in data["superseded"]] == [53.9]
    assert sorted(v["value"] for v in data["conflicts"][0]["values"]) == [55.8, 56.5, 57.5]
    assert data["unstated_disagreements"] == []


# ----------------------------------------------------------------------------- registry and store


def test_version_of_an_unregistered_source_is_a_config_error_naming_both() -> None:
    sources = parse_sources(
        '[[source]]\nid = "a"\nurl = "https://x/a"\nkind = "readme"\nversion_of = "b"\n', "f.toml"
    )
    with pytest.raises(ConfigError, match=r"f\.toml: source 'a': version_of 'b' is not a registered source"):
        check_versions(sources, "f.toml")


def test_version_of_a_version_is_refused() -> None:
    text = "".join(
        f'[[source]]\nid = "{i}"\nurl = "https://x/{i}"\nkind = "readme"\n'
        + (f'version_of = "{v}"\n' if v else "")
        for i, v in (("a", ""), ("b", "a"), ("c", "b"))
    )
    with pytest.raises(ConfigError, match="'c': version_of 'b' is itself a version of 'a'"):
        check_versions(parse_sources(text, "f.toml"), "f.toml")


def test_sources_file_with_a_dangling_version_of_exits_2(tmp_path: Path, cli: CLI) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[[source]]\nid = "a"\nurl = "https://x/a"\nkind = "readme"\nversion_of = "gone"\n')
    result = cli("--db", tmp_path / "x.duckdb", "refresh", "--sources", path)
    assert result.code == 2
    assert "version_of 'gone' is not a registered source" in result.err


def test_packaged_registry_pins_older_readmes_as_versions() -> None:
    from benchtable.scrapers.sources import load_sources

    versions = {s.id: s.version_of for s in load_sources(None) if s.version_of}
    assert versions["qwen-readme-2023-09-13"] == "qwen-readme"
    assert versions["gptq-for-llama-readme-2023-03-24"] == "gptq-for-llama-readme"


def _store(db: Database, source: Source, value: float) -> None:
    sha = hashlib.sha256(source.id.encode()).hexdigest()
    db.register_sources([source])
    doc = Document(
        source_id=source.id,
        url=source.url,
        sha256=sha,
        content_type="text/markdown",
        size=1,
        retrieved_at=datetime(2024, 1, 2, tzinfo=UTC),
    )
    record = rec(source.id, value, n_shot=5).model_copy(
        update={"citation": Citation(url=source.url, sha256=sha, locator=Locator(line=3), quote="q")}
    )
    db.save_version(doc, [record])


def test_conflicts_view_does_not_pair_two_versions_of_one_document(tmp_path: Path) -> None:
    with Database(tmp_path / "db.duckdb") as db:
        _store(db, Source(id="gptq-readme", url="https://x/main/README.md", kind=SourceKind.README), 5.09)
        old = Source(
            id="gptq-readme-old",
            url="https://x/abc/README.md",
            kind=SourceKind.README,
            version_of="gptq-readme",
        )
        _store(db, old, 5.08)
        _store(db, Source(id="third", url="https://y/README.md", kind=SourceKind.README), 5.2)
        _, rows = db.query("SELECT source_a, source_b FROM conflicts ORDER BY source_a, source_b")
    assert rows == [("gptq-readme", "third"), ("gptq-readme-old", "third")]


def test_a_database_from_before_versions_and_derivatives_reads_without_migrating(tmp_path: Path) -> None:
    """Read commands open an older file read-only (no migration): the new columns read as NULL."""
    import duckdb

    from benchtable.db.migrations import MIGRATIONS
    from benchtable.reports.sources import source_meta

    path = tmp_path / "old.duckdb"
    with Database(tmp_path / "new.duckdb") as db:
        _store(db, Source(id="card", url="https://x/card.md", kind=SourceKind.README), 55.8)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for number, sql in enumerate(MIGRATIONS[:4], start=1):
        con.execute(sql) if isinstance(sql, str) else sql(con)
        con.execute("INSERT INTO schema_version VALUES (?)", [number])
    con.execute(f"ATTACH '{tmp_path / 'new.duckdb'}' AS new (READ_ONLY)")
    for table in ("sources", "documents", "source_versions", "records"):
        columns = [r[0] for r in con.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall()]
        con.execute(f"INSERT INTO {table} SELECT {', '.join(columns)} FROM new.{table}")
    con.close()
    with Database(path, read_only=True) as db:
        [record] = db.current_records()
        meta = source_meta(db)
    assert record.base_model is None and record.value == 55.8
    assert meta["card"].version_of is None
