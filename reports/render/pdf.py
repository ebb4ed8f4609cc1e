"""PDF: the HTML renderer's page (``ghfund.reports.render.html``) laid out by WeasyPrint.

A4 with page numbers (the stylesheet's ``@page`` rules), the official layout of the
statements, and selectable Chinese text: WeasyPrint embeds (a subset of) the CJK font
fontconfig finds for the stylesheet's families, Noto Serif CJK SC from Debian's
fonts-noto-cjk first. Without any Chinese font the PDF would show empty boxes, so it is
refused with a message saying what to install. WeasyPrint is imported here only, on the
first PDF (it loads pango through cffi, which takes a moment).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from typing import BinaryIO

from ghfund.reports.model import Report
from ghfund.reports.render import RenderProblem, html

INSTALL = (
    "请安装中文字体和 WeasyPrint 所需的 pango 库（Debian/Ubuntu：apt-get install "
    "fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0）"
)


@functools.cache
def chinese_fonts() -> tuple[str, ...]:
    """The Chinese font families fontconfig knows (empty when fc-list is missing or finds none)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        listed = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted({name.strip() for line in listed.splitlines() for name in line.split(",")}))


def render(report: Report, out: BinaryIO) -> None:
    fonts = chinese_fonts()
    if not fonts:
        raise RenderProblem(f"无法生成 PDF：没有找到中文字体。{INSTALL}")
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise RenderProblem(f"无法生成 PDF：WeasyPrint 无法加载（{error}）。{INSTALL}") from error
    # The installed Chinese fonts close the list, so a PDF is never without Chinese glyphs.
    fallback = ", ".join(f'"{font}"' for font in fonts)
    style = (
        'body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", '
        f"{fallback}, serif; }}"
    )
    document = weasyprint.HTML(string=html.as_html(report, style))
    document.write_pdf(out)
