"""records_from_table / extract_document: tables in the shape of real model cards to cited records."""

from __future__ import annotations

from typing import Any

import pytest

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.readers.html import read_html_tables
from benchtable.extract.readers.markdown import read_pipe_tables, scan_markdown
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import Configuration, Scale, ScoreRecord

SHA = "c" * 64
URL = "https://example.org/card/README.md"


def doc(text: str, model: str | None = None, **hints: Any) -> DocumentInput:
    return DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="card", model=model, hints=hints)


def md_records(text: str, model: str | None = None, **hints: Any) -> list[ScoreRecord]:
    d = doc(text, model, **hints)
    out: list[ScoreRecord] = []
    for table in read_pipe_tables(scan_markdown(text)):
        out.extend(records_from_table(table, d))
    return out


def html_records(text: str, model: str | None = None) -> list[ScoreRecord]:
    d = doc(text, model)
    out: list[ScoreRecord] = []
    for table in read_html_tables(scan_markdown(text)):
        out.extend(records_from_table(table, d))
    return out


def facts(records: list[ScoreRecord]) -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in records}


def find(records: list[ScoreRecord], model: str, benchmark: str) -> ScoreRecord:
    (r,) = [r for r in records if r.model == model and r.benchmark == benchmark]
    return r


NORMAL = """\
# Evaluation

| Model | MMLU (5-shot) | GSM8K | HumanEval |
|---|---|---|---|
| Qwen-7B | **56.7** | 51.6 | 24.4 |
| LLaMA-7B | 35.1 | - | 10.5* |
"""


def test_normal_orientation_rows_are_models() -> None:
    assert facts(md_records(NORMAL)) == {
        ("qwen-7b", "mmlu", 56.7),
        ("qwen-7b", "gsm8k", 51.6),
        ("qwen-7b", "humaneval", 24.4),
        ("llama-7b", "mmlu", 35.1),
        ("llama-7b", "humaneval", 10.5),
    }


def test_gap_cell_gives_no_record() -> None:
    assert not [r for r in md_records(NORMAL) if r.model == "llama-7b" and r.benchmark == "gsm8k"]


def test_raw_is_the_cell_verbatim() -> None:
    recs = md_records(NORMAL)
    assert find(recs, "qwen-7b", "mmlu").raw == "**56.7**"
    assert find(recs, "llama-7b", "humaneval").raw == "10.5*"


def test_citation_locator_line_table_row_column() -> None:
    r = find(md_records(NORMAL), "llama-7b", "humaneval")
    loc = r.citation.locator
    assert (loc.line, loc.table, loc.row, loc.column) == (6, 0, 2, 3)
    assert r.citation.url == URL
    assert r.citation.sha256 == SHA
    assert r.source_id == "card"


def test_quote_holds_the_row_label_header_and_cell() -> None:
    quote = find(md_records(NORMAL), "qwen-7b", "mmlu").citation.quote
    assert "Qwen-7B" in quote
    assert "MMLU (5-shot)" in quote
    assert "**56.7**" in quote


def test_model_label_as_printed() -> None:
    r = find(md_records(NORMAL), "qwen-7b", "mmlu")
    assert r.model_label == "Qwen-7B"
    assert r.benchmark_label == "MMLU (5-shot)"


def test_protocol_from_the_header() -> None:
    recs = md_records(NORMAL)
    assert find(recs, "qwen-7b", "mmlu").protocol.n_shot == 5
    assert find(recs, "qwen-7b", "gsm8k").protocol.n_shot is None


def test_percent_scale_for_scores_out_of_100() -> None:
    assert {r.scale for r in md_records(NORMAL)} == {Scale.PERCENT}


TRANSPOSED = """\
| Benchmark | Qwen-7B | LLaMA-7B |
|---|---|---|
| MMLU | 56.7 | 35.1 |
| HellaSwag (10-shot) | 78.1 | 76.1 |
| GSM8K (8-shot, CoT) | 51.6 | 11.0 |
"""


def test_transposed_orientation_rows_are_benchmarks() -> None:
    assert facts(md_records(TRANSPOSED)) == {
        ("qwen-7b", "mmlu", 56.7),
        ("llama-7b", "mmlu", 35.1),
        ("qwen-7b", "hellaswag", 78.1),
        ("llama-7b", "hellaswag", 76.1),
        ("qwen-7b", "gsm8k", 51.6),
        ("llama-7b", "gsm8k", 11.0),
    }


