"""The officer's page in a real browser (web.md §4): Debian's Chromium driven by
Playwright. Started by tests/web.rs with the printed address of a running `selfeval serve`
over a fresh workspace; fails (non-zero exit, with the step) on anything unexpected.

usage: browser.py URL WORKSPACE FIXTURES [SCREENSHOTS]
"""
import pathlib
import re
import sys
import tomllib
import zipfile

import openpyxl
from playwright.sync_api import expect, sync_playwright

URL, WS, FIX = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
SHOTS = pathlib.Path(sys.argv[4]) if len(sys.argv) > 4 else None
BASE = URL.split("/?")[0]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def wait_idle(page, finished_before):
    """Waits until the queue has finished a command after `finished_before` and is idle."""
    page.wait_for_function(
        "n => { const p = document.getElementById('progress');"
        " return p && p.dataset.busy === 'false' && p.dataset.queued === '0' && Number(p.dataset.finished) > n; }",
        arg=finished_before, timeout=120_000)


def line_count(cell):
    """How many lines a cell's text takes on the screen."""
    return cell.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; }")


def finished(page):
    page.wait_for_function("() => document.getElementById('progress').dataset.finished !== undefined")
    return int(page.get_attribute("#progress", "data-finished"))


def upload(page, files, received="已接收"):
    page.goto(BASE + "/upload")
    before = finished(page)
    page.set_input_files("input[type=file][multiple]", [str(f) for f in files])
    page.wait_for_selector("#results[data-done='1']", timeout=60_000)
    lines = page.locator("#results li").all_inner_texts()
    assert any(received in l for l in lines), lines
    # Once the answer has come, no line says it is still uploading.
    assert not any(l.startswith(("正在上传", "Uploading")) for l in lines), lines
    wait_idle(page, before)
    return lines


def drop_with_a_folder(page):
    """Drops a folder and a file on the drop zone (a DataTransfer as Chromium makes for a
    dropped folder: its entry a directory): the folder is named and left out, the file sent."""
    page.goto(BASE + "/upload")
    before = finished(page)
    page.evaluate("""() => {
        const folder = new File([], "永登县农业农村局");
        const note = new File(["各单位材料已收齐。"], "收文说明.txt", { type: "text/plain" });
        const entry = (dir) => ({ webkitGetAsEntry: () => ({ isDirectory: dir, isFile: !dir }) });
        const ev = new Event("drop", { bubbles: true, cancelable: true });
        Object.defineProperty(ev, "dataTransfer", { value: { files: [folder, note], items: [entry(true), entry(false)] } });
        document.getElementById("dropzone").dispatchEvent(ev);
    }""")
    page.wait_for_selector("#results[data-done='1']", timeout=60_000)
    lines = page.locator("#results li").all_inner_texts()
    assert any(l.startswith("永登县农业农村局：未接收：这是文件夹") for l in lines), lines
    assert any(l.startswith("收文说明.txt：已接收") for l in lines), lines
    assert not (WS / "收件箱" / "永登县农业农村局").exists()
    wait_idle(page, before)


def roster(page, unit="单位", status="状态"):
    """The roster table as {unit: {header: cell}}; its header row holds `unit` and `status`."""
    page.goto(BASE + "/")
    table = page.locator("table.roster")
    heads = table.locator("thead th").all_inner_texts()
    assert unit in heads and status in heads, heads
    rows = {}
    for r in table.locator("tbody tr").all():
        cells = r.locator("td").all_inner_texts()
        rows[cells[0]] = dict(zip(heads, cells))
    return rows


