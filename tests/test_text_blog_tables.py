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
    # a ratio to a baseline is not an interval but a delta: the score is the number before it
    assert values("70.2 (2.6x)") == [70.2]


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


FOOTNOTE_MARKED_HEADERS = """\
| Model | ARC Challenge✱ | TruthfulQA▲ | MMLU† |
|---|---|---|---|
| Acme-7B | 40.53 | 36.46 | 52.1 |

✱ normalized accuracy; ▲ mc2; † 5-shot.
"""


def test_footnote_marks_after_a_benchmark_header_leave_the_benchmark() -> None:
    found = facts(records(FOOTNOTE_MARKED_HEADERS))
    assert {b for _, b, _ in found} == {"arc_challenge", "truthfulqa", "mmlu"}


CONSENSUS_METRIC = """\
| Model | AIME 2024 pass@1 | AIME 2024 cons@64 |
|---|---|---|
| Acme-R1 | 79.8 | 86.7 |
"""


def test_cons_at_k_in_a_header_is_the_metric_not_part_of_the_benchmark() -> None:
    found = records(CONSENSUS_METRIC)
    assert {(r.benchmark, r.protocol.metric, r.value) for r in found} == {
        ("aime2024", "pass@1", 79.8),
        ("aime2024", "cons@64", 86.7),
    }


LINKED_SUITE = """\
To verify long text understanding, we tested the chat models on [L-Eval](https://arxiv.org/abs/2307.11088)
(closed-ended tasks). The results are as follows:

| Model | Average | Coursera | QuALITY |
|:--|:-:|:-:|:-:|
| Acme-72B-Chat | 62.30 | 58.13 | 76.00 |
| Acme-7B-Chat | 52.10 | 49.00 | 60.20 |
"""


def test_a_linked_benchmark_name_in_the_lead_in_names_the_tasks_suite() -> None:
    found = facts(records(LINKED_SUITE))
    assert ("acme-72b-chat", "l_eval", 62.3) in found
    assert ("acme-72b-chat", "l_eval_coursera", 58.13) in found


SETTINGS_ON_A_DEVICE = """\
Decode speed of the models on [H800](https://example.org/gpu) at each batch size:

| Model | batch=1 | batch=4 |
|---|---|---|
| Acme-7B | 31.2 | 98.4 |
| Acme-14B | 20.5 | 71.0 |
"""


def test_setting_columns_are_never_read_as_tasks_of_a_named_suite() -> None:
    found = facts(records(SETTINGS_ON_A_DEVICE))
    assert not any(b.startswith("h800") for _, b, _ in found), found


def test_an_organisation_before_a_reasoning_model_name_is_dropped() -> None:
    table = "| Model | GPQA |\n|---|---|\n| OpenAI o1-mini | 60.0 |\n| OpenAI o1-1217 | 75.7 |\n"
    found = facts(records(table))
    assert ("o1-mini", "gpqa", 60.0) in found
    assert ("o1-1217", "gpqa", 75.7) in found


STACKED_SUB_TABLES = """\
We assess the chat models on [XRAG](https://example.org/xrag), a retrieval benchmark:

<table>
    <tr><th colspan="3">XRAG English Benchmark for Retrieval</th></tr>
    <tr><th>Models</th><th>Noise 0.8 (Acc.↑)</th><th>Rejection 1.0 (Acc.↑)</th></tr>
    <tr><td>Acme-7B-Chat</td><td>77.67</td><td>25.00</td></tr>
    <tr><td>Acme-14B-Chat</td><td>80.67</td><td>24.00</td></tr>
    <tr><th colspan="3">XRAG Chinese Benchmark for Retrieval</th></tr>
    <tr><th>Models</th><th>Noise 0.8 (Acc.↑)</th><th>Rejection 1.0 (Acc.↑)</th></tr>
    <tr><td>Acme-7B-Chat</td><td>71.00</td><td>10.33</td></tr>
    <tr><td>Acme-14B-Chat</td><td>75.00</td><td>16.67</td></tr>
</table>
"""


def test_stacked_sub_tables_each_read_under_their_own_title_and_header() -> None:
    found = facts(records(STACKED_SUB_TABLES))
    assert ("acme-7b-chat", "xrag_en_noise", 77.67) in found
    assert ("acme-7b-chat", "xrag_zh_noise", 71.0) in found
    assert ("acme-14b-chat", "xrag_zh_rejection", 16.67) in found
    assert len(found) == 8


DIFFERENT_SUB_HEADER = """\
| Models | MMLU | GSM8K |
|---|---|---|
| Acme-7B | 61.0 | 62.5 |
| Models | HumanEval | MBPP |
| Acme-7B | 36.0 | 37.4 |
"""


