"""A long-context table of cards and READMEs (issue 11): an HTML header whose second row is the
values of a spanning setting (`Sequence Length` over `1024 | 2048`, all `<th>`, no `<thead>`) is a
header row; a `+ dynamic_ntk` row is the model above run with that inference technique (its
protocol details), not a model called `+dynamicntk`; `the arXiv dataset` names the perplexity's
data set, a citation `arXiv:...` does not."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.readers.html import grid_from_table
from benchtable.schema.records import ScoreRecord

LONG_CONTEXT = """\
## Long context

We measure language modeling on the arXiv dataset with the PPL evaluation. Results:

<table>
<tr><th rowspan="2">Model</th><th colspan="3">Sequence Length</th></tr>
<tr><th>1024</th><th>4096</th><th>8192</th></tr>
<tr><td>Toy-LM-7B</td><td>4.10</td><td>30.50</td><td>400.25</td></tr>
<tr><td>+ dynamic_ntk</td><td>4.10</td><td>3.70</td><td>3.90</td></tr>
<tr><td>+ dynamic_ntk + logn</td><td>4.10</td><td>3.60</td><td>3.65</td></tr>
</table>
"""


def extract(text: str) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", "https://example.org/readme.md", "0" * 64)
    return extract_document(doc)


def test_a_th_row_of_numbers_under_a_rowspan_stub_is_a_header_row() -> None:
    # on main `1024 | 4096 | 8192` was the first body row (`<th>` cells of numbers were data)
    table = BeautifulSoup(LONG_CONTEXT, "html.parser").find("table")
    assert isinstance(table, Tag)
    _, header_rows = grid_from_table(table, 0)
    assert header_rows == 2


def test_a_plus_technique_row_is_the_model_above_with_the_technique_in_its_details() -> None:
    # on main the table gave no record; with the header read, the rows were models `+dynamicntk`
    records = extract(LONG_CONTEXT)
    assert {r.model for r in records} == {"toy-lm-7b"}
    assert len(records) == 9
    ntk = {
        (r.protocol.context_length, r.value, r.protocol.details)
        for r in records
        if r.citation.locator.row == 3
    }
    assert (4096, 3.7, "Sequence Length 4096; + dynamic_ntk") in ntk


def test_a_perplexity_on_the_arxiv_dataset_is_arxiv_ppl() -> None:
    # on main `the arXiv dataset` named no perplexity data set: the benchmark stayed `perplexity`
    assert {r.benchmark for r in extract(LONG_CONTEXT)} == {"arxiv_ppl"}


def test_an_arxiv_citation_names_no_perplexity_dataset() -> None:
    cited = LONG_CONTEXT.replace("on the arXiv dataset", "(arXiv:2306.00001) on held-out text")
    assert {r.benchmark for r in extract(cited)} <= {"perplexity"}


def test_a_plus_row_adding_a_training_step_is_not_the_model_above() -> None:
    trained = LONG_CONTEXT.replace("+ dynamic_ntk + logn", "+ SFT")
    assert all(r.model != "toy-lm-7b" for r in extract(trained) if r.citation.locator.row == 4)
