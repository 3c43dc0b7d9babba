"""Files for the import tests and the import bench: good ones and hostile ones."""

import io
import zipfile

import openpyxl

STRUCTURES_HEADER = "Nom;Type;Département;Ville;Adresse;Ouverture;Fermeture\n"


def structures_csv(rows, *, encoding="utf-8") -> bytes:
    lines = [STRUCTURES_HEADER.replace(";", ",")]
    lines += [",".join(row) + "\n" for row in rows]
    return "".join(lines).encode(encoding)


def good_xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nom", "Type", "Département", "Ville", "Adresse", "Ouverture", "Fermeture"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rezip(xlsx: bytes, replace: dict) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = replace.get(item.filename, source.read(item.filename))
            target.writestr(item.filename, data)
    return out.getvalue()


def xml_bomb_xlsx() -> bytes:
    """« Billion laughs » in the first sheet: ten levels of ten entity references."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    sheet = (
        '<?xml version="1.0"?>\n<!DOCTYPE worksheet [' + "".join(entities) + "]>\n"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _rezip(good_xlsx([]), {"xl/worksheets/sheet1.xml": sheet.encode()})


def zip_bomb_xlsx(megabytes=64) -> bytes:
    """A sheet that inflates from a few hundred kilobytes to `megabytes`."""
    return _rezip(good_xlsx([]), {"xl/worksheets/sheet1.xml": b" " * (megabytes * 1024 * 1024)})


def million_rows_csv() -> bytes:
    return STRUCTURES_HEADER.encode() + b"a,b\n" * 1_000_000


def many_rows_xlsx(count) -> bytes:
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, count + 2))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    return _rezip(good_xlsx([]), {"xl/worksheets/sheet1.xml": sheet.encode()})


PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
