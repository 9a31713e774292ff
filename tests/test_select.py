"""The cell-choosing function: protocol fit, then precedence, then date; conflicts; strict."""

from __future__ import annotations

from typing import Any

from benchtable.reports.config import ColumnSpec, RowSpec
from benchtable.reports.select import choose_cell, display_value, effective_protocol, protocol_fit
from benchtable.reports.sources import SourceMeta, normalise_date, precedence
from benchtable.schema.records import Citation, Configuration, Locator, Protocol, Scale, ScoreRecord

SHA = "a" * 64
MMLU5 = ColumnSpec(id="mmlu", label="MMLU (5-shot)", benchmark="mmlu", protocol=Protocol(n_shot=5))
ROW = RowSpec(id="q", label="Qwen-7B-Chat BF16", model="qwen-7b-chat", match={"precision": ["bf16", "none"]})


def rec(source: str, value: float, *, line: int = 1, model: str = "qwen-7b-chat", **kw: Any) -> ScoreRecord:
    return ScoreRecord(
        source_id=source,
        model=model,
        model_label=model,
        configuration=kw.pop("configuration", Configuration()),
        benchmark=kw.pop("benchmark", "mmlu"),
        benchmark_label="MMLU",
        protocol=kw.pop("protocol", Protocol()),
        value=value,
        raw=str(value),
        scale=kw.pop("scale", Scale.PERCENT),
        citation=Citation(
            url=f"https://example.org/{source}", sha256=SHA, locator=Locator(line=line), quote="q"
        ),
    )


SOURCES = {
    "card": SourceMeta("card", "readme", date="2024-06-20", hints={"publisher": "alibaba"}),
    "card-old": SourceMeta("card-old", "readme", date="2023-09-13", hints={"publisher": "alibaba"}),
    "board": SourceMeta("board", "leaderboard", date="2024-01-01"),
    "paper": SourceMeta("paper", "paper_pdf", date="2025-01-01"),
    "blog": SourceMeta("blog", "blog", date="2025-02-01", hints={"context_length": 2048}),
}


def choose(records: list[ScoreRecord], column: ColumnSpec = MMLU5, strict: bool = False) -> Any:
    return choose_cell(
        ROW,
        column,
        records,
        SOURCES,
        Scale.PERCENT,
        [column.benchmark],
        model_publisher="alibaba",
        strict=strict,
    )


def test_stated_protocol_beats_unstated_and_unstated_beats_different() -> None:
    records = [
        rec("card", 50.0, protocol=Protocol(n_shot=0)),
        rec("paper", 52.0),
        rec("board", 55.0, protocol=Protocol(n_shot=5)),
    ]
    choice = choose(records)
    assert choice.chosen.record.source_id == "board"
    assert [e.fit for e in choice.candidates] == [0, 1, 2]


def test_own_publication_beats_leaderboard_beats_third_party_among_equals() -> None:
    records = [rec("paper", 52.0), rec("board", 53.0), rec("card", 55.8)]
    assert choose(records).chosen.record.source_id == "card"
    assert choose(records[:2]).chosen.record.source_id == "board"


def test_newest_document_wins_among_equals_and_the_older_value_is_a_conflict() -> None:
    five = Protocol(n_shot=5)
    choice = choose([rec("card-old", 53.9, protocol=five), rec("card", 55.8, protocol=five)])
    assert choice.chosen.record.source_id == "card"
    assert [e.record.source_id for e in choice.conflicting] == ["card-old"]
    assert "older" in choice.reason()


def test_two_values_that_leave_the_protocol_unstated_are_no_conflict_but_listed_apart() -> None:
    choice = choose([rec("card-old", 53.9), rec("card", 55.8)])
    assert choice.chosen.record.source_id == "card"
    assert choice.conflicting == []
    [group] = choice.conflict_groups
    assert not group.stated
    assert [c[0].record.source_id for c in group.values] == ["card", "card-old"]


def test_same_value_elsewhere_is_an_extra_citation_not_a_conflict() -> None:
    choice = choose([rec("card", 55.8), rec("board", 55.8)])
    assert [e.record.source_id for e in choice.agreeing] == ["board"]
    assert choice.conflicting == []


def test_different_stated_protocols_are_not_a_conflict() -> None:
    choice = choose(
        [rec("card", 55.8, protocol=Protocol(n_shot=5)), rec("card-old", 50.0, protocol=Protocol(n_shot=0))]
    )
    assert choice.conflicting == []
    assert len(choice.others) == 1


def test_different_protocol_is_marked_or_blank_under_strict() -> None:
    records = [rec("card", 48.0, protocol=Protocol(n_shot=0))]
    shown = choose(records)
    assert shown.marker
    assert shown.chosen.differences == ("n-shot 0 (column: 5)",)
    blank = choose(records, strict=True)
    assert blank.chosen is None and blank.hidden_by_strict and "--strict" in blank.reason()


