"""``ghfund serve LEDGER``: start Fava on the book, refusing in Chinese a book Beancount
cannot load (plain ``fava`` answers HTTP 500 for it)."""

from __future__ import annotations

import click

from ghfund.cli.common import fail


@click.command()
@click.argument("ledgers", nargs=-1, required=True, type=click.Path())
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址。")
@click.option(
    "--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="端口。"
)
@click.option("--read-only", is_flag=True, help="只读：不能在网页中修改账本。")
def serve(ledgers: tuple[str, ...], host: str, port: int, read_only: bool) -> None:
    """用 Fava 打开账本（网页界面），与 fava 命令相同；账本无法读取时（如金额位数过多）
    先给出中文说明和所在行，而不是网页上的“服务器错误”。按 Ctrl+C 停止。"""
    from pathlib import Path

    from ghfund.fava.server import application

    for name in ledgers:
        if not Path(name).is_file():
            fail(f"找不到账本文件 {name}")
    app = application(ledgers, read_only=read_only)  # UserProblem: the group says it
    from cheroot.wsgi import Server

    server = Server((host, port), app)
    click.echo(f"Fava 已启动：http://{host}:{port}（按 Ctrl+C 停止）", err=True)
    try:
        server.start()
    except KeyboardInterrupt:
        server.stop()
    except OSError as error:
        fail(
            f"无法在 {host}:{port} 启动（{error.strerror or error}）；端口可能已被占用，请换 --port"
        )