def test_transposed_protocol_from_the_row_label() -> None:
    recs = md_records(TRANSPOSED)
    assert find(recs, "llama-7b", "hellaswag").protocol.n_shot == 10
    gsm = find(recs, "qwen-7b", "gsm8k").protocol
    assert (gsm.n_shot, gsm.cot) == (8, True)


def test_transposed_locator() -> None:
    loc = find(md_records(TRANSPOSED), "llama-7b", "hellaswag").citation.locator
    assert (loc.line, loc.row, loc.column) == (4, 2, 2)


SIZES = """\
| Model | Size | MMLU | TriviaQA |
|---|---|---|---|
| Llama 2 | 7B | 45.3 | 68.9 |
| | 13B | 54.8 | 73.1 |
| MPT | 7B | 26.8 | 59.6 |
"""


def test_model_and_size_columns_are_joined() -> None:
    recs = md_records(SIZES)
    assert find(recs, "llama-2-7b", "mmlu").value == 45.3
    assert find(recs, "mpt-7b", "triviaqa").value == 59.6


def test_family_label_is_carried_to_continuation_rows() -> None:
    r = find(md_records(SIZES), "llama-2-13b", "mmlu")
    assert r.value == 54.8
    assert r.model_label == "Llama 2 13B"
    assert r.citation.locator.line == 4


def test_size_only_rows_under_a_family_heading() -> None:
    text = "### Qwen\n\n| Size | MMLU | GSM8K |\n|---|---|---|\n| 7B | 55.8 | 50.3 |\n| 14B | 66.3 | 60.1 |\n"
    assert facts(md_records(text)) == {
        ("qwen-7b", "mmlu", 55.8),
        ("qwen-7b", "gsm8k", 50.3),
        ("qwen-14b", "mmlu", 66.3),
        ("qwen-14b", "gsm8k", 60.1),
    }


def test_bare_sizes_completed_with_the_family_of_the_cards_model() -> None:
    text = "| Model | MMLU | GSM8K |\n|---|---|---|\n| 7B | 55.8 | 50.3 |\n| 14B | 66.3 | 60.1 |\n"
    assert {r.model for r in md_records(text, model="Qwen-7B")} == {"qwen-7b", "qwen-14b"}


def test_no_known_benchmark_and_no_known_model_yields_nothing() -> None:
    text = "| Name | Foo | Bar |\n|---|---|---|\n| Alpha | 1.0 | 2.0 |\n| Beta | 3.0 | 4.0 |\n"
    assert md_records(text) == []


def test_unknown_benchmarks_of_known_models_keep_their_labels() -> None:
    text = "| Model | Foo Bench | Bar |\n|---|---|---|\n| Qwen-7B | 1.0 | 2.0 |\n| LLaMA-7B | 3.0 | 4.0 |\n"
    got = {(r.model, r.benchmark, r.benchmark_label, r.value) for r in md_records(text)}
    assert ("qwen-7b", "foo_bench", "Foo Bench", 1.0) in got
    assert ("llama-7b", "bar", "Bar", 4.0) in got


def test_parameters_table_yields_nothing() -> None:
    text = """\
| Model | Params | Layers | Context Length | Tokens | Release Date |
|---|---|---|---|---|---|
| Qwen-7B | 7.7 | 32 | 8192 | 2.4 | 2023.08 |
| LLaMA-7B | 6.7 | 32 | 2048 | 1.0 | 2023.02 |
"""
    assert md_records(text) == []


def test_non_score_columns_next_to_scores_give_no_records() -> None:
    text = """\
| Rank | Model | Arena Elo | 95% CI | Votes | Release Date |
|---|---|---|---|---|---|
| 1 | GPT-4 | 1250 | +5/-4 | 12345 | 2023-03 |
| 2 | Claude 2 | 1120 | +6/-6 | 8000 | 2023-07 |
"""
    recs = md_records(text)
    assert facts(recs) == {("gpt-4", "chatbot_arena_elo", 1250.0), ("claude-2", "chatbot_arena_elo", 1120.0)}


def test_delta_column_gives_no_records() -> None:
    text = "| Model | MMLU | Δ |\n|---|---|---|\n| Qwen-7B | 56.7 | +2.1 |\n"
    assert facts(md_records(text)) == {("qwen-7b", "mmlu", 56.7)}


