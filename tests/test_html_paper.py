"""LaTeXML (arXiv HTML) paper tables: hand-made fixtures in the shape LaTeXML writes."""

from __future__ import annotations

from benchtable.extract.readers.html import read_html_paper_tables
from benchtable.extract.registry import DocumentInput, for_content_type

PAGE = """<!DOCTYPE html>
<html><body>
<section class="ltx_section" id="S4">
<p class="ltx_p">Results follow.</p>
<figure class="ltx_table" id="S4.T3">
<figcaption class="ltx_caption ltx_centering"><span class="ltx_tag ltx_tag_table">Table 3: </span>Toy perplexity, <math alttext="\\downarrow" display="inline"><semantics><mo>↓</mo><annotation encoding="application/x-tex">\\downarrow</annotation></semantics></math> is better.</figcaption>
<table class="ltx_tabular ltx_centering ltx_guessed_headers ltx_align_middle" id="S4.T3.1">
<thead class="ltx_thead">
<tr class="ltx_tr">
<th class="ltx_td ltx_align_left ltx_th ltx_th_column ltx_border_tt" rowspan="2">Method</th>
<th class="ltx_td ltx_align_center ltx_th ltx_th_column ltx_border_tt" colspan="2">LLaMA</th>
</tr>
<tr class="ltx_tr">
<th class="ltx_td ltx_align_center ltx_th ltx_th_column">7B</th>
<th class="ltx_td ltx_align_center ltx_th ltx_th_column">13B</th>
</tr>
</thead>
<tbody class="ltx_tbody">
<tr class="ltx_tr">
<td class="ltx_td ltx_align_left ltx_border_t">RTN</td>
<td class="ltx_td ltx_align_center ltx_border_t">6.29</td>
<td class="ltx_td ltx_align_center ltx_border_t">5.53<sup class="ltx_sup">†</sup></td>
</tr>
<tr class="ltx_tr">
<td class="ltx_td ltx_align_left ltx_border_bb">GPTQ</td>
<td class="ltx_td ltx_align_center ltx_border_bb"><span class="ltx_text ltx_font_bold">6.13</span></td>
<td class="ltx_td ltx_align_center ltx_border_bb"><math alttext="-0.4" display="inline"><semantics><mn>−0.4</mn><annotation encoding="application/x-tex">-0.4</annotation></semantics></math></td>
</tr>
</tbody>
</table>
</figure>
<figure class="ltx_figure" id="S4.F2"><table class="ltx_tabular"><tr><td>not</td><td>a table</td></tr>
<tr><td>1</td><td>2</td></tr></table>
<figcaption class="ltx_caption">Figure 2: A plot.</figcaption></figure>
<figure class="ltx_table" id="S4.T4">
<table class="ltx_tabular ltx_align_middle" id="S4.T4.1">
<tbody class="ltx_tbody">
<tr class="ltx_tr"><td class="ltx_td">Model</td><td class="ltx_td">MMLU</td></tr>
<tr class="ltx_tr"><td class="ltx_td" rowspan="2">Fam</td><td class="ltx_td">61.0</td></tr>
<tr class="ltx_tr"><td class="ltx_td">62.5</td></tr>
</tbody>
</table>
<figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_table">Table 4: </span>Caption after the table.</figcaption>
</figure>
</section>
</body></html>
"""


def doc(html: str) -> DocumentInput:
    return DocumentInput(data=html.encode(), content_type="text/html", url="test://paper.html", sha256="0")


def test_latexml_table_with_spans() -> None:
    tables = read_html_paper_tables(doc(PAGE))
    assert [t.index for t in tables] == [2, 3]
    t = tables[0]
    assert t.caption == "Table 3: Toy perplexity, \\downarrow is better."
    assert t.header_rows == 2
    texts = [[c.text for c in r] for r in t.rows]
    assert texts == [
        ["Method", "LLaMA", "LLaMA"],
        ["Method", "7B", "13B"],
        ["RTN", "6.29", "5.53^†"],
        ["GPTQ", "6.13", "-0.4"],
    ]
    assert [c.spanned for c in t.rows[0]] == [False, False, True]
    assert t.rows[1][0].spanned
    assert t.rows[2][2].raw == "5.53 †"
    assert t.rows[3][1].emphasis and not t.rows[3][0].emphasis
    # source lines of the cell elements
    lines = PAGE.splitlines()
    l1, l2 = t.rows[2][1].line, t.rows[3][0].line
    assert l1 is not None and l2 is not None
    assert "6.29" in lines[l1 - 1]
    assert "GPTQ" in lines[l2 - 1]


def test_rowspan_in_body_and_caption_after_table() -> None:
    t = read_html_paper_tables(doc(PAGE))[1]
    assert t.caption == "Table 4: Caption after the table."
    assert [[c.text for c in r] for r in t.rows] == [["Model", "MMLU"], ["Fam", "61.0"], ["Fam", "62.5"]]
    assert t.rows[2][0].spanned
    assert t.header_rows == 1


def test_no_latexml_tables() -> None:
    assert read_html_paper_tables(doc("<html><body><table><tr><td>a</td></tr></table></body></html>")) == []


def test_registered_for_html() -> None:
    assert "html-paper" in [r.name for r in for_content_type("text/html; charset=utf-8")]
