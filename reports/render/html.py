"""HTML for printing on A4 (and, through WeasyPrint, the PDF): each statement starts a page
laid out like the official form (``ghfund.reports.render.form``), the form number,
编制单位, period and unit repeated on every page it spans, signed underneath."""

from __future__ import annotations

from html import escape
from typing import BinaryIO

from ghfund.reports.model import PROPOSED, Report, Table
from ghfund.reports.render import form
from ghfund.reports.render.cells import shown

NUMERIC = ("money", "rate", "count")
BLANK = '<span class="blank"></span>'  # a line to sign on
WIDE = 8  # a statement with more columns than this is printed on A4 landscape
DENSE = 7  # a table with more columns than this is set closer, in a smaller size

STYLE = """
@page { size: A4; margin: 12mm 12mm 15mm;
  @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; } }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", SimSun, serif;
  font-size: 10pt; color: #000; }
@page wide { size: A4 landscape; }
section { margin-bottom: 8mm; }
section.wide { page: wide; }
section.page { break-before: page; }
section:first-of-type { break-before: auto; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 2mm; }
section.flow h1 { text-align: left; font-size: 12pt; }
table { border-collapse: collapse; width: 100%; }
thead tr.form th, thead tr.head th { border: none; background: none; font-weight: normal; padding: 0 0 1mm; }
tr.form th { text-align: right; }
.head { text-align: center; }
.head .l { float: left; }
.head .r { float: right; }
table.statement td, td:first-child { white-space: nowrap; }
th, td { border: 1px solid #000; padding: 0.8mm 2mm; line-height: 1.3; }
th { white-space: nowrap; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.line { text-align: center; }
tr { break-inside: avoid; }
td.l0 { font-weight: bold; }
td.l2 { padding-left: 6mm; }
td.l3 { padding-left: 10mm; }
td.h { font-weight: bold; }
table.statement td { padding-top: 0.6mm; padding-bottom: 0.6mm; }
table.dense th, table.dense td { padding: 0.8mm 1mm; font-size: 9pt; }
.notes { margin-top: 2mm; }
.sign { display: flex; flex-wrap: wrap; justify-content: space-between; margin-top: 3mm;
  gap: 1mm 4mm; font-size: 9.5pt; }
.signed { break-inside: avoid; page-break-inside: avoid; }
.sign .seal { font-size: 7.5pt; }
.sign.issued { margin-top: 1mm; }
.stamp { display: inline-block; width: 30mm; }
p.proposed { background: #fff3b0; }
h1.document { font-size: 18pt; margin-bottom: 6mm; }
.blank { display: inline-block; width: 25mm; border-bottom: 1px solid #000; }
"""


def render(report: Report, out: BinaryIO) -> None:
    out.write(as_html(report).encode("utf-8"))


def as_html(report: Report, style: str = "") -> str:
    """The whole document; ``style`` is added after the stylesheet (the PDF's fonts)."""
    sections = "\n".join(
        _section(
            table,
            report,
            page=table.statement or table.page or (n > 0 and report.tables[n - 1].statement),
        )
        for n, table in enumerate(report.tables)
    )
    notes = "".join(f"<p>{escape(note)}</p>" for note in report.notes)
    # a document in words (a report draft) is headed by its title; forms carry their own
    title = (
        f'<h1 class="document">{escape(report.title)}</h1>\n'
        if any(table.prose for table in report.tables)
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(report.title)}</title>\n<style>{STYLE}{style}</style>\n</head>\n<body>\n"
        f"{title}{sections}\n{notes}</body>\n</html>\n"
    )


def _cell(cell: form.Cell) -> str:
    text = escape(shown(cell.value, cell.column))
    classes = []
    if cell.column is form.LINE_COLUMN:
        classes.append("line")
    elif cell.column.kind in NUMERIC:
        classes.append("n")
    elif cell.heading:
        classes.append("h")
    else:
        classes.append(f"l{cell.level}")
    if cell.level == 0 and cell.column.kind in NUMERIC and not cell.heading:
        classes.append("l0")
    return f'<td class="{" ".join(classes)}">{text}</td>'


def _paragraph(note: str) -> str:
    """A note; proposed wording (a draft's, to edit) highlighted."""
    proposed = ' class="proposed"' if note.startswith(PROPOSED) else ""
    return f"<p{proposed}>{escape(note)}</p>"


def _signatures(report: Report) -> str:
    """The signature block (第六十四条): each signer with a line to sign on and the place for
    the seal, then the union's seal and 报出日期."""
    signed = report.signatures
    if signed is None:
        return ""
    people = "".join(
        f"<span>{escape(title)}：{escape(name) or BLANK}"
        f'<span class="seal">{form.SEALED if sealed else "（签名）"}</span></span>'
        for title, name, sealed in signed.people
    )
    return (
        f'<div class="signed"><div class="sign">{people}</div>\n'
        f'<div class="sign issued"><span>{escape(signed.seal)}：<span class="stamp"></span></span>'
        f"<span>报出日期：{escape(form.issued_text(signed))}</span></div></div>\n"
    )


def _section(table: Table, report: Report, page: bool) -> str:
    """One table; ``page``: it starts a new page (a statement, and what follows one)."""
    header = form.header(table)
    width = len(header)
    titles = "".join(f"<th>{escape(column.title)}</th>" for column in header)
    rows = "\n".join(f"<tr>{''.join(_cell(cell) for cell in row)}</tr>" for row in form.body(table))
    notes = "".join(_paragraph(note) for note in table.notes)
    sign = _signatures(report) if table.statement else ""
    kind = "page" if page else "flow"
    if table.statement and width > WIDE:
        kind += " wide"  # a two-sided form with a column more per side: A4 landscape
    if table.rows.empty:  # a note in words: its lines under its title (if it has one)
        title = f"<h1>{escape(table.title)}</h1>\n" if table.title else ""
        return (
            f'<section class="{kind}">\n{title}<div class="notes">{notes}</div>\n{sign}</section>'
        )
    return (
        f'<section class="{kind}">\n<h1>{escape(table.title)}</h1>\n'
        f'<table class="{"statement" if table.statement else "list"}'
        f'{" dense" if width > DENSE else ""}">\n<thead>\n'
        f'<tr class="form"><th colspan="{width}">{escape(table.form)}</th></tr>\n'
        f'<tr class="head"><th colspan="{width}"><div class="head">'
        f'<span class="l">编制单位：{escape(report.union)}</span>'
        f'<span class="r">单位：{escape(report.unit)}</span>'
        f"<span>{escape(table.period or report.period)}</span></div></th></tr>\n"
        f"<tr>{titles}</tr>\n</thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
        f'<div class="notes">{notes}</div>\n{sign}</section>'
    )
