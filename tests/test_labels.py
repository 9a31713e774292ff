"""Model ids and configurations from printed model labels."""

from __future__ import annotations

import pytest

from benchtable.extract.labels import parse_configuration, parse_model_label, same_model, slugify
from benchtable.schema.records import Configuration


def config(label: str) -> dict[str, object]:
    return parse_model_label(label).configuration.model_dump(exclude_none=True)


def test_qwen_int4_in_parentheses() -> None:
    m = parse_model_label("Qwen-7B-Chat (Int4)")
    assert m.model_id == "qwen-7b-chat"
    assert m.name == "Qwen-7B-Chat"
    assert m.label == "Qwen-7B-Chat (Int4)"
    assert m.configuration.bits == 4
    assert m.configuration.quant_format == "int4"


def test_bf16_label_is_a_precision_not_a_quantization() -> None:
    m = parse_model_label("Qwen-7B-Chat (BF16)")
    assert m.model_id == "qwen-7b-chat"
    assert m.configuration == Configuration(precision="bf16")


def test_fp16_suffix() -> None:
    m = parse_model_label("Mistral-7B FP16")
    assert m.model_id == "mistral-7b"
    assert m.configuration == Configuration(precision="fp16")


def test_plain_label_has_the_empty_configuration() -> None:
    m = parse_model_label("Qwen-7B-Chat")
    assert m.model_id == "qwen-7b-chat"
    assert m.configuration == Configuration()


def test_llamacpp_q4_0_keeps_lowercase_format() -> None:
    m = parse_model_label("LLaMA-13B q4_0")
    assert m.model_id == "llama-13b"
    assert config("LLaMA-13B q4_0") == {"quant_method": "llama.cpp", "bits": 4.0, "quant_format": "q4_0"}


def test_llamacpp_k_quant() -> None:
    m = parse_model_label("LLaMA-13B Q5_K_M")
    assert m.model_id == "llama-13b"
    assert config("LLaMA-13B Q5_K_M") == {"quant_method": "llama.cpp", "bits": 5.0, "quant_format": "Q5_K_M"}


def test_llamacpp_file_suffix_is_removed_from_the_name() -> None:
    m = parse_model_label("llama-2-70b.Q4_K_S")
    assert m.model_id == "llama-2-70b"
    assert m.configuration.quant_format == "Q4_K_S"


def test_weight_bits_and_group_size_token() -> None:
    m = parse_model_label("LLaMA-7B w3g128")
    assert m.model_id == "llama-7b"
    assert m.configuration.bits == 3
    assert m.configuration.group_size == 128


def test_bits_with_method_in_parentheses() -> None:
    m = parse_model_label("LLaMA-7B 8bits(GPTQ)")
    assert m.model_id == "llama-7b"
    assert config("LLaMA-7B 8bits(GPTQ)") == {"quant_method": "gptq", "bits": 8.0}


def test_bits_and_group_written_apart() -> None:
    m = parse_model_label("LLaMA-7B 4bit 128g")
    assert m.model_id == "llama-7b"
    assert config("LLaMA-7B 4bit 128g") == {"bits": 4.0, "group_size": 128}


def test_gptq_int8_suffix() -> None:
    m = parse_model_label("Qwen-14B-Chat-GPTQ-Int8")
    assert m.model_id == "qwen-14b-chat"
    assert config("Qwen-14B-Chat-GPTQ-Int8") == {"quant_method": "gptq", "bits": 8.0, "quant_format": "int8"}


def test_awq_without_bit_width() -> None:
    m = parse_model_label("Qwen-7B-Chat-AWQ")
    assert m.model_id == "qwen-7b-chat"
    assert config("Qwen-7B-Chat-AWQ") == {"quant_method": "awq"}


def test_fractional_bits_per_weight() -> None:
    m = parse_model_label("Llama-2-70b 3.45 bits")
    assert m.model_id == "llama-2-70b"
    assert m.configuration.bits == 3.45


def test_bitsandbytes_nf4() -> None:
    assert config("LLaMA-7B nf4") == {"quant_method": "bitsandbytes", "bits": 4.0, "quant_format": "nf4"}


def test_sixteen_bit_is_unquantized() -> None:
    m = parse_model_label("LLaMA-7B 16bit")
    assert m.configuration.bits is None
    assert m.configuration.quant_method is None


def test_parse_configuration_returns_the_rest_of_the_label() -> None:
    rest, cfg = parse_configuration("Qwen-7B-Chat (GPTQ-Int4)")
    assert rest == "Qwen-7B-Chat"
    assert cfg == Configuration(quant_method="gptq", bits=4.0, quant_format="int4")


def test_configuration_only_label_leaves_no_name() -> None:
    rest, cfg = parse_configuration("BF16")
    assert rest == ""
    assert cfg.precision == "bf16"


@pytest.mark.parametrize(
    ("label", "model_id"),
    [
        ("Llama 2 7B", "llama-2-7b"),
        ("meta-llama/Llama-2-7b-hf", "llama-2-7b"),
        ("LLaMA-30B", "llama-33b"),
        ("LLaMA 2 13B", "llama-2-13b"),
        ("gpt-4-0314", "gpt-4"),
        ("ChatGPT", "gpt-3.5-turbo"),
    ],
)
def test_vocabulary_aliases_give_the_canonical_id(label: str, model_id: str) -> None:
    assert parse_model_label(label).model_id == model_id


