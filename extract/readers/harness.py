"""lm-evaluation-harness result files (`results` / `versions` / `config`).

One record per task metric, `*_stderr` skipped; `hendrycksTest-<subject>` is the MMLU
subject `mmlu_<subject>` (no MMLU average is invented). The model and its load
configuration come from `config.model_args` (a local checkpoint path names the model by
its last parts), the n-shot from `n-shot`, `configs.<task>.num_fewshot` or the file name.
"""

from __future__ import annotations

import re

from benchtable.extract.headers import merge_protocols, parse_benchmark, parse_protocol, unknown_benchmark_id
from benchtable.extract.labels import ModelLabel, parse_model_label
from benchtable.extract.readers.json import JNode, JsonText, pointer
from benchtable.extract.records import Reading, document_citation, score_record, stated_scale
from benchtable.extract.registry import DocumentInput
from benchtable.schema.records import Configuration, Protocol, Scale, ScoreRecord
from benchtable.schema.vocabulary import fold, vocabulary

_HARNESS_MODEL_CLASSES = {
    "gpt2",
    "hf",
    "hf-causal",
    "hf-causal-experimental",
    "hf-seq2seq",
    "hf-auto",
    "huggingface",
    "vllm",
    "openai",
    "openai-completions",
    "local-completions",
    "gguf",
    "ggml",
    "anthropic",
    "textsynth",
    "dummy",
    "sparseml",
    "neuralmagic",
    "mamba_ssm",
}
_SIZE = re.compile(r"^\d+(?:\.\d+)?[BbMm]$")
_PERPLEXITY_METRICS = {"ppl", "perplexity", "word_perplexity", "byte_perplexity"}


def is_harness_result(root: JNode) -> bool:
    results = root.get("results") if root.kind == "object" else None
    if results is None or results.kind != "object" or not results.members:
        return False
    return all(v.kind == "object" for _, v in results.members)


def parse_model_args(model_args: str) -> dict[str, str]:
    """`pretrained=meta-llama/Llama-2-7b-hf,dtype=bfloat16` as a dict."""
    out: dict[str, str] = {}
    for part in model_args.split(","):
        if "=" in part:
            k, _, v = part.partition("=")
            out[k.strip()] = v.strip()
    return out


def _model_from_path(path: str) -> str:
    """A local checkpoint path names a model by its last parts: `.../LLaMA/.../7B` is `LLaMA 7B`."""
    parts = [p for p in re.split(r"[\\/]+", path) if p and p not in {".", ".."}]
    if not parts:
        return path
    last = parts[-1]
    if _SIZE.match(last):
        families = {m.family for m in vocabulary().models.values()}
        for p in reversed(parts[:-1]):
            base = re.split(r"[-_.]?\d", p, maxsplit=1)[0].lower()
            if base in families or fold(p) in families:
                return f"{p} {last}"
        return f"{parts[-2]} {last}" if len(parts) > 1 else last
    return last


def harness_model(root: JNode, doc: DocumentInput) -> tuple[str | None, Configuration]:
    """The evaluated model and its load configuration from `config`."""
    config = root.get("config")
    name: str | None = None
    precision: str | None = None
    quant_method: str | None = None
    bits: float | None = None
    if config is not None and config.kind == "object":
        args_node = config.get("model_args")
        args = parse_model_args(args_node.value) if args_node and args_node.kind == "string" else {}
        pretrained = args.get("pretrained") or args.get("model") or args.get("path")
        if pretrained:
            if pretrained.startswith(("/", "./", "~", "\\")) or re.match(r"^[A-Za-z]:\\", pretrained):
                name = _model_from_path(pretrained)
            else:
                name = pretrained
        model_node = config.get("model")
        if name is None and model_node is not None and model_node.kind == "string":
            value = str(model_node.value)
            if value.lower() not in _HARNESS_MODEL_CLASSES:
                name = value
        dtype = (args.get("dtype") or args.get("torch_dtype") or "").lower()
        precision = {
            "bfloat16": "bf16",
            "bf16": "bf16",
            "float16": "fp16",
            "fp16": "fp16",
            "half": "fp16",
            "float32": "fp32",
            "fp32": "fp32",
            "float": "fp32",
        }.get(dtype)
        if args.get("load_in_8bit", "").lower() == "true":
            quant_method, bits, precision = "bitsandbytes", 8.0, None
        elif args.get("load_in_4bit", "").lower() == "true":
            quant_method, bits, precision = "bitsandbytes", 4.0, None
    if doc.model:
        name = doc.model
    return name, Configuration(precision=precision, quant_method=quant_method, bits=bits)


