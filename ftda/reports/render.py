"""From a report document (ftda.reports.compose) to HTML context, PDF bytes and XLSX bytes."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ftda import pdf
from ftda.reports import charts, formats, xlsx


def sections_for_display(document, narratives=None):
    """The document's sections with their charts drawn as safe inline SVG."""
    narratives = narratives or {}
    sections = []
    for index, section in enumerate(document["sections"], start=1):
        drawn = []
        for chart_index, chart in enumerate(section["charts"], start=1):
            title_id = f"graphique-{index}-{chart_index}"
            drawn.append(
                {
                    **chart,
                    "title_id": title_id,
                    # charts.render strips scripts, handlers, styles and external links
                    "svg": mark_safe(charts.render(chart, title_id=title_id)),  # noqa: S308
                    "rows": [
                        (label, [chart["series"][name][i] for name in chart["series"]])
                        for i, label in enumerate(chart["labels"])
                    ],
                }
            )
        sections.append(
            {
                **section,
                "number": index,
                "anchor": f"section-{section['key']}",
                "charts": drawn,
                "narrative": narratives.get(section["key"], ""),
            }
        )
    return sections


def context(document, narratives=None, report=None):
    period, previous = document["period"], document["previous_period"]
    return {
        "document": document,
        "sections": sections_for_display(document, narratives),
        "period_label": formats.period_long(period["start"], period["end"]),
        "previous_label": formats.period_long(previous["start"], previous["end"]),
        "report": report,
    }


def status_line(report):
    if report is None or not report.is_published:
        return "Brouillon (chiffres non figés)"
    published_at = report.published_at
    return (
        f"Version {report.version} publiée le {formats.date_long(published_at.date())} "
        f"par {report.published_by}"
    )


def pdf_bytes(document, narratives=None, report=None) -> bytes:
    html = render_to_string(
        "reports/pdf/report.html",
        {
            **context(document, narratives, report),
            "status_line": status_line(report),
            "static_base": pdf.STATIC_BASE_URL,
        },
    )
    return pdf.render_pdf(html)


def xlsx_bytes(document, narratives=None, report=None) -> bytes:
    return xlsx.render_xlsx(document, narratives=narratives, status_line=status_line(report))