def test_stderr_column_next_to_its_benchmark_gives_no_record() -> None:
    text = "| Model | MMLU | MMLU stderr |\n|---|---|---|\n| Qwen-7B | 56.7 | 0.4 |\n"
    assert facts(md_records(text)) == {("qwen-7b", "mmlu", 56.7)}


def test_unknown_benchmark_next_to_a_known_one_keeps_its_label() -> None:
    text = "| Model | MMLU | Quux Bench QA |\n|---|---|---|\n| Qwen-7B | 56.7 | 12.3 |\n"
    r = find(md_records(text), "qwen-7b", "quux_bench_qa")
    assert r.benchmark_label == "Quux Bench QA"
    assert r.value == 12.3


def test_benchmark_aliases_in_headers() -> None:
    text = """\
| Model | ARC-C | arc_challenge | HellaSwag (10-shot) | HumanEval pass@1 |
|---|---|---|---|---|
| A-7B | 51.0 | 51.0 | 78.0 | 30.5 |
"""
    # (two numbers under one key would be a conflict, skipped: tests/test_paper_conflicts.py)
    recs = md_records(text)
    assert sorted(r.benchmark for r in recs) == ["arc_challenge", "arc_challenge", "hellaswag", "humaneval"]
    assert find(recs, "a-7b", "humaneval").protocol.metric == "pass@1"


def test_protocol_from_a_shots_column() -> None:
    text = """\
| Model | Shots | MMLU | GSM8K |
|---|---|---|---|
| Qwen-7B | 5 | 56.7 | 51.6 |
| Qwen-7B | 0 | 50.1 | 30.0 |
"""
    recs = md_records(text)
    assert {(r.value, r.protocol.n_shot) for r in recs} == {(56.7, 5), (51.6, 5), (50.1, 0), (30.0, 0)}
    assert all(r.citation.locator.column != 1 for r in recs)


def test_protocol_from_the_paragraph_above() -> None:
    text = "All results are 5-shot.\n\n| Model | MMLU | BoolQ |\n|---|---|---|\n| Qwen-7B | 56.7 | 70.2 |\n"
    assert {r.protocol.n_shot for r in md_records(text)} == {5}


def test_protocol_does_not_leak_from_the_table_above() -> None:
    text = """\
| Benchmark | Qwen-7B |
|---|---|
| MMLU (5-shot) | 56.7 |

| Model | GSM8K |
|---|---|
| Qwen-7B | 51.6 |
"""
    gsm = find(md_records(text), "qwen-7b", "gsm8k")
    assert gsm.protocol.n_shot is None


def test_configuration_from_model_labels() -> None:
    text = """\
| Model | MMLU | GSM8K |
|---|---|---|
| Qwen-7B-Chat (BF16) | 55.8 | 50.3 |
| Qwen-7B-Chat (Int4) | 55.1 | 48.9 |
| LLaMA-13B q4_0 | 46.2 | - |
"""
    recs = md_records(text)
    assert find(recs, "llama-13b", "mmlu").configuration == Configuration(
        quant_method="llama.cpp", bits=4.0, quant_format="q4_0"
    )
    qwen = {(r.configuration, r.value) for r in recs if r.model == "qwen-7b-chat" and r.benchmark == "mmlu"}
    assert qwen == {
        (Configuration(precision="bf16"), 55.8),
        (Configuration(bits=4.0, quant_format="int4"), 55.1),
    }


def test_quant_method_hint_fills_a_bare_bit_width() -> None:
    text = "| Model | MMLU |\n|---|---|\n| Qwen-7B-Chat (Int4) | 55.1 |\n"
    (r,) = md_records(text, quant_method="gptq")
    assert r.configuration == Configuration(quant_method="gptq", bits=4.0, quant_format="int4")


def test_configuration_from_a_precision_column() -> None:
    text = "| Model | Precision | MMLU |\n|---|---|---|\n| Qwen-7B-Chat | BF16 | 55.8 |\n| Qwen-7B-Chat | Int4 | 55.1 |\n"
    recs = md_records(text)
    assert {(r.model, r.configuration, r.value) for r in recs} == {
        ("qwen-7b-chat", Configuration(precision="bf16"), 55.8),
        ("qwen-7b-chat", Configuration(bits=4.0, quant_format="int4"), 55.1),
    }


def test_bits_and_group_size_columns() -> None:
    text = "| Model | Bits | Group size | Wikitext2 |\n|---|---|---|---|\n| LLaMA-7B | 4 | 128 | 6.09 |\n"
    (r,) = md_records(text)
    assert r.model == "llama-7b"
    assert (r.configuration.bits, r.configuration.group_size) == (4.0, 128)
    assert r.benchmark == "wikitext2_ppl"
    assert r.scale is Scale.PERPLEXITY


