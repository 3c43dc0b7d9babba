"""Charts of the report: pygal draws them server-side as SVG, which is then made safe to
inline in HTML and PDF.

Safety and CSP: the SVG keeps no script, no event handler, no external reference and no
`<style>` element or `style` attribute. pygal's stylesheet is applied to the elements as
SVG presentation attributes (fill, stroke, font-size…) with cssselect2, the selector engine
WeasyPrint uses, so the chart looks the same under a `default-src 'self'` CSP that forbids
inline styles and scripts, and in the PDF.
"""

import re
import xml.etree.ElementTree as ET  # only serialises; parsing goes through defusedxml

import cssselect2
import pygal
import tinycss2
from defusedxml.ElementTree import fromstring
from pygal.style import Style

from ftda.reports import formats

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# Light enough for the black value labels printed on them (contrast ≥ 7:1).
COLORS = ("#7fb3d5", "#f5b041", "#82e0aa", "#f1948a", "#bb8fce", "#f7dc6f", "#76d7c4")

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    opacity=".9",
    opacity_hover=".9",
    colors=COLORS,
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=12,
    title_font_size=14,
    value_font_size=11,
)

PRESENTATION = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "visibility",
}

KINDS = {
    "bar": pygal.Bar,
    "stacked_bar": pygal.StackedBar,
    "line": pygal.Line,
    "pie": pygal.Pie,
    "horizontal_bar": pygal.HorizontalBar,
}


def _formatter(value):
    return formats.number(value)


def _draw(chart: dict) -> str:
    kind = KINDS.get(chart.get("kind"), pygal.Bar)
    options = {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 720,
        "height": 360,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "print_values": kind is not pygal.Line,
        "value_formatter": _formatter,
        "formatter": _formatter,
        "no_data_text": "Aucune donnée",
        "x_label_rotation": 30 if len(chart["labels"]) > 6 else 0,
        "truncate_legend": -1,
        "truncate_label": -1,
    }
    numbers = [v for values in chart["series"].values() for v in values if v is not None]
    if numbers and all(float(v).is_integer() for v in numbers) and 0 <= max(numbers) < 8:
        options["y_labels"] = list(range(int(max(numbers)) + 2))  # no 0,5 person
    drawing = kind(**options)
    if kind is pygal.Pie:
        # one slice per label, from the first series
        values = next(iter(chart["series"].values()), [])
        for label, value in zip(chart["labels"], values, strict=False):
            drawing.add(label, [value])
    else:
        drawing.x_labels = chart["labels"]
        for name, values in chart["series"].items():
            drawing.add(name, values)
    return drawing.render(is_unicode=True)


def _rules(css_text):
    """(selector, declarations, importance) from pygal's stylesheet, hover rules skipped."""
    rules = tinycss2.parse_stylesheet(css_text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if rule.type != "qualified-rule":
            continue
        prelude = tinycss2.serialize(rule.prelude)
        if ":hover" in prelude or ".active" in prelude:
            continue
        declarations = [
            d
            for d in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
            if d.type == "declaration" and d.lower_name in PRESENTATION
        ]
        if not declarations:
            continue
        try:
            selectors = cssselect2.compile_selector_list(rule.prelude)
        except cssselect2.SelectorError:
            continue
        yield selectors, declarations


def _inline_styles(root):
    matcher = cssselect2.Matcher()
    css = "".join(style.text or "" for style in root.iter(f"{{{SVG_NS}}}style"))
    order = 0
    for selectors, declarations in _rules(css):
        for selector in selectors:
            order += 1
            matcher.add_selector(selector, (order, declarations))
    for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        matches = matcher.match(element)
        if not matches:
            continue
        values = {}
        # Normal declarations by specificity then order; !important ones win over them.
        for important in (False, True):
            for _specificity, _order, _pseudo, (_, declarations) in sorted(
                matches, key=lambda m: (m[0], m[1])
            ):
                for declaration in declarations:
                    if declaration.important == important:
                        value = tinycss2.serialize(declaration.value).strip()
                        values[declaration.lower_name] = value
        for name, value in values.items():
            element.etree_element.set(name, value)


def _strip(root):
    """Remove what could run or fetch: scripts, styles, handlers, foreign content, links out."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
            if not isinstance(child.tag, str) or tag in {
                "script",
                "style",
                "foreignObject",
                "iframe",
                "image",
                "use",
            }:
                parent.remove(child)
    for element in root.iter():
        if element is not root:
            element.attrib.pop("id", None)  # pygal repeats ids from chart to chart
        for name in list(element.attrib):
            local = name.split("}")[-1].lower()
            value = element.attrib[name].strip().lower()
            handler_or_style = local.startswith("on") or local == "style"
            link_out = local == "href" and not value.startswith("#")
            if handler_or_style or link_out or re.search(r"(javascript|data|vbscript):", value):
                del element.attrib[name]


def sanitize(svg_text: str) -> str:
    root = fromstring(svg_text)
    _inline_styles(root)
    _strip(root)
    root.set("role", "img")
    return ET.tostring(root, encoding="unicode")


def render(chart: dict, *, title_id="") -> str:
    """The chart as a safe, style-free inline SVG string."""
    svg = sanitize(_draw(chart))
    if title_id:
        svg = svg.replace("<svg ", f'<svg aria-labelledby="{title_id}" ', 1)
    return svg