def test_unstated_protocol_is_marked_and_blank_under_strict() -> None:
    records = [rec("card", 55.8), rec("paper", 48.0, protocol=Protocol(n_shot=0))]
    shown = choose(records)
    assert shown.chosen.record.source_id == "card"  # unstated beats stated-different
    assert shown.unstated_marker and not shown.marker
    assert shown.chosen.unstated_settings == ("n_shot",)
    blank = choose(records, strict=True)
    assert blank.chosen is None and blank.hidden_by_strict
    assert "does not state" in blank.reason()


def test_stated_equal_cell_has_no_unstated_marker_and_survives_strict() -> None:
    records = [rec("card", 55.8), rec("board", 56.0, protocol=Protocol(n_shot=5))]
    choice = choose(records, strict=True)
    assert choice.chosen.record.source_id == "board" and not choice.unstated_marker


def test_setting_stated_by_the_source_hints_counts_as_stated() -> None:
    column = ColumnSpec(
        id="ppl", label="WikiText-2", benchmark="wikitext2_ppl", protocol=Protocol(context_length=2048)
    )
    ppl = rec("blog", 5.47, benchmark="wikitext2_ppl", scale=Scale.PERPLEXITY)
    choice = choose_cell(ROW, column, [ppl], SOURCES, Scale.PERPLEXITY, ["wikitext2_ppl"], strict=True)
    assert choice.chosen is not None and not choice.unstated_marker


def test_base_and_chat_models_are_never_merged() -> None:
    assert choose([rec("card", 60.0, model="qwen-7b")]).chosen is None


def test_row_without_quantization_fields_takes_only_unquantized_records() -> None:
    int4 = rec("card", 55.1, configuration=Configuration(quant_method="gptq", bits=4))
    assert choose([int4]).chosen is None
    int4_row = RowSpec(id="i", label="Int4", model="qwen-7b-chat", match={"bits": 4})
    choice = choose_cell(int4_row, MMLU5, [int4], SOURCES, Scale.PERCENT, ["mmlu"])
    assert choice.chosen is not None


def test_hinted_context_length_applies_to_perplexity_records_only() -> None:
    ppl = rec("blog", 5.09, benchmark="wikitext2_ppl", scale=Scale.PERPLEXITY)
    protocol, hinted = effective_protocol(ppl, SOURCES["blog"])
    assert protocol.context_length == 2048 and hinted == ("context_length",)
    assert effective_protocol(rec("blog", 50.0), SOURCES["blog"])[0].context_length is None
    column = ColumnSpec(id="w", label="W", benchmark="wikitext2_ppl", protocol=Protocol(context_length=512))
    row = RowSpec(id="r", label="r", model="qwen-7b-chat")
    choice = choose_cell(row, column, [ppl], SOURCES, Scale.PERPLEXITY, ["wikitext2_ppl"])
    assert choice.marker and choice.chosen.differences == ("context-length 2048 (column: 512)",)


def test_fallback_benchmark_is_always_marked() -> None:
    column = ColumnSpec(id="w", label="W", benchmark="wikitext2_ppl", fallback=["perplexity"])
    row = RowSpec(id="r", label="r", model="qwen-7b-chat")
    generic = rec("card", 3.43, benchmark="perplexity", scale=Scale.PERPLEXITY)
    choice = choose_cell(
        row, column, [generic], SOURCES, Scale.PERPLEXITY, ["wikitext2_ppl"], fallback_ids=["perplexity"]
    )
    assert choice.marker and "perplexity" in choice.chosen.differences[0]


def test_conversions_for_display() -> None:
    assert display_value(rec("x", 0.732, scale=Scale.FRACTION), Scale.PERCENT)[0] == 73.2
    value, note = display_value(rec("x", 72.0, scale=Scale.MS_PER_TOKEN), Scale.TOKENS_PER_S)
    assert value == 13.89 and note and "ms/token" in note


def test_protocol_fit_levels() -> None:
    assert protocol_fit(Protocol(n_shot=5), Protocol(n_shot=5))[0] == 0
    assert protocol_fit(Protocol(n_shot=5), Protocol())[0] == 1
    assert protocol_fit(Protocol(n_shot=5, cot=True), Protocol(n_shot=5, cot=False))[0] == 2


def test_dates_and_precedence() -> None:
    assert normalise_date("Thu, 20 Jun 2024 08:24:15 GMT") == "2024-06-20"
    assert normalise_date("2023-03-02T01:04:58-05:00") == "2023-03-02"
    assert normalise_date(None) == "" and normalise_date("soon") == ""
    own = SourceMeta("m", "paper_pdf", model="mistral-7b")
    assert precedence(own, "mistral-7b", None) == 0
    assert precedence(SOURCES["board"], "x", "alibaba") == 1
    assert precedence(SOURCES["card"], "llama-3-70b", "meta") == 2
    assert precedence(None, "x", None) == 2


def test_undated_documents_rank_after_dated_ones() -> None:
    sources = {**SOURCES, "undated": SourceMeta("undated", "readme", hints={"publisher": "alibaba"})}
    choice = choose_cell(
        ROW,
        MMLU5,
        [rec("undated", 1.0), rec("card", 2.0)],
        sources,
        Scale.PERCENT,
        ["mmlu"],
        model_publisher="alibaba",
    )
    assert choice.chosen.record.source_id == "card"
