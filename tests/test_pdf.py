"""PDF: the HTML page laid out by WeasyPrint, compared by the text poppler's ``pdftotext``
extracts (selectable Chinese, page numbers, the form's heading on every page, signatures)."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from ghfund.cli import cli
from ghfund.ledger import Loaded, load_string
from ghfund.reports import annual, monthly
from ghfund.reports.render import FORMATS, pdf
from tests.conftest import Golden

BOOK = """
option "operating_currency" "CNY"
2024-01-01 custom "ghfund-option" "union-name" "测试工会"
2024-01-01 custom "ghfund-option" "legal-representative" "张三"
2024-01-01 custom "ghfund-option" "preparer" "王五"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Equity:322-工会资金结余
2023-12-31 open Income:401-会费收入
2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 * "期初余额"
  voucher: "期初"
  Assets:102-银行存款         100000.00 CNY
  Equity:322-工会资金结余    -100000.00 CNY
2024-01-20 * "会费"
  voucher: "记-2024-0001"
  Assets:102-银行存款            300.00 CNY
  Income:401-会费收入
2024-01-25 * "生日慰问"
  voucher: "记-2024-0002"
  Expenses:501-职工活动支出:50105-会员活动支出  200.00 CNY
  Assets:102-银行存款
"""


def tools() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext (Debian poppler-utils): .ci/run installs it")
    if not pdf.chinese_fonts():
        pytest.skip("no Chinese font (Debian fonts-noto-cjk): .ci/run installs it")


def text_of(data: bytes, *options: str) -> str:
    result = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def rendered(loaded: Loaded, year: int, month: int) -> bytes:
    out = io.BytesIO()
    FORMATS["pdf"](monthly.report(loaded, year, month), out)
    return out.getvalue()


def test_monthly_pdf_text(golden: Golden) -> None:
    tools()
    data = rendered(load_string(textwrap.dedent(BOOK)), 2024, 1)
    assert data.startswith(b"%PDF")
    text = text_of(data)
    # every page: the form number, 编制单位, the period, the unit and the page number
    pages = text.split("\f")[:-1]
    assert len(pages) == 2
    for number, (page, form, period) in enumerate(
        zip(pages, ("工会01表", "工会02表"), ("2024年1月31日", "2024年1月"), strict=True), start=1
    ):
        assert form in page and "编制单位：测试工会" in page and period in page
        assert "单位：元" in page and f"第 {number} 页，共 2 页" in page
        assert "单位负责人（法定代表人）：张三" in page and "制表：王五" in page
        assert "会计机构负责人（会计主管人员）" in page and "单位公章" in page
        assert "报出日期" in page
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    golden("monthly/2024-01.pdf.txt", "\n".join(lines) + "\n")


def test_the_font_is_embedded() -> None:
    tools()
    if shutil.which("pdffonts") is None:
        pytest.skip("no pdffonts (Debian poppler-utils)")
    data = rendered(load_string(textwrap.dedent(BOOK)), 2024, 1)
    listed = subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    fonts = [line.split() for line in listed.splitlines()[2:]]
    assert fonts and all(line[-5] == "yes" for line in fonts)  # emb: every font embedded
    assert any("CJK" in line[0] for line in fonts)


def test_cli_writes_pdf_by_suffix(tmp_path: Path) -> None:
    tools()
    ledger = tmp_path / "main.beancount"
    ledger.write_text(textwrap.dedent(BOOK), encoding="utf-8")
    target = tmp_path / "决算.pdf"
    result = CliRunner().invoke(cli, ["budget", str(ledger), "--year", "2024", "-o", str(target)])
    assert target.read_bytes().startswith(b"%PDF"), result.stderr
    assert "预算执行情况表" in text_of(target.read_bytes())


def test_without_a_chinese_font_the_pdf_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "chinese_fonts", lambda: ())
    ledger = tmp_path / "main.beancount"
    ledger.write_text(textwrap.dedent(BOOK), encoding="utf-8")
    args = ["report", str(ledger), "--month", "2024-01", "-o", str(tmp_path / "m.pdf")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "fonts-noto-cjk" in result.stderr
    assert not (tmp_path / "m.pdf").exists()


def page_image(data: bytes, page: int, folder: Path, dpi: int = 150) -> np.ndarray:
    """One page of a PDF as a grey image (poppler's ``pdftoppm``), 0 black to 255 white."""
    source, target = folder / "page.pdf", folder / "page"
    source.write_bytes(data)
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run(
        ["pdftoppm", *pages, "-r", str(dpi), "-gray", "-png", str(source), str(target)],
        capture_output=True,
        check=True,
    )
    return np.asarray(Image.open(folder / "page.png").convert("L"))


def rules(lines: np.ndarray) -> list[int]:
    """Where runs of consecutive indexes start (a ruled line is a pixel or two thick)."""
    indexes = lines.tolist()
    return [index for n, index in enumerate(indexes) if n == 0 or index - indexes[n - 1] > 2]


def words(data: bytes, page: int) -> dict[str, tuple[float, float]]:
    """Each word on the page at its (x, y) top-left corner, in points."""
    xml = text_of(data, "-f", str(page), "-l", str(page), "-bbox")
    return {
        m["word"]: (float(m["x"]), float(m["y"]))
        for m in re.finditer(
            r'xMin="(?P<x>[\d.]+)" yMin="(?P<y>[\d.]+)"[^>]*>(?P<word>[^<]+)<', xml
        )
    }


def test_the_balance_sheet_page_looks_like_the_form(example: Loaded, tmp_path: Path) -> None:
    """工会01表 of the example book looked at as a picture against the 制度's form: a grid of
    six columns (资产 | 年初余额 | 年末余额 | 负债与净资产 | 年初余额 | 年末余额, no 行次),
    a header and 20 ruled rows (the left side's 一、资产 and 19 lines), the headings 一、资产
    and 二、负债 on the first row, 资产总计 and 负债与净资产总计 side by side on the last, and
    the signature block of 第六十四条 with 单位公章 and 报出日期 under the table."""
    tools()
    out = io.BytesIO()
    FORMATS["pdf"](annual.report(example, 2025, issued=datetime.date(2026, 1, 20)), out)
    data = out.getvalue()
    dark = page_image(data, 1, tmp_path) < 160
    width = dark.shape[1]
    across = rules(np.flatnonzero(dark.sum(axis=1) > 0.6 * width))  # the table's full rules
    assert len(across) == 1 + 1 + 20  # above the header, under it, under each of 20 rows
    top, bottom = across[0], across[-1]
    down = rules(np.flatnonzero(dark[top : bottom + 1].sum(axis=0) > 0.95 * (bottom - top)))
    assert len(down) == 6 + 1  # six columns: no 行次
    spaced = np.diff(across[1:])  # the body rows are of one height
    assert spaced.max() - spaced.min() <= 2
    placed = words(data, 1)
    scale = 150 / 72  # points to pixels
    assert placed["资产"][1] == placed["负债与净资产"][1]  # the header row
    assert placed["一、资产"][1] == placed["二、负债"][1]  # the first body row
    first_row = (across[1] + across[2]) / 2
    assert abs(placed["一、资产"][1] * scale - first_row) < (across[2] - across[1])
    assert placed["资产总计"][1] == placed["负债与净资产总计"][1]
    last_row = (across[-2] + across[-1]) / 2
    assert abs(placed["资产总计"][1] * scale - last_row) < (across[-1] - across[-2])
    # the right side starts in the fourth column; the left side's items in the first
    assert down[0] < placed["一、资产"][0] * scale < down[1]
    assert down[3] < placed["二、负债"][0] * scale < down[4]
    assert "行次" not in placed
    # signed and sealed below the table
    for title in ("单位负责人（法定代表人）：李四（签名并盖章）", "单位公章："):
        assert any(word.startswith(title[:6]) for word in placed), title
    assert placed["单位公章："][1] * scale > bottom
    assert placed["报出日期：2026年1月20日"][1] * scale > bottom
