"""Text classes of batch 8 (issue 11): sizes on disk read as scores, a benchmark's own average
under its heading, and spec-sheet columns of memory in CJK headers.

Hand-written snippets in the shapes of READMEs; each test failed on main (4850ed6) before the
rule it checks.
"""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import ScoreRecord
from benchtable.schema.vocabulary import vocabulary

SHA = "8" * 64
URL = "https://example.org/model/README.md"


def records(text: str) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="t")
    return extract_document(doc)


FILE_SIZES = """\
### Disk requirements

| Model | Original size | Quantized size (4-bit) |
|------:|--------------:|-----------------------:|
| LLaMA 7B |         13 GB |                 3.9 GB |
| LLaMA 13B |         24 GB |                 7.8 GB |
"""


def test_original_and_quantized_file_sizes_are_not_scores() -> None:
    assert records(FILE_SIZES) == []


CJK_LINKED_SUITE = """\
进一步，我们在[L-Eval](https://arxiv.org/abs/2307.11088)客观题上进行了测试，评分结果如下：

| Model           | Input Length | Average | Coursera | QuALITY | TOEFL |
|:----------------|:------------:|:-------:|:--------:|:-------:|:-----:|
| Qwen-72B-Chat   |     32K      |  62.30  |  58.13   |  77.22  | 86.24 |
"""


def test_benchmark_linked_in_chinese_lead_in_reads_its_task_columns() -> None:
    benchmarks = {r.value: r.benchmark for r in records(CJK_LINKED_SUITE)}
    assert benchmarks == {
        62.30: "l_eval",
        58.13: "l_eval_coursera",
        77.22: "l_eval_quality",
        86.24: "l_eval_toefl",
    }


CJK_SPEC_SHEET = """\
| 模型      | 最大上下文长度 | 微调（Q-Lora）最小GPU用量 | 生成2048个token的最小显存占用（Int4） | MMLU |
|:----------|:-------:|:-----------------:|:-------------------:|:----:|
| Qwen-7B   |   32K   |      11.5GB       |        8.2GB        | 58.2 |
| Qwen-14B  |   8K    |      18.7GB       |       13.0GB        | 66.3 |
"""


def test_memory_under_unknown_chinese_header_is_no_benchmark() -> None:
    found = {(r.model, r.benchmark, r.value) for r in records(CJK_SPEC_SHEET)}
    assert found == {("qwen-7b", "mmlu", 58.2), ("qwen-14b", "mmlu", 66.3)}


def test_chatgpt_16k_is_the_16k_turbo_model() -> None:
    assert vocabulary().model_id("ChatGPT-3.5-16k") == "gpt-3.5-turbo-16k"
    assert vocabulary().model_id("ChatGPT") == "gpt-3.5-turbo"
