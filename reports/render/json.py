"""JSON for other tools: each table a list of rows keyed like ``{"item", "current", …}``."""

from __future__ import annotations

import json as _json
from typing import BinaryIO

from ghfund.reports.model import Report
from ghfund.reports.render.cells import machine


def render(report: Report, out: BinaryIO) -> None:
    document = {
        "report": report.name,
        "title": report.title,
        "union": report.union,
        "period": report.period,
        "unit": report.unit,
        "tables": {
            table.name: {
                "title": table.title,
                "form": table.form,
                "rows": [
                    {c.key: machine(record[c.key], c) for c in table.columns}
                    for record in table.records()
                ],
                "notes": list(table.notes),
            }
            for table in report.tables
        },
        "notes": list(report.notes),
        "signatures": _signatures(report),
    }
    out.write(_json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))
    out.write(b"\n")


def _signatures(report: Report) -> dict[str, object] | None:
    signed = report.signatures
    if signed is None:
        return None
    return {
        "signers": [
            {"title": title, "name": name, "seal": sealed} for title, name, sealed in signed.people
        ],
        "seal": signed.seal,
        "issued": signed.issued.isoformat() if signed.issued else None,
    }
