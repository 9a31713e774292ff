"""Blog and README comparison tables (issue 11, wave 4): a deviation set in `<sub>` after the
score and per-seed runs in parentheses, a property column under a benchmark's group header, a
dated API snapshot with a `(Chat)` qualifier.

Hand-written snippets in the shapes of model blogs and cards; each test failed on main (25cfa93)
before the rule it checks.
"""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.values import parse_cell
from benchtable.schema.records import ScoreRecord

SHA = "b" * 64
URL = "https://example.org/blog/release/index.md"


def records(text: str) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="t")
    return extract_document(doc)


def facts(found: list[ScoreRecord]) -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in found}


JUDGE_TABLE = """\
## Chat models

We report the average score over three seeds with its standard deviation.

<table>
    <tr>
        <th rowspan="2">Models</th>
        <th colspan="1">MT-Bench</th>
        <th colspan="2">AlpacaEval 2.0</th>
    </tr>
    <tr>
        <th>Avg. Score</th><th>Win Rate</th><th>Length</th>
    </tr>
    <tr>
        <td>Acme-70B-Chat</td>
        <td>8.61<sub>0.04</sub> (8.67/8.61/8.56)</td>
        <td>27.18<sub>1.30</sub></td>
        <td>1600</td>
    </tr>
</table>
"""


def test_subscript_deviation_and_seed_runs_leave_the_score_before_them() -> None:
    found = facts(records(JUDGE_TABLE))
    assert ("acme-70b-chat", "mt_bench", 8.61) in found
    assert ("acme-70b-chat", "alpacaeval2", 27.18) in found


def test_length_column_under_a_benchmark_group_is_not_a_score() -> None:
    found = records(JUDGE_TABLE)
    assert all(r.value != 1600 for r in found), [(r.benchmark, r.value) for r in found]


def test_subscript_deviation_in_a_pipe_table_cell() -> None:
    assert [v.value for v in parse_cell("7.60<sub>0.05</sub>") or []] == [7.6]
    assert [v.value for v in parse_cell("54.2 / 60.1") or []] == [54.2, 60.1]  # still two values
    assert parse_cell("H<sub>2</sub>O") is None  # a subscript not after a number is no deviation


DATED_SNAPSHOT = """\
| Benchmark | Acme-3.5-mini-instruct | GPT-4o-mini-2024-07-18 (Chat) | Llama-2-70B (Chat) |
|---|---|---|---|
| MGSM | 47.9 | 81.7 | 40.1 |
"""


def test_chat_qualifier_of_a_dated_api_snapshot_is_not_part_of_its_id() -> None:
    found = facts(records(DATED_SNAPSHOT))
    assert ("gpt-4o-mini-2024-07-18", "mgsm", 81.7) in found
    assert ("llama-2-70b-chat", "mgsm", 40.1) in found  # an open model's `(Chat)` names its variant


LONG_CONTEXT_TASKS = """\
## Long context

We evaluated the models on the [L-Eval benchmark](https://github.com/example/leval), which
measures answers grounded in a long context. The results are shown below:

| Models            | Coursera |  GSM  | QuALITY | Avg. |
| :---------------- | :------: | :---: | :-----: | :---: |
| Acme-7B-Chat      |  59.74  | 60.00 |  64.36  | 61.37 |
| Acme-14B-Chat     |  69.04  | 79.00 |  74.75  | 74.26 |
"""


def test_task_columns_of_a_benchmark_named_in_the_lead_in_are_its_parts() -> None:
    found = facts(records(LONG_CONTEXT_TASKS))
    assert ("acme-7b-chat", "l_eval_coursera", 59.74) in found
    assert ("acme-7b-chat", "l_eval_quality", 64.36) in found
    assert ("acme-14b-chat", "l_eval", 74.26) in found  # the average over its tasks
    assert not any(b in {"coursera", "average"} for _, b, _ in found)


LISTED_AND_UNKNOWN = """\
We evaluated the models on the X-Bench benchmark and on MMLU:

| Models       | MMLU | Coursera |
| :----------- | :--: | :------: |
| Acme-7B-Chat | 61.0 | 59.74    |
| Acme-14B-Chat | 67.6 | 69.04   |
"""


def test_a_table_naming_a_listed_benchmark_keeps_its_unknown_columns_as_printed() -> None:
    found = facts(records(LISTED_AND_UNKNOWN))
    assert ("acme-7b-chat", "mmlu", 61.0) in found
    assert ("acme-7b-chat", "coursera", 59.74) in found


def values(text: str) -> list[float] | None:
    parsed = parse_cell(text)
    return None if parsed is None else [v.value for v in parsed]


def test_medal_and_arrow_beside_a_leaderboard_value_leave_the_value() -> None:
    assert values("🥇 85.5") == [85.5]
    assert values("85.5 🥈") == [85.5]
    assert values("85.5 ↑") == [85.5]


def test_rank_in_parentheses_after_a_value_is_no_part_of_it() -> None:
    assert values("85.5 (1st)") == [85.5]
    assert values("85.5 (#2)") == [85.5]


def test_confidence_interval_in_the_score_cell_leaves_the_score() -> None:
    assert values("85.5 (-2.0, +1.9)") == [85.5]
    assert values("85.5 (95% CI: 84.1-86.9)") == [85.5]
    assert values("70.2 (2.6x)") is None  # a ratio to a baseline is not an interval


def test_value_typeset_in_latex_in_a_markdown_cell() -> None:
    assert values("$\\underline{85.5}$") == [85.5]
    assert values("\\textbf{71.2}") == [71.2]


LEADERBOARD = """\
| Model | Arena-Hard |
|---|---|
| Acme-70B-Chat | 🥇 85.5 (-2.0, +1.9) |
| Acme-7B-Chat | 60.1 (-1.7, +1.8) |
"""


def test_decorated_leaderboard_cells_become_records() -> None:
    found = facts(records(LEADERBOARD))
    assert ("acme-70b-chat", "arena_hard", 85.5) in found
    assert ("acme-7b-chat", "arena_hard", 60.1) in found


QUANTITY_AVERAGE = """\
Weights are quantized to an average of 4 bits with mixed precision.

| Model | batch=1 | batch=4 |
|---|---|---|
| Acme-7B | 31.2 | 98.4 |
"""


def test_an_average_of_n_bits_in_the_lead_in_names_no_benchmark() -> None:
    found = facts(records(QUANTITY_AVERAGE))
    assert not any(b == "average" for _, b, _ in found), found