def test_a_repeated_header_row_with_other_benchmarks_starts_a_new_table() -> None:
    found = facts(records(DIFFERENT_SUB_HEADER))
    assert ("acme-7b", "humaneval", 36.0) in found
    assert ("acme-7b", "mbpp", 37.4) in found
    assert not any(b in {"mmlu", "gsm8k"} and v in {36.0, 37.4} for _, b, v in found)


TITLED_SUITE = """\
<table>
    <tr><th colspan="4">Code Runner Benchmark (Version 20240101)</th></tr>
    <tr><th>Models</th><th>Math↑</th><th>Plotting-Hard↑</th><th>Plotting-Easy↑</th></tr>
    <tr><td>Acme-7B-Chat</td><td>54.0</td><td>35.7</td><td>36.7</td></tr>
    <tr><td>Acme-14B-Chat</td><td>62.1</td><td>46.4</td><td>48.1</td></tr>
</table>
"""


def test_a_title_row_naming_a_benchmark_makes_the_columns_its_tasks() -> None:
    found = facts(records(TITLED_SUITE))
    assert ("acme-7b-chat", "code_runner_math", 54.0) in found  # its Math task, not the category
    assert ("acme-14b-chat", "code_runner_plotting_hard", 46.4) in found


SELF_NAMED_TASKS = """\
<table>
    <tr><th colspan="3">Tool-Use Benchmark</th></tr>
    <tr><th>Models</th><th>Tool Selection (Acc.↑)</th><th>Tool Input (Rouge-L↑)</th></tr>
    <tr><td>Acme-7B-Chat</td><td>95.83</td><td>89.48</td></tr>
    <tr><td>Acme-14B-Chat</td><td>93.06</td><td>88.74</td></tr>
</table>
"""


def test_task_labels_repeating_the_suite_word_keep_their_own_ids() -> None:
    found = facts(records(SELF_NAMED_TASKS))
    assert ("acme-7b-chat", "tool_selection", 95.83) in found
    assert ("acme-14b-chat", "tool_input", 88.74) in found


CENTERED_TABLE = """\
## Evaluation

The instruction-tuned models compared with other chat models:

<div align="center">

| Model | MMLU |
|---|---|
| Llama 2 7B | 47.0 |

</div>
"""


def test_the_lead_in_above_a_centered_wrapper_still_reaches_the_table() -> None:
    from benchtable.extract import read_tables

    doc = DocumentInput(CENTERED_TABLE.encode(), "text/markdown", URL, SHA, source_id="t")
    (table,) = read_tables(doc)
    assert table.context.startswith("The instruction-tuned models")


PROBLEM_WINDOW = """\
| Datasets | Acme-72B-Instruct |
| :-- | :-: |
| LiveCodeBench 0831 | 34.2 |
| LiveBench 2407-2409 | 52.3 |
| AIME 2025 | 12.0 |
"""


def test_a_problem_window_after_a_listed_benchmark_is_its_setting_not_its_name() -> None:
    found = {(r.benchmark, r.protocol.details, r.value) for r in records(PROBLEM_WINDOW)}
    assert ("livecodebench", "0831", 34.2) in found
    assert ("livebench", "2407-2409", 52.3) in found
    assert not any(b.startswith("aime2024") for b, _, _ in found)  # a year names another edition


def test_an_lc_qualifier_names_the_length_controlled_variant() -> None:
    # one number under both spellings (two would be a conflict, skipped: tests/test_paper_conflicts.py)
    table = "| Model | AlpacaEval 2.0 (LC Win Rate) | AlpacaEval2.0 (LC-winrate) |\n|---|---|---|\n| Acme-7B-Chat | 30.1 | 30.1 |\n"
    got = records(table)
    assert {(b, v) for _, b, v in facts(got)} == {("alpacaeval2_lc", 30.1)}
    assert len(got) == 2


NOTE_BELOW = """\
<div align="center">

| Model | Arena-Hard | AlpacaEval 2.0 |
|-------|------------|----------------|
| Acme-V3 | 85.5 | 70.0 |

</div>

> [!NOTE]
> Open-ended evaluations. For AlpacaEval 2.0, we use the length-controlled win rate as the metric.
"""


def test_a_note_below_the_table_naming_the_length_controlled_metric_names_the_variant() -> None:
    found = facts(records(NOTE_BELOW))
    assert ("acme-v3", "alpacaeval2_lc", 70.0) in found
    assert ("acme-v3", "arena_hard", 85.5) in found  # the note names no other benchmark