def english(page):
    """The language switch: the page in English for this browser (a cookie), an upload and
    its run, a unit; then back to Chinese."""
    page.goto(BASE + "/")
    page.click("header .lang >> text=English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav")).to_contain_text("Settings")
    expect(page.locator("button:text-is('Send review opinions')")).to_be_visible()
    # In a window 800 wide every menu entry lies inside the bar, on one line.
    page.set_viewport_size({"width": 800, "height": 768})
    bar = page.locator("header").bounding_box()
    for link in page.locator("header nav a").all():
        box = link.bounding_box()
        assert bar["y"] <= box["y"] and box["y"] + box["height"] <= bar["y"] + bar["height"], (link.inner_text(), box, bar)
        assert line_count(link) == 1, link.inner_text()
    # … and the roster fits the window, a unit's name on at most two lines.
    page.goto(BASE + "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    name = page.locator("table.roster a", has_text="永登县文化和旅游局")
    assert line_count(name) <= 2, line_count(name)
    page.set_viewport_size({"width": 1366, "height": 768})
    # A file of the unit that sent nothing yet (the inbox's damaged copy: it is received,
    # read as unreadable, and its unit is to be reviewed).
    upload(page, [FIX.parent / "inbox" / "永登县文化和旅游局.xlsx"], received="Received")
    rows = roster(page, unit="Unit", status="Status")
    assert rows["永登县文化和旅游局"]["Status"] == "To review", rows
    # Its one error is the file's own (it cannot be read): the unit page shows it, placed
    # at the file, instead of "no errors" under "errors 1".
    page.click("text=永登县文化和旅游局")
    problems = page.locator("table.findings tbody tr")
    expect(problems).to_have_count(1)
    expect(problems).to_contain_text("永登县文化和旅游局.xlsx")
    expect(problems).to_contain_text("Error")
    expect(page.locator("main")).not_to_contain_text("No errors or warnings.")
    expect(page.locator("main")).to_contain_text("No table was read from this unit's files.")
    # Its file is said unreadable, as the Files page and 文件清单 say, not "Counts".
    files = page.locator("h2:text-is('Files') + table")
    expect(files).to_contain_text("Unreadable")
    expect(files).not_to_contain_text("Counts")
    page.goto(BASE + "/")
    assert int(rows["永登县教育局"]["Errors"]) > 0, rows
    shot(page, "overview-en")
    page.click("text=永登县卫生健康局")
    expect(page.locator("h1")).to_have_text("永登县卫生健康局")
    expect(page.locator("a:text-is('Return workbook')")).to_be_visible()
    expect(page.locator("a:text-is('Round 1 review letter')")).to_be_visible()
    page.set_viewport_size({"width": 800, "height": 768})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1366, "height": 768})
    shot(page, "unit-en")
    # Back to Chinese, on the same page.
    page.click("header .lang >> text=中文")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_have_text("永登县卫生健康局")
    expect(page.locator("a:text-is('退回工作簿')")).to_be_visible()
    roster(page)


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True,
                                  locale="zh-CN")
        page = ctx.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
        # Every request the pages make is answered (no missing icon, script or style).
        failed = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        # … and none goes anywhere but this server (no CDN, no font or script from elsewhere).
        foreign = []
        ctx.on("request", lambda r: None if r.url.startswith((BASE + "/", "data:")) else foreign.append(r.url))
        page.goto(URL)
        assert page.url.rstrip("/") == BASE, page.url  # the token is gone from the address
        expect(page.locator("nav")).to_contain_text("设置")
        expect(page.locator("p.rounds")).to_have_text("尚未发出审核意见。")

        # Upload a unit's files; the run starts by itself; read the roster.
        lines = upload(page, [FIX / "永登县卫生健康局.xlsx", FIX / "永登县教育局.xlsx",
                              FIX.parent / "inbox" / "兰州新区应急管理局.xlsx"])
        shot(page, "upload")
        drop_with_a_folder(page)
        # The same file again: nothing is received and no check starts, and the page says
        # so (it said "a check has started by itself", and none came).
        page.goto(BASE + "/upload")
        page.set_input_files("input[type=file][multiple]", [str(FIX / "永登县教育局.xlsx")])
        page.wait_for_selector("#results[data-done='1']", timeout=60_000)
        lines = page.locator("#results li").all_inner_texts()
        assert lines[-1] == "上传结束。没有收到新的文件，未重新检查。", lines
        rows = roster(page)
        assert rows["永登县卫生健康局"]["状态"] == "待审核", rows
        assert int(rows["永登县教育局"]["错误"]) > 0, rows
        # A unit's rate is its money's, as 汇总 has it (1,275.45 / 1,288.59), not the mean of
        # its tables' rates (91.47%).
        assert rows["兰州新区应急管理局"]["执行率"] == "98.98%", rows
        shot(page, "overview")

        # Figures line up: every rate and score with two decimals (the unit states 90.0%,
        # 100%, 97 and 95.5), and a status or a kind never breaks in a narrow window.
        page.click("text=兰州新区应急管理局")
        figures = page.locator("table.tables td.n").all_inner_texts()
        assert figures and all(re.fullmatch(r"\d+\.\d\d%?|—", f) for f in figures), figures
        page.set_viewport_size({"width": 640, "height": 768})
        for cell in ["table.tables td.kind", "table.findings td:nth-child(1)"]:
            assert line_count(page.locator(cell).first) == 1, cell
        page.set_viewport_size({"width": 1366, "height": 768})

        # Open the unit, download its return workbook and open it; the download is named
        # after the unit and what it is (each unit's letter has the same file name).
        page.goto(BASE + "/")
        page.click("text=永登县卫生健康局")
        expect(page.locator("h1")).to_have_text("永登县卫生健康局")
        with page.expect_download() as d:
            page.click("a:text-is('退回工作簿')")
        assert d.value.suggested_filename == "永登县卫生健康局 退回工作簿.xlsx", d.value.suggested_filename
        saved = WS / "downloaded.xlsx"
        d.value.save_as(saved)
        wb = openpyxl.load_workbook(saved)
        assert "审核意见" in wb.sheetnames, wb.sheetnames
        # Its workbook holds a table of 2020, which counts nowhere: the unit's files say so
        # (the table was missing from the unit's tables unexplained).
        expect(page.locator("h2:text-is('文件') + table tbody tr").first).to_contain_text(
            "计入（其中 1 张表为旧副本或非本年度，未计入）")
        shot(page, "unit")

        # A blank table is shown blank, as its letter says, not scored 0.00 and 差.
        page.goto(BASE + "/")
        page.click("text=永登县教育局")
        cells = page.locator("table.tables tbody tr").first.locator("td").all_inner_texts()
        assert cells[5:] == ["—", "—", "空白表"], cells

        # Issue a round (the page's confirmation accepted), with the officer's double-click:
        # one confirmation, one round.
        page.goto(BASE + "/")
        before = finished(page)
        # Two clicks before the page leaves (a quick double-click; Playwright's dblclick
        # lets the first navigation start first, and a person's does not always).
        page.locator("button:text-is('发出审核意见')").evaluate("b => { b.click(); b.click(); }")
        wait_idle(page, before)
        assert len(dialogs) == 1, dialogs
        expect(page.locator("#progress")).to_contain_text("第1轮审核意见已发出：3 个单位")
        expect(page.locator("p.rounds")).to_contain_text("已发出审核意见 1 轮：第1轮（")
        # A status never breaks in a narrow window.
        page.set_viewport_size({"width": 640, "height": 768})
        status = page.locator("table.roster tr", has_text="永登县卫生健康局").locator("td").nth(1)
        assert line_count(status) == 1, status.inner_text()
        page.set_viewport_size({"width": 1366, "height": 768})
        # Clicked again with nothing new: the page says no round was made.
        before = finished(page)
        page.click("button:text-is('发出审核意见')")
        wait_idle(page, before)
        expect(page.locator("#progress")).to_contain_text("没有需要发出审核意见的单位")
        expect(page.locator("p.rounds")).to_contain_text("已发出审核意见 1 轮")
        rows = roster(page)
        assert rows["永登县卫生健康局"]["状态"].startswith("已退回"), rows
        assert list((WS / "归档").glob("第1轮*/永登县卫生健康局/审核意见书.docx")), list((WS / "归档").rglob("*"))

        # Upload the corrected file and see 已改正.
        upload(page, [FIX / "永登县卫生健康局（第二次报送）.xlsx"])
        rows = roster(page)
        assert int(rows["永登县卫生健康局"]["已改正"]) > 0, rows
        assert rows["永登县卫生健康局"]["错误"] == "0", rows
        # No errors: a plain 0, not one in the colour of errors.
        expect(page.locator("table.roster tr", has_text="永登县卫生健康局").locator("td.err")).to_have_count(0)
        page.click("text=永登县卫生健康局")
        expect(page.locator("h2", has_text="已改正")).to_be_visible()
        # Each fixed problem names its table; the older copy names the copy that counts.
        expect(page.locator("table.fixed")).to_contain_text("转移支付 · 医疗服务与保障能力提升补助资金")
        expect(page.locator("tr.superseded")).to_contain_text(
            "已被替代（以 永登县卫生健康局（第二次报送）.xlsx 为准）")
        expect(page.locator("a:text-is('第1轮审核意见书')")).to_be_visible()
        with page.expect_download() as d:
            page.click("a:text-is('第1轮审核意见书')")
        assert d.value.suggested_filename == "永登县卫生健康局 第1轮审核意见书.docx", d.value.suggested_filename
        shot(page, "unit-corrected")

        # Files page.
        page.click("nav >> text=文件")
        expect(page.locator("table")).to_contain_text("已被替代")
        # As summary.xlsx's 文件清单: the older copy names the one that counts and has no
        # problem counted (its own are the officer's, in findings.xlsx).
        files = {r[0]: r for r in (tr.locator("td").all_inner_texts()
                                   for tr in page.locator("table tbody tr").all())}
        old = files["永登县卫生健康局.xlsx"]
        assert old[1] == "已被替代（以 永登县卫生健康局（第二次报送）.xlsx 为准）", old
        assert old[4:] == ["0", "0"], old
        assert files["永登县卫生健康局（第二次报送）.xlsx"][1] == "通过", files
        shot(page, "files")

        # A refused value: the page says why (no temporary path), keeps what was typed, and
        # stands at an address that going back or reloading does not send again.
        page.click("nav >> text=设置")
        page.get_by_label("联系人", exact=True).fill("李四")
        page.get_by_label("年度", exact=True).fill("1999")
        page.click("button:text-is('保存')")
        expect(page.locator("p.error")).to_have_text("未保存：“年度”应在 2000 到 2100 之间，现为 1999")
        expect(page.get_by_label("联系人", exact=True)).to_have_value("李四")
        expect(page.get_by_label("年度", exact=True)).to_have_value("1999")
        assert "csrf" not in page.url, page.url
        assert "李四" not in (WS / "selfeval.toml").read_text(encoding="utf-8")
        # The language is a choice of the two the settings know.
        lang = page.get_by_label("语言", exact=True)
        assert lang.evaluate("e => e.tagName") == "SELECT"
        assert lang.locator("option").evaluate_all("os => os.map(o => o.value)") == ["zh", "en"]

        # Change 审核单位 in 设置 and find it in selfeval.toml with its comments kept.
        page.goto(BASE + "/settings")
        page.get_by_label("审核单位", exact=True).fill("兰州新区财政局")
        before = finished(page)
        page.click("button:text-is('保存')")
        expect(page.locator("p.ok")).to_contain_text("已保存")
        text = (WS / "selfeval.toml").read_text(encoding="utf-8")
        assert tomllib.loads(text)["审核单位"] == "兰州新区财政局", text
        assert "# 审核单位：" in text and "# 年度：" in text, text
        shot(page, "settings")
        # A check runs by itself: the report downloaded next is signed by the new office.
        wait_idle(page, before)
        page.goto(BASE + "/")
        with page.expect_download() as d:
            page.click("a:text-is('汇总报告')")
        d.value.save_as(WS / "report.docx")
        with zipfile.ZipFile(WS / "report.docx") as z:
            assert "兰州新区财政局" in z.read("word/document.xml").decode("utf-8")
        page.goto(BASE + "/settings")

        # Upload a new roster: the page says what changed; a unit that sent nothing is 未报送.
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "单位名单"
        sheet.append(["单位名称", "主管部门", "联系人", "联系电话", "别名"])
        for name in ["永登县卫生健康局", "永登县教育局", "永登县文化和旅游局"]:
            sheet.append([name])
        roster_file = WS / "新名单.xlsx"
        book.save(roster_file)
        before = finished(page)
        page.set_input_files("#roster", str(roster_file))
        page.click("button:text-is('上传名单')")
        expect(page.locator("p.ok")).to_contain_text("新增")
        expect(page.locator("p.ok")).to_contain_text("永登县文化和旅游局")
        wait_idle(page, before)
        rows = roster(page)
        assert rows["永登县文化和旅游局"]["状态"] == "未报送", rows

        # Another workbook chosen by mistake as the roster: refused on the settings page,
        # the roster kept (it was read as a roster of no unit, deleting every unit).
        page.goto(BASE + "/settings")
        page.set_input_files("#roster", str(FIX / "永登县教育局.xlsx"))
        page.click("button:text-is('上传名单')")
        expect(page.locator("p.error")).to_contain_text("原名单未改动")
        assert page.url == BASE + "/settings", page.url
        kept = openpyxl.load_workbook(WS / "单位名单.xlsx")["单位名单"]
        assert [r[0] for r in kept.iter_rows(min_row=2, values_only=True)] == [
            "永登县卫生健康局", "永登县教育局", "永登县文化和旅游局"]

        # 以此为准 on the older copy: it counts again (selfeval pin, then a run).
        page.goto(BASE + "/")
        page.click("text=永登县卫生健康局")
        before = finished(page)
        page.click("tr.superseded button:text-is('以此为准')")
        wait_idle(page, before)
        page.goto(page.url)
        old = page.locator("h2:text-is('文件') + table tbody tr", has_text="永登县卫生健康局.xlsx").filter(has_not_text="第二次")
        expect(old).to_contain_text("计入")

        page.goto(BASE + "/")
        shot(page, "overview-round")
        english(page)
        assert not failed, failed
        assert not foreign, foreign
        browser.close()
    print("browser: all steps passed")


if __name__ == "__main__":
    main()
