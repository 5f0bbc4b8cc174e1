"""The second year on the page (docs/campaign.md, "The second year, twenty-second
session"): tests/trial22.rs walks 2021 and 2022 from the terminal, issues 2022's first round
and starts `selfeval serve` on the 2022 workspace; here the officer reads 总览 and 文件 in
Debian's Chromium driven by Playwright, uploads the transport bureau's corrected narrative
report and reads 总览 again. Every mismatch is collected; the script fails once at the end.

usage: trial22.py URL WORKSPACE FIXTURES
"""
import json
import pathlib
import re
import sys

from playwright.sync_api import sync_playwright

URL, WS, FIX = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
BASE = URL.split("/?")[0]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WRONG = []


def wrong(what):
    print("MISMATCH:", what)
    WRONG.append(what)


def summary():
    return json.loads((WS / "结果" / "report.json").read_text(encoding="utf-8"))["summary"]


def counts_line(page):
    """总览's `错误 N 个，警告 M 个` against report.json's summary (reports.md "One count")."""
    page.goto(URL)
    body = page.inner_text("body")
    m = re.search(r"错误 (\d+) 个，警告 (\d+) 个", body)
    s = summary()
    if not m or (int(m.group(1)), int(m.group(2))) != (s["errors"], s["warnings"]):
        wrong(f"总览's counts {m and m.groups()} are not report.json's {s['errors']}/{s['warnings']}")
    return body


def files_page(page):
    """文件: the 2022 workbook holding a 2021 sheet counts two tables with no error, so it
    is not `有错误`; last year's workbook resent is `非本年度`."""
    page.goto(BASE + "/files")
    rows = page.locator("tr").all_inner_texts()
    for name in ("永登县农业农村局.xlsx", "永登县卫生健康局（2021年）.xlsx"):
        if not any(r.split("\t")[0].endswith(name) for r in rows):
            wrong(f"文件 does not list {name}")
    for row in rows:
        cells = row.split("\t")
        if cells[0].endswith("永登县农业农村局.xlsx") and "有错误" in cells[1]:
            wrong(f"文件: {row}")
        if cells[0].endswith("永登县卫生健康局（2021年）.xlsx") and "非本年度" not in cells[1]:
            wrong(f"文件: last year's workbook resent: {row}")


def corrected_report(page):
    """The transport bureau's corrected report uploaded after round 1: the unit passes."""
    page.goto(BASE + "/upload")
    n = int(page.get_attribute("#progress", "data-finished") or "0")
    report = FIX / "trial22" / "2022" / "第2轮" / "永登县交通运输局2022年度绩效自评报告（修改后）.docx"
    page.set_input_files("input[type=file][multiple]", [str(report)])
    page.wait_for_selector("#results[data-done='1']", timeout=120_000)
    page.wait_for_function(
        "n => { const p = document.getElementById('progress');"
        " return p && p.dataset.busy === 'false' && p.dataset.queued === '0' && Number(p.dataset.finished) > n; }",
        arg=n, timeout=120_000)
    body = counts_line(page)
    row = next((l for l in body.splitlines() if l.startswith("永登县交通运输局")), "")
    if "通过" not in row:
        wrong(f"总览 after the corrected report: {row}")


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(URL)
        counts_line(page)
        files_page(page)
        corrected_report(page)
        browser.close()
    if WRONG:
        print(f"{len(WRONG)} mismatch(es)")
        sys.exit(1)


if __name__ == "__main__":
    main()
