"""Cells of the default report read by hand (docs/audit-2026-12-02.md): each class of
misreading found there, pinned on a small hand-written document of the same shape."""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import ScoreRecord


def _html_paper(caption: str, header: list[str] | list[list[str]], rows: list[list[str]]) -> DocumentInput:
    header_rows = header if isinstance(header[0], list) else [header]
    head = '</tr><tr class="ltx_tr">'.join(
        "".join(f'<th class="ltx_td ltx_th ltx_th_column">{h}</th>' for h in hr) for hr in header_rows
    )
    body = "".join(
        '<tr class="ltx_tr">' + "".join(f'<td class="ltx_td">{c}</td>' for c in r) + "</tr>" for r in rows
    )
    html = (
        '<!DOCTYPE html><html><body><section class="ltx_section"><figure class="ltx_table">'
        '<figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_table">'
        f"{caption.split(':')[0]}: </span>{caption.split(':', 1)[1]}</figcaption>"
        f'<table class="ltx_tabular"><thead class="ltx_thead"><tr class="ltx_tr">{head}</tr></thead>'
        f'<tbody class="ltx_tbody">{body}</tbody></table></figure></section></body></html>'
    )
    return DocumentInput(data=html.encode(), content_type="text/html", url="test://paper.html", sha256="0")


def _by_value(records: list[ScoreRecord]) -> dict[float, ScoreRecord]:
    return {r.value: r for r in records}


def test_an_mmlu_subject_row_whose_name_starts_like_a_model_family_is_not_mmlu() -> None:
    # `Philosophy` begins with the family name `Phi`: it was read as a model, and its
    # scores were filed as whole-MMLU scores (LLaMA-13B MMLU 54.0 "disagreeing" with 46.9)
    doc = _html_paper(
        "Table 16: MMLU. Detailed 5-shot results per domain on the test sets.",
        ["", "", "GPT-3 175B", "LLaMA 13B"],
        [
            ["Abstract Algebra", "STEM", "30.0", "34.0"],
            ["Philosophy", "Humanities", "51.0", "54.0"],
            ["Prompting Methods", "Other", "41.0", "44.0"],
        ],
    )
    records = _by_value(extract_document(doc))
    assert records[34.0].benchmark.startswith("mmlu_")
    for value in (51.0, 54.0, 41.0, 44.0):
        assert records[value].benchmark not in ("mmlu",), records[value]
        assert records[value].benchmark.startswith("mmlu_"), records[value]
    assert records[54.0].model == "llama-13b"


def test_a_common_sense_suite_average_header_is_not_commonsenseqa() -> None:
    # `Common Sense QA (0-shot) average` over model sizes: the average of the paper's
    # common-sense tasks, which was filed as the CommonsenseQA benchmark
    doc = _html_paper(
        "Table 4: LLaMA-7B quantization results.",
        ["Method", "MMLU (5-shot) average", "Common Sense QA (0-shot) average"],
        [["FP16", "38.41%", "67.30%"], ["INT3 g128 RTN", "33.43%", "64.55%"]],
    )
    records = _by_value(extract_document(doc))
    assert records[38.41].benchmark == "mmlu"
    assert records[67.3].benchmark == "average"
    assert records[64.55].benchmark == "average"
    assert records[67.3].protocol.n_shot == 0


def test_a_suite_average_header_over_model_sizes_is_not_commonsenseqa() -> None:
    # the same header as a group over `7B 13B` sub-headers (the paper's layout)
    doc = _html_paper(
        "Table 4: LLaMA quantization results across scales.",
        [
            [
                "LLaMA Family",
                "MMLU (5-shot) average",
                "MMLU (5-shot) average",
                "Common Sense QA (0-shot) average",
                "Common Sense QA (0-shot) average",
            ],
            ["", "7B", "13B", "7B", "13B"],
        ],
        [["FP16", "38.41%", "45.21%", "67.30%", "70.65%"]],
    )
    records = _by_value(extract_document(doc))
    assert records[45.21].benchmark == "mmlu"
    assert records[67.3].benchmark == "average"
    assert records[70.65].benchmark == "average"
    assert records[70.65].model == "llama-13b"


SPLIT_SHOTS_CARD = """\
# Results

| Model | MMLU 0-shot / 5-shot | GSM8K 0-shot / 8-shot |
|---|---|---|
| Acme-7B-Chat | 55.8 / 57.0 | 50.3 / 54.1 |
"""


def test_a_split_header_gives_each_number_of_a_split_cell_its_own_shot_count() -> None:
    # both numbers of `55.8 / 57.0` were read 0-shot, so a 0-shot value filled a 5-shot column
    doc = DocumentInput(
        data=SPLIT_SHOTS_CARD.encode(), content_type="text/markdown", url="test://card.md", sha256="0"
    )
    found = {(r.benchmark, r.value): r.protocol.n_shot for r in extract_document(doc)}
    assert found == {("mmlu", 55.8): 0, ("mmlu", 57.0): 5, ("gsm8k", 50.3): 0, ("gsm8k", 54.1): 8}


def test_a_split_cell_under_a_header_with_one_shot_count_keeps_it_for_both_numbers() -> None:
    card = SPLIT_SHOTS_CARD.replace("MMLU 0-shot / 5-shot", "MMLU / CMMLU (5-shot)").replace(
        "GSM8K 0-shot / 8-shot", "GSM8K (8-shot)"
    )
    doc = DocumentInput(data=card.encode(), content_type="text/markdown", url="test://card.md", sha256="0")
    found = {(r.benchmark, r.value): r.protocol.n_shot for r in extract_document(doc)}
    assert found[("mmlu", 55.8)] == found[("cmmlu", 57.0)] == 5
    assert found[("gsm8k", 50.3)] == found[("gsm8k", 54.1)] == 8