def _shots(root: JNode, task: str, doc: DocumentInput) -> int | None:
    for key in ("n-shot", "n_shot"):
        per_task = root.get(key)
        if per_task is not None and per_task.kind == "object":
            node = per_task.get(task)
            if node is not None and node.is_number:
                return int(node.value)
    configs = root.get("configs")
    if configs is not None and configs.kind == "object":
        tc = configs.get(task)
        nf = tc.get("num_fewshot") if tc is not None and tc.kind == "object" else None
        if nf is not None and nf.is_number:
            return int(nf.value)
    config = root.get("config")
    if config is not None and config.kind == "object":
        nf = config.get("num_fewshot")
        if nf is not None and nf.is_number:
            return int(nf.value)
    return parse_protocol(doc.url.rsplit("/", 1)[-1]).n_shot


def harness_benchmark(task: str) -> tuple[str, str]:
    """(benchmark id, label) of a harness task name."""
    bench = parse_benchmark(task)
    if bench.benchmark_id:
        return bench.benchmark_id, task
    return unknown_benchmark_id(task), task


def _harness_label(name: str) -> ModelLabel:
    """The model of a checkpoint name; a conversion suffix (`-hf`) does not hide a known model."""
    model = parse_model_label(name)
    voc = vocabulary()
    if model.model_id not in voc.models:
        bare = re.sub(r"[-_]hf$", "", name, flags=re.IGNORECASE)
        if bare != name:
            other = parse_model_label(bare)
            if other.model_id in voc.models:
                return ModelLabel(name, other.name, other.model_id, other.configuration)
    return model


def harness_records(doc: DocumentInput, jt: JsonText) -> list[ScoreRecord]:
    root = jt.root
    results = root.get("results")
    assert results is not None
    model_name, config = harness_model(root, doc)
    if model_name is None:
        return []
    model = _harness_label(model_name)
    if model.configuration != Configuration():
        config = model.configuration
    out: list[ScoreRecord] = []
    for task, metrics in results.members:
        if metrics.kind != "object":
            continue
        bench_id, label = harness_benchmark(task)
        shots = _shots(root, task, doc)
        for key, node in metrics.members:
            metric, _, filt = key.partition(",")
            if "stderr" in metric.lower() or not node.is_number or metric == "alias":
                continue
            metric_name = metric
            proto = merge_protocols(
                Protocol(
                    n_shot=shots,
                    metric=metric_name,
                    details=f"filter: {filt}" if filt and filt != "none" else None,
                ),
                parse_protocol(task),
            )
            raw = jt.raw(node)
            value = float(node.value)
            reading = Reading(
                model=model.model_id,
                model_label=model_name,
                configuration=config,
                benchmark=bench_id,
                benchmark_label=label,
                protocol=proto,
                value=value,
                raw=raw,
                scale=_metric_scale(metric, bench_id, value, raw),
            )
            quote = f"{task}: {key} = {raw}"
            citation = document_citation(doc, quote, jt.line(node.start), pointer("results", task, key))
            out.append(score_record(doc, reading, citation))
    return out


def _metric_scale(metric: str, bench_id: str, value: float, raw: str) -> Scale:
    """A perplexity metric is a perplexity, bits per byte a score, else the benchmark's scale."""
    if metric.lower() in _PERPLEXITY_METRICS:
        return Scale.PERPLEXITY
    if metric.lower() in {"bits_per_byte", "bpb"}:
        return Scale.SCORE
    return stated_scale(bench_id, value, raw)