def test_two_values_in_a_cell_under_a_split_header() -> None:
    text = "| Model | MMLU / CMMLU | HumanEval |\n|---|---|---|\n| Qwen-7B | 54.2 / 60.1 | 24.4 |\n"
    recs = [r for r in md_records(text) if r.benchmark != "humaneval"]
    assert facts(recs) == {("qwen-7b", "mmlu", 54.2), ("qwen-7b", "cmmlu", 60.1)}
    assert {r.raw for r in recs} == {"54.2 / 60.1"}
    assert {r.citation.locator.column for r in recs} == {1}


def test_split_header_alone_names_its_benchmarks() -> None:
    text = "| Model | MMLU / CMMLU |\n|---|---|\n| Qwen-7B | 54.2 / 60.1 |\n"
    assert facts(md_records(text)) == {("qwen-7b", "mmlu", 54.2), ("qwen-7b", "cmmlu", 60.1)}


def test_bound_is_flagged_on_the_record() -> None:
    text = "| Model | MMLU | Memory |\n|---|---|---|\n| Qwen-7B | 56.7 | >80GiB |\n"
    r = find(md_records(text), "qwen-7b", "gpu_memory")
    assert (r.value, r.bound, r.scale) == (80.0, ">", Scale.GB)


def test_fraction_scale_for_values_up_to_one() -> None:
    text = (
        "| Model | ARC-C | HellaSwag |\n|---|---|---|\n| A-7B | 0.512 | 0.771 |\n| B-7B | 0.488 | 0.760 |\n"
    )
    recs = md_records(text)
    assert {r.scale for r in recs} == {Scale.FRACTION}
    assert find(recs, "b-7b", "hellaswag").value == 0.76


def test_percent_sign_gives_percent_scale() -> None:
    text = "| Model | MMLU |\n|---|---|\n| Qwen-7B | 0.5% |\n"
    (r,) = md_records(text)
    assert r.scale is Scale.PERCENT


def test_key_value_table_uses_the_cards_model() -> None:
    text = "| Task | Score |\n|---|---|\n| MMLU | 55.8 |\n| GSM8K | 50.3 |\n"
    assert facts(md_records(text, model="Qwen-7B")) == {("qwen-7b", "mmlu", 55.8), ("qwen-7b", "gsm8k", 50.3)}


def test_printed_average_column() -> None:
    text = "| Model | MMLU | Avg. |\n|---|---|---|\n| Qwen-7B | 56.7 | 60.0 |\n"
    assert find(md_records(text), "qwen-7b", "average").value == 60.0


HTML_LLAMA3 = """\
## Base pretrained models

<table>
  <tr>
    <th>Category</th>
    <th>Benchmark</th>
    <th colspan="2">Llama 3</th>
  </tr>
  <tr>
    <th></th><th></th><th>8B</th><th>70B</th>
  </tr>
  <tr>
    <td rowspan="2">General</td>
    <td>MMLU (5-shot)</td>
    <td>66.6</td>
    <td>79.5</td>
  </tr>
  <tr>
    <td>CommonSenseQA (7-shot)</td>
    <td>72.6</td>
    <td>83.8</td>
  </tr>
</table>
"""


def test_html_transposed_with_family_colspan_over_sizes() -> None:
    recs = html_records(HTML_LLAMA3)
    assert facts(recs) == {
        ("llama-3-8b", "mmlu", 66.6),
        ("llama-3-70b", "mmlu", 79.5),
        ("llama-3-8b", "commonsenseqa", 72.6),
        ("llama-3-70b", "commonsenseqa", 83.8),
    }
    assert find(recs, "llama-3-70b", "commonsenseqa").protocol.n_shot == 7


def test_html_cells_are_cited_on_their_own_lines() -> None:
    recs = html_records(HTML_LLAMA3)
    assert find(recs, "llama-3-8b", "mmlu").citation.locator.line == 15
    assert find(recs, "llama-3-70b", "commonsenseqa").citation.locator.line == 21


def test_html_multi_line_cell_is_cited_on_the_line_of_the_number() -> None:
    text = HTML_LLAMA3.replace("    <td>79.5</td>\n", "    <td>\n      79.5\n    </td>\n")
    r = find(html_records(text), "llama-3-70b", "mmlu")
    assert text.splitlines()[(r.citation.locator.line or 0) - 1].strip() == "79.5"


