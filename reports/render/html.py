"""HTML for printing on A4: each table a page headed like the official form."""

from __future__ import annotations

from html import escape
from typing import BinaryIO

from ghfund.reports.model import Report, Table
from ghfund.reports.render.cells import shown

STYLE = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif; font-size: 10.5pt; color: #000; }
section { page-break-after: always; }
section:last-of-type { page-break-after: auto; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 2mm; }
.form { text-align: right; margin: 0; }
.head { display: flex; justify-content: space-between; margin: 1mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 1.2mm 2mm; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.l0 td { font-weight: bold; }
tr.l2 td:first-child { padding-left: 6mm; }
tr.l3 td:first-child { padding-left: 10mm; }
.notes { margin-top: 2mm; }
"""


def render(report: Report, out: BinaryIO) -> None:
    out.write(as_html(report).encode("utf-8"))


def as_html(report: Report) -> str:
    sections = "\n".join(_section(table, report) for table in report.tables)
    notes = "".join(f"<p>{escape(note)}</p>" for note in report.notes)
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(report.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{sections}\n{notes}</body>\n</html>\n"
    )


def _section(table: Table, report: Report) -> str:
    header = "".join(f"<th>{escape(column.title)}</th>" for column in table.columns)
    rows = []
    for record, level in zip(table.records(), table.levels(), strict=True):
        cells = "".join(
            f'<td class="n">{escape(shown(record[c.key], c))}</td>'
            if c.kind in ("money", "rate", "count")
            else f"<td>{escape(shown(record[c.key], c))}</td>"
            for c in table.columns
        )
        rows.append(f'<tr class="l{level}">{cells}</tr>')
    notes = "".join(f"<p>{escape(note)}</p>" for note in table.notes)
    return (
        f"<section>\n<h1>{escape(table.title)}</h1>\n"
        f'<p class="form">{escape(table.form)}</p>\n'
        f'<div class="head"><span>编制单位：{escape(report.union)}</span>'
        f"<span>{escape(table.period or report.period)}</span><span>单位：{escape(report.unit)}</span></div>\n"
        f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
        f'<div class="notes">{notes}</div>\n</section>'
    )
