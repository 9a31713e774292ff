"""Recall classes of papers (issue 10, wave 7): small hand-written PDF tables, one per class.
Each names what was lost: a published score the table states that gave no record."""

from __future__ import annotations

from benchtable.extract.readers.pdf.references import attach_references
from benchtable.extract.readers.pdf.words import Word, merge_small_caps
from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, collecting_skips
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.records import ScoreRecord

SHA = "e" * 64


def pdf_records(rows: list[list[str]], caption: str, header_rows: int = 1) -> list[ScoreRecord]:
    grid = [
        [
            Cell(t, t, page=3, bbox=(50.0 + 45 * c, 100.0 + 12 * r, 90.0 + 45 * c, 110.0 + 12 * r))
            for c, t in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    table = Table(grid, header_rows=header_rows, index=0, caption=caption, page=3)
    doc = DocumentInput(b"", "application/pdf", "https://example.org/r.pdf", SHA, source_id="t")
    return records_from_table(table, doc)


BIAS_CATEGORIES = [
    ["", "OPT-175B", "Falcon-40B"],
    ["Gender", "65.7", "58.1"],
    ["Religion", "68.6", "61.0"],
    ["Average", "69.5", "60.2"],
]


def test_a_category_table_whose_caption_says_crows_dataset_reads_each_category_as_a_crows_pairs_part() -> (
    None
):
    records = pdf_records(
        BIAS_CATEGORIES, "Table 4: Evaluation of biases on the CrowS dataset. Lower is better."
    )
    assert {(r.model, r.benchmark, r.value) for r in records} == {
        ("opt-175b", "crows_pairs_gender", 65.7),
        ("falcon-40b", "crows_pairs_gender", 58.1),
        ("opt-175b", "crows_pairs_religion", 68.6),
        ("falcon-40b", "crows_pairs_religion", 61.0),
        ("opt-175b", "crows_pairs", 69.5),
        ("falcon-40b", "crows_pairs", 60.2),
    }


RUNTIME = [
    ["", "", "Train", "Inference", "", ""],
    ["Model", "Param.", "Speed", "Speed", "Valid", "Test"],
    ["Rotary, L = 3072", "247M", "11.5k", "12.2k", "18.57", "19.28"],
    ["T5 Bias, L = 3072", "247M", "4.3k", "7.3k", "18.01", "18.73"],
]
RUNTIME_CAPTION = "Table 6: Test perplexity and runtime on WikiText-103 for the rotary and T5 bias models."


def test_train_over_speed_is_training_throughput_and_inference_over_speed_inference_throughput() -> None:
    records = pdf_records(RUNTIME, RUNTIME_CAPTION, header_rows=2)
    by_value = {r.value: r.benchmark for r in records}
    assert by_value[11500.0] == "training_throughput"
    assert by_value[12200.0] == "inference_throughput"
    assert by_value[18.57] == "wikitext103_ppl"
    assert "decode_speed" not in by_value.values()


def test_a_setting_written_as_an_equation_in_a_model_label_is_one_token_of_the_id() -> None:
    records = pdf_records(RUNTIME, RUNTIME_CAPTION, header_rows=2)
    assert {r.model for r in records} == {"rotary-l3072-247m", "t5-bias-l3072-247m"}


def _piece(text: str, x0: float, x1: float, bottom: float, size: float) -> Word:
    return Word(text, x0, x1, bottom - size, bottom, size, False)


def test_small_caps_with_a_full_size_digit_or_capital_inside_read_as_one_word_in_order() -> None:
    # `GSM8K` in small caps: GSM and K at 8 pt, the digit at 10 pt and a little taller, so it
    # sorted first (`8GSM K`); `PAL` with a small A that overlaps the P by 0.3 pt read `P LA`
    words = [
        _piece("GSM", 195.1, 213.4, 463.5, 8.0),
        _piece("8", 213.9, 218.9, 464.0, 10.0),
        _piece("K", 219.4, 225.1, 463.5, 8.0),
        _piece("P", 65.1, 70.7, 364.9, 10.0),
        _piece("A", 70.4, 76.1, 364.5, 8.0),
        _piece("L", 76.6, 82.7, 364.9, 10.0),
        _piece("72.0", 153.3, 170.7, 364.8, 10.0),
    ]
    assert sorted(w.text for w in merge_small_caps(words)) == ["72.0", "GSM8K", "PAL"]


def test_a_capital_after_a_word_of_its_own_size_stays_a_word_of_its_own() -> None:
    words = [_piece("ALiBi", 50.0, 72.0, 300.0, 10.0), _piece("L", 72.5, 77.0, 300.0, 10.0)]
    assert [w.text for w in merge_small_caps(words)] == ["ALiBi", "L"]


def test_a_row_whose_label_names_no_model_among_model_rows_is_not_the_model_the_caption_names() -> None:
    rows = [
        ["Model", "Elo"],
        ["GPT-4", "1348"],
        ["Guanaco-65B", "1022"],
        ["Vicuna-13B", "974"],
        ["Bard", "902"],
    ]
    caption = "Table 7: Elo ratings on the Vicuna benchmark. Overall, Guanaco 65B tends to be preferred."
    got = {(r.model, r.value) for r in pdf_records(rows, caption)}
    assert got == {("gpt-4", 1348.0), ("guanaco-65b", 1022.0), ("vicuna-13b", 974.0)}


def test_method_rows_under_a_caption_model_still_take_it() -> None:
    rows = [["Method", "Wiki2"], ["RTN", "6.12"], ["GPTQ", "5.85"], ["AWQ", "5.78"]]
    caption = "Table 3: Perplexity of LLaMA-7B at 4 bits on WikiText-2."
    got = {(r.model, r.configuration.quant_method, r.value) for r in pdf_records(rows, caption)}
    assert got == {("llama-7b", "rtn", 6.12), ("llama-7b", "gptq", 5.85), ("llama-7b", "awq", 5.78)}


KV_BITS = [
    ["Exp", "#Bits", "LLaMA-7B", "OPT-1.3B"],
    ["FP16", "16-16", "87.8", "75.4"],
    ["RTN", "16-4", "86.0", "71.7"],
    ["RTN", "4", "86.4", "69.4"],
]
KV_CAPTION = "Table 2: Results when key and value modules are quantized to different levels."


def _with_references(rows: list[list[str]], caption: str, references: tuple[str, ...]) -> list[ScoreRecord]:
    grid = [[Cell(t, t, page=6) for t in row] for row in rows]
    table = Table(grid, header_rows=1, index=1, caption=caption, page=6, references=references)
    doc = DocumentInput(b"", "application/pdf", "https://example.org/r.pdf", SHA, source_id="t")
    return records_from_table(table, doc)


def test_the_benchmark_only_the_sentence_that_refers_to_the_table_names_is_the_tables() -> None:
    refs = ("For language modeling tasks, the results on LAMBADA are shown in Table 2.",)
    records = _with_references(KV_BITS, KV_CAPTION, refs)
    assert {r.benchmark for r in records} == {"lambada"}
    assert ("llama-7b", "fp16", 87.8) in {(r.model, r.configuration.precision, r.value) for r in records}


def test_sentences_naming_two_datasets_name_no_benchmark_for_the_table() -> None:
    refs = ("Table 2 shows LAMBADA accuracy, and PIQA results are in the appendix.",)
    assert _with_references(KV_BITS, KV_CAPTION, refs) == []


def test_a_row_whose_bit_width_cell_is_not_read_gives_no_record_without_its_setting() -> None:
    refs = ("The results on LAMBADA are shown in Table 2.",)
    with collecting_skips() as skips:
        records = _with_references(KV_BITS, KV_CAPTION, refs)
    got = {(r.configuration.quant_method, r.configuration.bits, r.value) for r in records}
    assert (None, None, 86.0) not in got and ("rtn", None, 86.0) not in got
    assert ("rtn", 4.0, 86.4) in got
    assert any(s.reason is SkipReason.UNREAD_BITS for s in skips)


def test_prose_sentences_that_name_a_table_by_number_are_attached_to_it() -> None:
    table = Table([[Cell("a", "a")]], caption="Table 2: Results of the methods.", page=6)
    other = Table([[Cell("a", "a")]], caption="Table 12: More results.", page=6)
    texts = {
        5: "We test two models. The results on LAMBADA are shown in Table 2. See Table 12 too.",
        9: "Table 2 again.",
    }
    attach_references([table, other], texts)
    assert table.references == ("The results on LAMBADA are shown in Table 2.",)
    assert other.references == ("See Table 12 too.",)


def test_a_bits_column_that_prints_16_bit_is_read_and_gives_records() -> None:
    rows = [["", "Bits", "MMLU"], ["LLaMA-7B", "16-bit", "35.2"], ["LLaMA-7B", "4-bit", "33.9"]]
    records = pdf_records(rows, "Table 4: MMLU of LLaMA-7B at two widths.")
    assert {r.value for r in records} == {35.2, 33.9}
