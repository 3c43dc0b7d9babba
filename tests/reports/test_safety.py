"""The PDF renderer's URL fetcher, the SVG sanitiser and XLSX formula neutralisation."""

import pytest

from ftda.pdf import RefusedURL, render_pdf, safe_url_fetcher
from ftda.reports import charts
from ftda.reports.xlsx import neutralise


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://example.com/style.css",
        "https://example.com/static/css/app.css",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.com/x",
        "https://static.ftda.invalid/static/../ftda/settings.py",
        "https://static.ftda.invalid/static/%2e%2e/ftda/settings.py",
        "https://static.ftda.invalid/media/rapports/x.pdf",
        "https://user:pw@static.ftda.invalid/static/css/app.css",
        "https://static.ftda.invalid.example.com/static/css/app.css",
        "javascript:alert(1)",
    ],
)
def test_the_url_fetcher_refuses_everything_but_data_and_static_files(url):
    with pytest.raises((RefusedURL, ValueError)):
        safe_url_fetcher(url)


def test_the_url_fetcher_serves_data_urls_and_static_files():
    assert safe_url_fetcher("data:text/plain,bonjour").read() == b"bonjour"
    css = safe_url_fetcher("https://static.ftda.invalid/static/css/report-pdf.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"


def test_a_pdf_referencing_a_local_file_does_not_embed_it(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body::after { content: 'SECRET-42'; }")
    html = (
        f'<link rel="stylesheet" href="file://{secret}">'
        f'<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        f'<img src="file:///etc/hostname"><p>Bonjour</p>'
    )
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(render_pdf(html))).pages[0].extract_text()
    assert "Bonjour" in text
    assert "SECRET-42" not in text


def test_charts_are_inline_svg_without_script_style_or_external_reference():
    svg = charts.render(
        {
            "title": "Entrées",
            "kind": "bar",
            "labels": ["<script>alert(1)</script>", "févr."],
            "series": {"Entrées": [12, 1400], "Sorties": [3, None]},
        },
        title_id="g1",
    )
    lowered = svg.lower()
    assert svg.startswith("<svg ")
    for forbidden in ("<script", "<style", " style=", "onload", "onclick", "href=", "javascript:"):
        assert forbidden not in lowered, forbidden
    assert "&lt;script&gt;" in svg  # a label is text, not markup
    assert 'fill="#7fb3d5"' in svg  # pygal's colours applied as presentation attributes
    assert "1\u202f400" in svg  # French number formats on values


@pytest.mark.parametrize("kind", ["bar", "line", "pie", "stacked_bar", "horizontal_bar"])
def test_every_chart_kind_renders(kind):
    svg = charts.render({"title": "T", "kind": kind, "labels": ["a", "b"], "series": {"n": [1, 2]}})
    assert "<svg" in svg and "<script" not in svg


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("CPH d'Angers", "CPH d'Angers"),
        (939, 939),
        (-2, -2),
    ],
)
def test_xlsx_text_cells_that_look_like_formulas_are_neutralised(value, expected):
    assert neutralise(value) == expected