def test_html_br_cell_holds_two_values() -> None:
    text = """\
<table>
<tr><th>Model</th><th>MMLU / CMMLU</th><th>HumanEval</th></tr>
<tr><td>Qwen-7B</td><td>54.2<br>60.1</td><td>24.4</td></tr>
</table>
"""
    assert facts(html_records(text)) == {
        ("qwen-7b", "mmlu", 54.2),
        ("qwen-7b", "cmmlu", 60.1),
        ("qwen-7b", "humaneval", 24.4),
    }


def test_html_value_inside_a_link() -> None:
    text = """\
<table>
<tr><th>Model</th><th>MMLU</th><th>GSM8K</th></tr>
<tr><td>Qwen-7B</td><td><a href="https://arxiv.org/abs/2309.16609">56.7</a></td><td>51.6</td></tr>
</table>
"""
    assert facts(html_records(text)) == {("qwen-7b", "mmlu", 56.7), ("qwen-7b", "gsm8k", 51.6)}


def test_hand_built_table() -> None:
    table = Table(
        rows=[
            [Cell("Model", "Model", line=10), Cell("MMLU", "MMLU", line=10)],
            [Cell("Qwen-7B", "Qwen-7B", line=12), Cell("56.7", "**56.7**", line=12)],
        ],
        index=3,
    )
    (r,) = records_from_table(table, doc(""))
    assert (r.model, r.benchmark, r.value, r.raw) == ("qwen-7b", "mmlu", 56.7, "**56.7**")
    loc = r.citation.locator
    assert (loc.line, loc.table, loc.row, loc.column) == (12, 3, 1, 1)


def test_header_only_table_yields_nothing() -> None:
    table = Table(rows=[[Cell("Model", "Model"), Cell("MMLU", "MMLU")]])
    assert records_from_table(table, doc("")) == []


def test_extract_document_reads_pipe_html_and_model_index() -> None:
    text = """\
---
model-index:
- name: Qwen-7B
  results:
  - dataset:
      name: MMLU
      type: mmlu
    metrics:
    - type: acc
      value: 58.2
---

# Qwen-7B

| Model | GSM8K |
|---|---|
| Qwen-7B | 51.6 |

<table>
<tr><th>Model</th><th>HumanEval</th></tr>
<tr><td>Qwen-7B</td><td>24.4</td></tr>
</table>

<!--
| Model | MBPP |
|---|---|
| Qwen-7B | 99.9 |
-->
"""
    recs = extract_document(doc(text))
    assert facts(recs) == {
        ("qwen-7b", "mmlu", 58.2),
        ("qwen-7b", "gsm8k", 51.6),
        ("qwen-7b", "humaneval", 24.4),
    }
    assert [r.citation.locator.line for r in recs] == [10, 17, 21]
    assert [r.citation.locator.table for r in recs if r.benchmark != "mmlu"] == [0, 1]


def test_extract_document_unknown_content_type() -> None:
    d = DocumentInput(b"x", "application/x-nothing", URL, SHA)
    with pytest.raises(DocumentError):
        extract_document(d)


def test_extract_document_is_deterministic() -> None:
    d = doc(NORMAL)
    assert [r.record_id() for r in extract_document(d)] == [r.record_id() for r in extract_document(d)]


def test_configurations_across_with_the_model_down_the_rows() -> None:
    text = """\
| Model | Measure | F16 | Q4_0 | Q8_0 |
|---|---|---|---|---|
| 7B | perplexity | 5.91 | 6.16 | 5.91 |
| 7B | file size | 13.0G | 3.5G | 6.7G |
| 7B | ms/tok @ 4th | 127 | 55 | 72 |

The perplexity above is measured on wikitext2 with a context length of 512.
"""
    records = md_records(text, family="LLaMA")
    got = {(r.model, r.configuration.quant_format, r.benchmark, r.value) for r in records}
    assert ("llama-7b", "q4_0", "wikitext2_ppl", 6.16) in got
    assert ("llama-7b", None, "wikitext2_ppl", 5.91) in got
    assert ("llama-7b", "q8_0", "decode_latency", 72.0) in got
    assert not any(r.benchmark.startswith("file") for r in records)
    ppl = next(r for r in records if r.benchmark == "wikitext2_ppl")
    assert ppl.protocol.context_length == 512
    latency = next(r for r in records if r.benchmark == "decode_latency")
    assert latency.protocol.details == "ms/tok @ 4th"


