"""Fine-tunes, adapters and merges are their own model with `base_model` kept (issue 12, item 4).

Hand-written tables of the shapes the QLoRA paper prints (a caption saying the LLaMA models
were finetuned with adapters, training sets as rows or in the column header, the untuned
base model as a row), never corpus text.
"""

from __future__ import annotations

import hashlib
import json

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.derivatives import derivative, mark_derivatives
from benchtable.extract.table import Table
from benchtable.schema.records import Citation, Locator, Scale, ScoreRecord


def _doc(text: str, **kw: object) -> DocumentInput:
    data = text.encode()
    return DocumentInput(
        data=data,
        content_type="text/markdown",
        url="https://example.org/finetunes.md",
        sha256=hashlib.sha256(data).hexdigest(),
        **kw,  # type: ignore[arg-type]
    )


def _record(model: str, label: str, quote: str, benchmark: str = "mmlu") -> ScoreRecord:
    return ScoreRecord(
        source_id="paper",
        model=model,
        model_label=label,
        benchmark=benchmark,
        benchmark_label="MMLU",
        value=47.8,
        raw="47.8",
        scale=Scale.PERCENT,
        citation=Citation(
            url="https://example.org/p.pdf", sha256="a" * 64, locator=Locator(page=8), quote=quote
        ),
    )


CAPTION = (
    "Table 3: Mean 5-shot MMLU accuracy for LLaMA 7-65B models finetuned with adapters on Alpaca and FLAN v2."
)


def test_rows_of_a_table_of_llama_finetuned_on_datasets_are_the_finetunes_not_llama() -> None:
    """On main these were LLaMA-13B FP16 MMLU values that 'disagreed' with LLaMA-13B's own."""
    table = Table(rows=[], caption=CAPTION)
    records = [
        _record("llama-13b", "LLaMA 13B", "Float4 | Mean 5-shot MMLU Accuracy 13B Alpaca | 47.3"),
        _record("llama-13b", "LLaMA 13B", "FLAN v2 | 13B | 51.4"),
        _record("llama-13b", "LLaMA 13B", "LLaMA no tuning | 13B | 46.9"),
    ]
    out = mark_derivatives(table, records)
    assert [(r.model, r.base_model, r.model_label) for r in out] == [
        ("llama-13b-ft-alpaca", "llama-13b", "LLaMA 13B + Alpaca"),
        ("llama-13b-ft-flan-v2", "llama-13b", "LLaMA 13B + FLAN v2"),
        ("llama-13b", None, "LLaMA 13B"),
    ]


def test_training_data_read_into_the_benchmark_id_is_cut_from_it() -> None:
    out = derivative(
        _record("llama-13b", "LLaMA 13B", "HH-RLHF | 13B | 44.6", "mmlu_hh_rlhf"),
        Table(rows=[], caption=CAPTION),
    )
    assert out is not None and (out.model, out.benchmark) == ("llama-13b-ft-hh-rlhf", "mmlu")


def test_a_table_without_a_finetuning_cue_keeps_its_models() -> None:
    table = Table(rows=[], caption="Table 2: MMLU 5-shot accuracy of LLaMA models on the Alpaca split.")
    assert derivative(_record("llama-13b", "LLaMA 13B", "Alpaca | 13B | 47.8"), table) is None


def test_a_caption_about_another_family_does_not_touch_the_model() -> None:
    table = Table(rows=[], caption="Guanaco models are LLaMA finetuned with QLoRA on OASST1.")
    assert derivative(_record("vicuna-13b", "Vicuna 13B", "Vicuna 13B | Alpaca | 47.8"), table) is None


def test_a_model_named_after_its_data_stays_that_model() -> None:
    table = Table(rows=[], caption="Alpaca and Vicuna: LLaMA models finetuned on instructions.")
    assert derivative(_record("alpaca-7b", "Alpaca 7B", "Alpaca 7B | 38.8"), table) is None


def test_a_row_label_naming_the_finetune_gets_the_base_model_from_the_label() -> None:
    doc = _doc(
        "| Model | MMLU (5-shot) |\n|---|---|\n| LLaMA-13B | 46.9 |\n| LLaMA-13B + Alpaca | 47.8 |\n"
        "| LLaMA-13B (QLoRA) | 48.0 |\n"
    )
    got = [(r.model, r.base_model, r.value) for r in extract_document(doc)]
    assert got == [
        ("llama-13b", None, 46.9),
        ("llama-13b+alpaca", "llama-13b", 47.8),
        # QLoRA naming no training data is the label's quantization method (`quant_method`),
        # cut from the name like any method word: a configuration of the model, not a fine-tune
        ("llama-13b", None, 48.0),
    ]


def test_extract_prints_base_model_only_for_derivatives() -> None:
    doc = _doc("| Model | MMLU (5-shot) |\n|---|---|\n| LLaMA-13B | 46.9 |\n| LLaMA-13B + Alpaca | 47.8 |\n")
    lines = [json.dumps(r.flat()) for r in extract_document(doc)]
    assert '"base_model"' not in lines[0]
    assert json.loads(lines[1])["base_model"] == "llama-13b"


def test_record_ids_of_records_without_a_base_model_are_unchanged() -> None:
    """Adding the field must not renumber every stored record (value history keys on the id)."""
    r = _record("llama-13b", "LLaMA 13B", "q")
    payload = r.model_dump(mode="json", exclude={"citation", "base_model"})
    payload["sha256"] = r.citation.sha256
    payload["locator"] = r.citation.locator.model_dump(mode="json")
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    assert r.record_id() == hashlib.sha256(blob.encode()).hexdigest()[:32]


def test_a_label_that_already_names_its_recipe_keeps_its_model_id() -> None:
    """`Mistral-7B+RAHF-DUAL+LoRA` (a leaderboard row): its id stays, only base_model is added."""
    doc = _doc("| Model | MMLU (5-shot) |\n|---|---|\n| Mistral-7B+RAHF-DUAL+LoRA | 61.0 |\n")
    [r] = extract_document(doc)
    assert (r.model, r.base_model) == ("mistral-7b+rahf-dual+lora", "mistral-7b")