@pytest.mark.parametrize(
    ("label", "model_id"),
    [
        ("MPT-7B", "mpt-7b"),
        ("EleutherAI/gpt-j-6b", "gpt-j-6b"),
        ("GPT-4 (May 2023)", "gpt-4-may-2023"),
        ("Qwen2.5-72B-Instruct", "qwen2.5-72b-instruct"),
    ],
)
def test_unknown_model_becomes_a_slug_of_its_name(label: str, model_id: str) -> None:
    assert parse_model_label(label).model_id == model_id


def test_unknown_model_slug_keeps_the_printed_word_order() -> None:
    assert parse_model_label("MPT-Chat 7B").model_id == "mpt-chat-7b"


def test_greek_letters_are_spelled_out() -> None:
    assert parse_model_label("Zephyr-7b-β").model_id == "zephyr-7b-beta"


def test_trailing_hf_suffix_is_dropped() -> None:
    assert parse_model_label("Llama-2-7b-chat-hf").model_id == "llama-2-7b-chat"


def test_slugify_drops_organisation_and_punctuation() -> None:
    assert slugify("org/My Model_v2") == "my-model-v2"
    assert slugify("   ") == "unknown"


def test_same_model_ignores_case_and_separators() -> None:
    assert same_model("Qwen-7B-Chat", "qwen 7b chat")
    assert not same_model("Qwen-7B", "Qwen-14B")


QUANTIZED_LABELS = [
    # label, model id, configuration fields
    (
        "Acme-7B q4_K_M (llama.cpp)",
        "acme-7b",
        {"quant_method": "llama.cpp", "bits": 4.0, "quant_format": "Q4_K_M"},
    ),
    (
        "Acme-7B (llama.cpp q4_0)",
        "acme-7b",
        {"quant_method": "llama.cpp", "bits": 4.0, "quant_format": "q4_0"},
    ),
    (
        "Acme-7B llama.cpp Q5_K_S",
        "acme-7b",
        {"quant_method": "llama.cpp", "bits": 5.0, "quant_format": "Q5_K_S"},
    ),
    ("Acme-7B Q5_K_S", "acme-7b", {"quant_method": "llama.cpp", "bits": 5.0, "quant_format": "Q5_K_S"}),
    ("Acme-7B GGUF Q8_0", "acme-7b", {"quant_method": "llama.cpp", "bits": 8.0, "quant_format": "q8_0"}),
    (
        "Acme-7B (GGUF, IQ2_XXS)",
        "acme-7b",
        {"quant_method": "llama.cpp", "bits": 2.0, "quant_format": "IQ2_XXS"},
    ),
    ("acme-7b.Q4_K_M.gguf", "acme-7b", {"quant_method": "llama.cpp", "bits": 4.0, "quant_format": "Q4_K_M"}),
    ("Acme-7B EXL2 4.0bpw", "acme-7b", {"quant_method": "exl2", "bits": 4.0}),
    ("Acme-7B (exllamav2, 6.5 bpw)", "acme-7b", {"quant_method": "exl2", "bits": 6.5}),
    ("Acme-7B AWQ", "acme-7b", {"quant_method": "awq"}),
    ("AWQ Acme-7B 4-bit g128", "acme-7b", {"quant_method": "awq", "bits": 4.0, "group_size": 128}),
    ("Acme-7B GPTQ-Int4", "acme-7b", {"quant_method": "gptq", "bits": 4.0, "quant_format": "int4"}),
    (
        "Acme-7B-Instruct-GPTQ-Int8",
        "acme-7b-instruct",
        {"quant_method": "gptq", "bits": 8.0, "quant_format": "int8"},
    ),
    ("Acme-7B Int4", "acme-7b", {"bits": 4.0, "quant_format": "int4"}),
    ("Acme-7B w4a16", "acme-7b", {"bits": 4.0, "quant_format": "w4a16"}),
    ("Acme-7B w3g128", "acme-7b", {"bits": 3.0, "group_size": 128, "quant_format": "w3g128"}),
    ("Acme-7B 4-bit", "acme-7b", {"bits": 4.0}),
    ("Acme-7B bnb NF4", "acme-7b", {"quant_method": "bitsandbytes", "bits": 4.0, "quant_format": "nf4"}),
    ("Acme-7B (BF16)", "acme-7b", {"precision": "bf16"}),
    ("Acme-7B-Chat FP16", "acme-7b-chat", {"precision": "fp16"}),
]


@pytest.mark.parametrize(
    ("label", "model_id", "fields"), QUANTIZED_LABELS, ids=[c[0] for c in QUANTIZED_LABELS]
)
def test_quantization_anywhere_in_the_label_is_cut_from_the_model_id(
    label: str, model_id: str, fields: dict[str, object]
) -> None:
    parsed = parse_model_label(label)
    assert (parsed.model_id, config(label)) == (model_id, fields)


def test_llama_cpp_named_after_the_name_is_not_part_of_the_model_id() -> None:
    """On main `Acme-7B q4_K_M (llama.cpp)` became the model `acme-7b-llama.cpp`."""
    assert parse_model_label("Acme-7B q4_K_M (llama.cpp)").model_id == "acme-7b"
    assert parse_model_label("Acme-7B (llama.cpp q4_0)").name == "Acme-7B"