def test_configuration_in_a_column_header() -> None:
    text = """\
| Model | AWQ 4bit Speed (ms/token) | FP16 Speed (ms/token) |
|---|---|---|
| Llama-2-7B | 8.66 | 19.97 |
"""
    got = {
        (r.configuration.quant_method, r.configuration.bits, r.benchmark, r.value) for r in md_records(text)
    }
    assert got == {("awq", 4.0, "decode_latency", 8.66), (None, None, "decode_latency", 19.97)}


def test_unnamed_columns_of_tokens_per_second_are_decode_speed_on_that_hardware() -> None:
    text = """\
| Model | Mode | Size | 3090Ti | 4090 |
|---|---|---|---|---|
| Llama | GPTQ | 7B | 181 t/s | 205 t/s |
| Llama2 | EXL2 4.0 bpw | 7B | 185 t/s | 211 t/s |
"""
    got = {
        (r.model, r.configuration.quant_method, r.configuration.bits, r.value, r.protocol.details)
        for r in md_records(text)
        if r.benchmark == "decode_speed"
    }
    assert ("llama-7b", "gptq", None, 181.0, "3090Ti") in got
    assert ("llama-2-7b", "exl2", 4.0, 211.0, "4090") in got


def test_instruction_tuned_heading_names_the_variant() -> None:
    text = """\
### Instruction tuned models

| Benchmark | Llama 2 7B | Llama 2 70B |
|---|---|---|
| MMLU (5-shot) | 34.1 | 52.9 |
"""
    assert {r.model for r in md_records(text)} == {"llama-2-7b-chat", "llama-2-70b-chat"}


def test_models_across_the_header_with_an_unregistered_benchmark_down() -> None:
    text = """\
| Model | Foo-13B-Chat | Bar-7B | GPT-4 |
|---|---|---|---|
| Hungarian Exam | 58 | 36.5 | 68 |
"""
    got = {(r.model, r.benchmark, r.value) for r in md_records(text)}
    assert got == {
        ("foo-13b-chat", "hungarian_exam", 58.0),
        ("bar-7b", "hungarian_exam", 36.5),
        ("gpt-4", "hungarian_exam", 68.0),
    }


def test_setting_column_goes_to_the_protocol_and_the_heading_names_the_model() -> None:
    text = """\
# Math results of Foo LLM 67B Chat

|Inference|GSM8k|MATH|
| --- | --- | --- |
|CoT|84.1%|32.6%|
|Tool-Integrated Reasoning|86.7%|51.1%|
"""
    records = md_records(text)
    assert {r.model for r in records} == {"foo-llm-67b-chat"}
    cot = find([r for r in records if r.protocol.details == "CoT"], "foo-llm-67b-chat", "gsm8k")
    assert (cot.value, cot.protocol.cot) == (84.1, True)


def test_section_states_the_method_and_group_size_of_quantized_rows() -> None:
    text = """\
## AWQ

Through 4-bit weight quantization, AWQ runs larger models. All benchmarks use group_size 128.

| Model | Bits | Speed (ms/token) |
|---|---|---|
| vicuna-7b | 16 | 26.06 |
| vicuna-7b | 4 | 12.43 |
"""
    got = {
        (r.configuration.quant_method, r.configuration.bits, r.configuration.group_size, r.value)
        for r in md_records(text)
    }
    assert got == {(None, None, None, 26.06), ("awq", 4.0, 128, 12.43)}


def test_release_dates_are_not_part_of_model_names() -> None:
    text = """\
| Date | HF Checkpoint | Tokens | Commonsense Avg |
|---|---|---|---|
| 2023-09-01 | Pythia-1.0B | 300B | 48.30 |
| 2023-09-04 | TinyLlama-1.1B-step-50k | 105B | 46.11 |
"""
    got = {(r.model, r.benchmark, r.value) for r in md_records(text)}
    assert got == {  # the lone `Commonsense Avg` column is the suite average
        ("pythia-1.0b", "average", 48.3),
        ("tinyllama-1.1b-step-50k", "average", 46.11),
    }


def test_hyperparameter_tables_yield_nothing() -> None:
    text = """\
| LLaMA | n heads | n layers | dimension | Learn rate |
|---|---|---|---|---|
| 7B | 32 | 32 | 4096 | 3.0E-04 |
| 13B | 40 | 40 | 5120 | 3.0E-04 |
"""
    assert md_records(text) == []
