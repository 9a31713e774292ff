"""Paper tables -> records (extract/understand/): hand-made tables in the shapes the PDF
and LaTeXML readers produce, the arXiv HTML path end to end, and corpus papers against
their gold files (tests/gold_papers)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from benchtable.extract import extract_document, read_tables
from benchtable.extract.registry import DocumentInput, for_content_type
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.records import ScoreRecord

PDF = "application/pdf"


def doc(content_type: str = PDF, **hints: Any) -> DocumentInput:
    return DocumentInput(data=b"", content_type=content_type, url="test://paper", sha256="0", hints=hints)


def table(
    rows: list[list[str]],
    header_rows: int = 1,
    caption: str = "Table 2: Results.",  # the PDF reader anchors every table on its caption
    spans: frozenset[tuple[int, int]] = frozenset(),
) -> Table:
    grid = [
        [Cell(t, t, page=3, bbox=(1.0, 2.0, 3.0, 4.0), spanned=(r, c) in spans) for c, t in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    return Table(grid, header_rows=header_rows, index=2, caption=caption, page=3)


def facts(records: list[ScoreRecord]) -> set[tuple[Any, ...]]:
    return {
        (
            r.model,
            r.configuration.precision,
            r.configuration.quant_method,
            r.configuration.bits,
            r.configuration.group_size,
            r.benchmark,
            r.value,
        )
        for r in records
    }


def test_sizes_under_a_family_stub_benchmark_from_the_caption() -> None:
    t = table(
        [
            ["OPT", "Bits", "125M", "1.3B"],
            ["full", "16", "27.65", "14.63"],
            ["RTN", "4", "37.28", "1.3e4"],
            ["GPTQ", "3", "53.85", "-"],
        ],
        caption="Table 3: OPT perplexity results on WikiText2.",
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert facts(recs) == {
        ("opt-125m", None, None, None, None, "wikitext2_ppl", 27.65),
        ("opt-1.3b", None, None, None, None, "wikitext2_ppl", 14.63),
        ("opt-125m", None, "rtn", 4.0, None, "wikitext2_ppl", 37.28),
        ("opt-1.3b", None, "rtn", 4.0, None, "wikitext2_ppl", 13000.0),
        ("opt-125m", None, "gptq", 3.0, None, "wikitext2_ppl", 53.85),
    }
    first = recs[0]
    loc = first.citation.locator
    assert (loc.page, loc.table, loc.row, loc.column, loc.bbox) == (3, 2, 1, 2, (1.0, 2.0, 3.0, 4.0))
    assert first.raw == "27.65"


def test_model_from_a_spanning_header_benchmarks_below_bits_with_groups() -> None:
    t = table(
        [
            ["", "", "OPT-175B", "OPT-175B", "BLOOM-176B"],
            ["Method", "Bits", "Wiki2", "LAMB.", "PTB"],
            ["Baseline", "16", "8.34", "75.59", "14.59"],
            ["GPTQ", "3/g128", "8.45", "76.42", "14.89"],
        ],
        header_rows=2,
        spans={(0, 3)},
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert facts(recs) == {
        ("opt-175b", None, None, None, None, "wikitext2_ppl", 8.34),
        ("opt-175b", None, None, None, None, "lambada", 75.59),
        ("bloom-176b", None, None, None, None, "ptb_ppl", 14.59),
        ("opt-175b", None, "gptq", 3.0, 128, "wikitext2_ppl", 8.45),
        ("opt-175b", None, "gptq", 3.0, 128, "lambada", 76.42),
        ("bloom-176b", None, "gptq", 3.0, 128, "ptb_ppl", 14.89),
    }


def test_group_label_rows_and_benchmark_groups() -> None:
    t = table(
        [
            ["LLaMA-7B", "LLaMA-7B", "MMLU (5-shot)", "MMLU (5-shot)", "Common Sense QA", "Common Sense QA"],
            ["", "", "Hums.", "Avg.", "PIQA", "Avg."],
            ["FP16", "-", "39.17%", "38.41%", "78.35%", "67.30%"],
            ["INT3 g128", "AWQ", "35.15%", "35.43%", "76.66%", "65.53%"],
        ],
        header_rows=2,
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert facts(recs) == {
        ("llama-7b", "fp16", None, None, None, "mmlu_humanities", 39.17),
        ("llama-7b", "fp16", None, None, None, "mmlu", 38.41),
        ("llama-7b", "fp16", None, None, None, "piqa", 78.35),
        ("llama-7b", "fp16", None, None, None, "average", 67.3),
        ("llama-7b", None, "awq", 3.0, 128, "mmlu_humanities", 35.15),
        ("llama-7b", None, "awq", 3.0, 128, "mmlu", 35.43),
        ("llama-7b", None, "awq", 3.0, 128, "piqa", 76.66),
        ("llama-7b", None, "awq", 3.0, 128, "average", 65.53),
    }
    assert {r.protocol.n_shot for r in recs if r.benchmark.startswith("mmlu")} == {5}


def test_unknown_method_rows_with_models_across() -> None:
    t = table(
        [
            ["Method", "LLaMA 7B", "LLaMA 13B"],
            ["RTN", "6.29", "5.53"],
            ["AdaRound", "6.10", "5.40"],
        ],
        caption="Table 1: Perplexity on C4.",
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert ("llama-13b", None, "adaround", None, None, "c4_ppl", 5.4) in facts(recs)


def test_centred_family_labels() -> None:
    t = table(
        [
            ["", "0-shot", "5-shot"],
            ["GPT-3 175B", "14.6", "-"],
            ["8B", "8.4", "-"],
            ["PaLM 62B", "18.1", "-"],
            ["540B", "21.2", "-"],
            ["7B", "16.8", "22.0"],
            ["LLaMA", "", ""],
            ["13B", "20.1", "28.1"],
        ],
        caption="Table 4: NaturalQuestions. Exact match performance.",
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    models = {(r.model, r.value) for r in recs}
    assert models == {
        ("gpt-3-175b", 14.6),
        ("palm-8b", 8.4),
        ("palm-62b", 18.1),
        ("palm-540b", 21.2),
        ("llama-7b", 16.8),
        ("llama-7b", 22.0),
        ("llama-13b", 20.1),
        ("llama-13b", 28.1),
    }
    assert {r.benchmark for r in recs} == {"naturalquestions"}
    assert {r.protocol.n_shot for r in recs if r.value == 22.0} == {5}


def test_no_benchmark_anywhere_yields_nothing() -> None:
    t = table([["GPU", "FP16", "3bit"], ["A6000 - 48GB", "589ms", "130ms"]], caption="Table 6: Timing.")
    assert records_from_table(t, doc()) == []


def test_quant_method_hint_names_bare_bits() -> None:
    t = table(
        [["Size", "Precision", "MMLU"], ["7B", "16-bit", "35.2"], ["7B", "4-bit", "34.2"]],
        caption="Table 1: Results of the LLaMA family.",
    )
    recs = records_from_table(t, doc(quant_method="gptq"))
    assert recs is not None
    assert facts(recs) == {
        ("llama-7b", None, None, None, None, "mmlu", 35.2),
        ("llama-7b", None, "gptq", 4.0, None, "mmlu", 34.2),
    }


# --------------------------------------------------------------------------- arXiv HTML

LATEXML = """<!DOCTYPE html><html><body>
<figure class="ltx_table" id="S4.T3">
<figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_table">Table 3: </span>OPT perplexity results on WikiText2.</figcaption>
<table class="ltx_tabular">
<thead class="ltx_thead"><tr class="ltx_tr">
<th class="ltx_td ltx_th">OPT</th><th class="ltx_td ltx_th">Bits</th>
<th class="ltx_td ltx_th">125M</th><th class="ltx_td ltx_th">350M</th></tr></thead>
<tbody class="ltx_tbody">
<tr class="ltx_tr"><td class="ltx_td">RTN</td><td class="ltx_td">4</td><td class="ltx_td">37.28</td><td class="ltx_td">25.94</td></tr>
<tr class="ltx_tr"><td class="ltx_td">GPTQ</td><td class="ltx_td">4</td>
<td class="ltx_td"><span class="ltx_text ltx_font_bold">31.12</span></td><td class="ltx_td">24.24</td></tr>
</tbody></table></figure>
</body></html>
"""


def test_latexml_page_read_once_and_interpreted_as_a_paper() -> None:
    d = DocumentInput(data=LATEXML.encode(), content_type="text/html", url="test://arxiv.html", sha256="0")
    readers = [r.name for r in for_content_type("text/html") if r.table_reader is not None]
    assert readers == ["html-paper"]  # html-in-markdown reads Markdown/plain text only
    assert len(read_tables(d)) == 1
    recs = extract_document(d)
    assert sorted((r.model, r.configuration.quant_method, r.value) for r in recs) == [
        ("opt-125m", "gptq", 31.12),
        ("opt-125m", "rtn", 37.28),
        ("opt-350m", "gptq", 24.24),
        ("opt-350m", "rtn", 25.94),
    ]
    assert {r.benchmark for r in recs} == {"wikitext2_ppl"}
    assert all(r.citation.locator.line for r in recs)


# --------------------------------------------------------------------------- corpus gold

GOLD = Path(__file__).resolve().parent / "gold_papers"
SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "score_gold.py"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_gold_papers", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["score_gold_papers"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_paper_gold_files_are_well_formed() -> None:
    sg = _scorer()
    files = sorted(GOLD.glob("*.jsonl"))
    assert len(files) >= 6
    for f in files:
        g = sg.load_gold(f)
        assert g.scope_unit == "pages" and g.records
        assert all(r.page is not None and r.line is None for r in g.records)


@pytest.mark.parametrize("doc_id", ["gptq", "mistral-7b"])
def test_corpus_papers_against_gold(corpus: Path, doc_id: str) -> None:
    from tests.conftest import corpus_manifest

    sg = _scorer()
    e = corpus_manifest(corpus)[doc_id]
    d = DocumentInput(
        data=(corpus / e["path"]).read_bytes(),
        content_type=e["content_type"],
        url=e["url"],
        sha256=e["sha256"],
        source_id=doc_id,
    )
    preds = [r.model_dump(mode="json") for r in extract_document(d)]
    flat = []
    for p in preds:
        flat.append({**p, **p["configuration"], **p["protocol"]})
    res = sg.score_doc(sg.load_gold(GOLD / f"{doc_id}.jsonl"), flat)
    assert res["precision"] >= 0.95
    assert res["recall"] >= 0.85


# --------------------------------------------------------------------------- attribution regressions


def _corpus_records(corpus: Path, doc_id: str, page: int) -> list[ScoreRecord]:
    from tests.conftest import corpus_manifest

    e = corpus_manifest(corpus).get(doc_id)
    if e is None or not (corpus / e["path"]).exists():
        pytest.skip(f"{doc_id} is not in the recorded corpus")
    d = DocumentInput(
        data=(corpus / e["path"]).read_bytes(),
        content_type=e["content_type"],
        url=e["url"],
        sha256=e["sha256"],
        source_id=doc_id,
    )
    return [r for r in extract_document(d) if r.citation.locator.page == page]


def test_two_row_model_headers_stacked() -> None:
    t = table(
        [
            ["", "", "DeepSeek", "LLaMA3", "Mixtral", "DeepSeek-V2"],
            ["Benchmark", "# Shots", "67B Chat", "70B Inst.", "8x22B Inst.", "Chat (SFT)"],
            ["Context Length", "-", "4K", "8K", "64K", "128K"],
            ["# Total Params", "-", "67B", "70B", "141B", "236B"],
            ["MATH", "4-shot", "32.6", "48.5", "49.8", "52.7"],
            ["GSM8K", "8-shot", "84.1", "93.2", "87.9", "90.8"],
            ["MMLU", "5-shot", "71.1", "80.3", "77.8", "78.4"],
        ],
        header_rows=2,
        caption="Table 3 | Chat models, such as LLaMA3 70B Instruct, might not adhere to the format.",
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    got = {(r.model, r.benchmark, r.value) for r in recs}
    assert len(got) == len(recs) == 12  # no `Context Length` / `# Total Params` records
    assert {(m, v) for m, b, v in got if b == "math"} == {
        ("deepseek-llm-67b-chat", 32.6),
        ("llama-3-70b-instruct", 48.5),
        ("mixtral-8x22b-instruct", 49.8),
        ("deepseek-v2-chat-sft", 52.7),
    }


def test_deepseek_v2(corpus: Path) -> None:
    """Table 3, page 19: two-row model headers; `Inst.` is Instruct; model properties
    (`Context Length`, `# Total Params`) are not scores."""
    page = _corpus_records(corpus, "deepseek-v2", 19)
    # the table index counts the document's tables, so it moves when an earlier one is found
    tables = Counter(r.citation.locator.table for r in page)
    recs = [r for r in page if r.citation.locator.table == tables.most_common(1)[0][0]]
    by_column: dict[int, set[str]] = {}
    for r in recs:
        assert r.citation.locator.column is not None
        by_column.setdefault(r.citation.locator.column, set()).add(r.model)
    assert by_column == {
        1: {"deepseek-llm-67b-chat"},
        2: {"qwen1.5-72b-chat"},
        3: {"llama-3-70b-instruct"},
        4: {"mixtral-8x22b-instruct"},
        5: {"deepseek-v2-chat-sft"},
        6: {"deepseek-v2-chat-rl"},
    }
    cell = {(r.model, r.benchmark): r.value for r in recs}
    assert cell[("deepseek-v2-chat-sft", "math")] == 52.7
    assert cell[("deepseek-v2-chat-rl", "math")] == 53.9
    assert cell[("llama-3-70b-instruct", "mmlu")] == 80.3
    assert cell[("deepseek-v2-chat-sft", "ceval")] == 80.9  # `Chinese C-Eval`: the category joined in
    assert len(recs) == 6 * 19  # 19 benchmark rows, no property rows
    assert {r.benchmark for r in recs} >= {"triviaqa", "gsm8k", "cmmlu", "cruxeval_i", "livecodebench"}


def test_subject_columns_are_parts_not_the_whole() -> None:
    t = table(
        [
            ["", "MMLU", "MMLU", "MMLU", "MMLU", "MMLU", "C-Eval", "C-Eval"],
            ["", "STEM", "Social", "Human", "Other", "Average", "Average", "Hard"],
            ["LLaMA-13B", "36.4", "53.5", "44.0", "53.3", "46.8", "30.6", "26.9"],
        ],
        header_rows=2,
        spans=frozenset({(0, 2), (0, 3), (0, 4), (0, 5), (0, 7)}),
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert {(r.benchmark, r.value) for r in recs} == {
        ("mmlu_stem", 36.4),
        ("mmlu_social_sciences", 53.5),
        ("mmlu_humanities", 44.0),
        ("mmlu_other", 53.3),
        ("mmlu", 46.8),
        ("ceval", 30.6),
        ("ceval_hard", 26.9),
    }


def test_yulan(corpus: Path) -> None:
    """Table 7, page 12: MMLU/C-Eval subject columns are parts, only `Average` is the whole."""
    recs = [r for r in _corpus_records(corpus, "yulan", 12) if r.model == "llama-13b"]
    got = {(r.benchmark, r.value) for r in recs}
    assert ("mmlu", 46.8) in got and ("ceval", 30.6) in got
    assert {b for b, v in got if v in (36.4, 53.5, 44.0, 53.3)} == {
        "mmlu_stem",
        "mmlu_social_sciences",
        "mmlu_humanities",
        "mmlu_other",
    }
    assert [v for b, v in got if b == "mmlu"] == [46.8]
    assert [v for b, v in got if b == "ceval"] == [30.6]


def test_fine_tuned_columns_are_not_the_base_model() -> None:
    t = table(
        [
            ["", "", "MMLU", "MMLU", "MMLU"],
            ["#To", "Bits", "Base", "LoRA", "FFT"],
            ["7B", "16-bit", "35.2", "37.7", "41.7"],
        ],
        header_rows=2,
        caption="Table 4: The results of pre-quantization fine-tuning on MMLU of LLaMA families.",
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert {(r.model, r.benchmark, r.value) for r in recs} == {
        ("llama-7b", "mmlu", 35.2),
        ("llama-7b-lora", "mmlu", 37.7),
        ("llama-7b-fft", "mmlu", 41.7),
    }
    tuned = [r for r in recs if r.value != 35.2]
    assert all(r.protocol.details and "fine-tuned" in r.protocol.details for r in tuned)


def test_quantized_emergent_abilities(corpus: Path) -> None:
    """Table 4, page 7: LoRA / FFT columns are fine-tuned models, never the base LLaMA."""
    recs = _corpus_records(corpus, "quantized-emergent-abilities", 7)
    assert recs
    base = {(r.model, r.benchmark, r.value) for r in recs if r.model in {"llama-7b", "llama-13b"}}
    assert ("llama-7b", "mmlu", 35.2) in base
    assert not {v for _, _, v in base} & {37.7, 41.7, 25.8, 38.0, 45.67, 75.0}
    lora = [r for r in recs if r.value == 37.7]
    assert [r.model for r in lora] == ["llama-7b-lora"]
    assert lora[0].protocol.details and "LoRA" in lora[0].protocol.details


def test_caption_model_is_a_name_not_a_phrase() -> None:
    from benchtable.extract.understand.caption import caption_model as _caption_model

    assert (
        _caption_model("Table 2: Post-Training Quantization Results GPT-3 350M on WikiText") == "GPT-3 350M"
    )
    assert _caption_model("Llama3 Report 7B") is None
    assert _caption_model("Latency of BLOOM- 176B on A100") == "BLOOM-176B"
    t = table(
        [["Precision", "WikiText2"], ["W8A8", "21.0"]],
        caption="Table 2: Post-Training Quantization Results GPT-3 350M.",
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert {r.model for r in recs} == {"gpt-3-350m"}


def test_prose_is_not_a_model() -> None:
    t = table(
        [
            ["Model", "GSM8K"],
            ["Answer: Indras has 6 letters in her name. 7B", "12.0"],
            ["which 2.4B are activated for each token.", "13.0"],
            ["LLaMA 7B", "11.0"],
        ]
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert {(r.model, r.value) for r in recs} == {("llama-7b", 11.0)}


def test_prose_line_over_the_header_is_not_a_header() -> None:
    t = table(
        [
            ["single V100 GPU during inference.", "single V100 GPU during inference.", "", ""],
            ["", "0-shot", "1-shot", "5-shot"],
            ["LLaMA 7B", "50.0", "53.4", "56.3"],
            ["LLaMA 13B", "56.6", "60.5", "63.1"],
        ],
        caption="Table 5: TriviaQA. Zero-shot and few-shot exact match performance.",
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    assert {(r.model, r.protocol.n_shot, r.value) for r in recs if r.model == "llama-7b"} == {
        ("llama-7b", 0, 50.0),
        ("llama-7b", 1, 53.4),
        ("llama-7b", 5, 56.3),
    }
    assert all("V100" not in r.citation.quote for r in recs)


def test_task_rows_under_a_caption_benchmark_are_parts() -> None:
    t = table(
        [
            ["Task", "Chat", "GPT-", "Vicuna-"],
            ["", "GPT", "4", "13B"],
            ["AQuA-RAT", "31.9", "40.6", "20.1"],
            ["LogiQA", "35", "49.3", "29.8"],
            ["Average", "47.2", "62", "29.3"],
        ],
        header_rows=2,
        caption="Table 8: Zero-shot performance comparison in AGIEval benchmark on English questions.",
    )
    recs = records_from_table(t, doc())
    assert recs is not None
    gpt4 = {(r.benchmark, r.value) for r in recs if r.model == "gpt-4"}
    assert gpt4 == {("agieval_aqua_rat", 40.6), ("agieval_logiqa_en", 49.3), ("agieval", 62.0)}


def test_outlier_suppression_plus(corpus: Path) -> None:
    """Table 3, page 8: one rule under `PIQA  Winogrande  HellaSwag  WikiText2` is no one
    header's span; each benchmark keeps its own FP16/INT6/INT4 columns."""
    recs = _corpus_records(corpus, "outlier-suppression-plus", 8)
    got = {
        (r.model, r.benchmark, r.configuration.quant_method, r.value) for r in recs if r.model == "llama-7b"
    }
    assert ("llama-7b", "winogrande", "smoothquant", 65.51) in got
    assert ("llama-7b", "hellaswag", "smoothquant", 72.1) in got
    assert {v for _, b, _, v in got if b == "wikitext2_ppl"} == {6.0, 5.85, 5.76, 473.97, 16.87, 14.17}
    assert not {v for _, b, _, v in got if b == "piqa"} - {77.26, 55.98, 77.37, 77.18, 70.08, 77.48, 72.31}
