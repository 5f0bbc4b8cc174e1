"""A spring played only through the page (docs/campaign.md, "A spring in the browser,
twenty-first session"): what the officer met there, each checked in Debian's Chromium
driven by Playwright. Started by tests/trial21.rs with the printed address of a running
`selfeval serve` over a folder that is not yet a workspace; every mismatch is collected and
the script fails once at the end with the whole list.

usage: trial21.py URL FOLDER FIXTURES SCRATCH
"""
import pathlib
import sys
import time
import tomllib
import zipfile

import openpyxl
from playwright.sync_api import sync_playwright

URL, WS, FIX, TMP = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
BASE = URL.split("/?")[0]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WRONG = []


def wrong(what):
    print("MISMATCH:", what)
    WRONG.append(what)


def finished(page):
    page.wait_for_function("() => document.getElementById('progress').dataset.finished !== undefined")
    return int(page.get_attribute("#progress", "data-finished"))


def wait_idle(page, n):
    page.wait_for_function(
        "n => { const p = document.getElementById('progress');"
        " return p && p.dataset.busy === 'false' && p.dataset.queued === '0' && Number(p.dataset.finished) > n; }",
        arg=n, timeout=120_000)


def upload(page, files):
    page.goto(BASE + "/upload")
    n = finished(page)
    page.set_input_files("input[type=file][multiple]", [str(f) for f in files])
    page.wait_for_selector("#results[data-done='1']", timeout=120_000)
    return n, page.locator("#results li").all_inner_texts()


def make_workspace(page):
    """The first screen's button: when the event stream connects after `init` ended (a slow
    PC, a busy disk), the page stayed on "not yet a workspace" under "建立工作区已完成"."""
    def late(route):
        time.sleep(1.5)
        route.continue_()
    page.route("**/events", late)
    page.goto(URL)
    # The year under review asked where the workspace is made (`init --year`): without it
    # the workspace was for last year, and every table of the year reviewed mismatched.
    year = page.locator("form:has(button:text-is('在此文件夹建立工作区'))").get_by_label("年度", exact=True)
    if year.count() == 1:
        year.fill("2021")
    else:
        wrong("the first screen does not ask the year")
    page.click("button:text-is('在此文件夹建立工作区')")
    try:
        page.wait_for_function(
            "() => (document.querySelector('main h1') || {}).textContent.includes('预算绩效自评审核')",
            timeout=10_000)
    except Exception:
        wrong(f"after 建立工作区 the page still says: {page.locator('main').inner_text()[:80]!r}")
        page.goto(BASE + "/")
    page.unroute("**/events")
    # The page may still reload itself once (the command it saw end): settle first.
    for _ in range(3):
        try:
            page.goto(BASE + "/")
            wait_idle(page, 0)
            break
        except Exception:
            time.sleep(1)
    if not (WS / "selfeval.toml").is_file():
        raise SystemExit("the workspace was not made")
    made = tomllib.loads((WS / "selfeval.toml").read_text(encoding="utf-8"))["年度"]
    if made != 2021:
        wrong(f"the workspace was made for {made}")


def late_stream(page):
    """The same with a check: a page opened while it runs, its event stream connected only
    after it ended, kept the roster from before the check (the unit not there) for good."""
    page.goto(BASE + "/upload")
    n = finished(page)
    page.set_input_files("input[type=file][multiple]",
                         [str(FIX / "inbox" / "兰州新区应急管理局.xlsx")])
    page.wait_for_selector("#results[data-done='1']", timeout=120_000)

    def late(route):
        time.sleep(8)
        route.continue_()
    page.route("**/events", late)
    page.goto(BASE + "/")
    try:
        page.wait_for_selector("table.roster a:text-is('兰州新区应急管理局')", timeout=20_000)
    except Exception:
        wrong("a page opened during a check still shows the roster from before it")
    page.unroute("**/events")
    page.goto(BASE + "/")
    wait_idle(page, n)


def settings(page):
    page.goto(BASE + "/settings")
    page.get_by_label("年度", exact=True).fill("2021")
    page.get_by_label("审核单位", exact=True).fill("永登县财政局")
    n = finished(page)
    page.click("button:text-is('保存')")
    wait_idle(page, n)


def roster_rows(page, contact):
    page.goto(BASE + "/settings")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "单位名单"
    sheet.append(["单位名称", "主管部门", "联系人", "联系电话", "别名"])
    sheet.append(["永登县卫生健康局", "永登县人民政府", contact, "0931-4", "永登县卫健局"])
    sheet.append(["永登县审计局", "永登县人民政府", "冯八", "0931-8", None])
    path = TMP / f"名单-{contact}.xlsx"
    book.save(path)
    n = finished(page)
    page.set_input_files("#roster", str(path))
    page.click("button:text-is('上传名单')")
    said = page.locator("p.ok, p.error").inner_text()
    wait_idle(page, n)
    return said


def edited_roster_row(page):
    """A contact changed in the roster downloaded, edited and uploaded back: the page said
    "the same as before", as if the edit had been lost."""
    roster_rows(page, "李四")
    said = roster_rows(page, "李明")
    if "修改 1 个：永登县卫生健康局" not in said:
        wrong(f"a roster with a contact changed: {said!r}")


def older_copy(page):
    """The row of the unit's first file (the older copy) in its list of files."""
    rows = page.locator("h2:text-is('文件') + table tbody tr")
    return rows.filter(has=page.locator("td:first-child:text-is('永登县卫生健康局.xlsx')"))


def pin_and_unpin(page):
    """以此为准 on the older copy, and its way back: the pinned copy was shown as a plain
    计入, and only `selfeval pin --remove` in a terminal could undo it."""
    n, _ = upload(page, [FIX / "resubmission" / "永登县卫生健康局.xlsx"])
    wait_idle(page, n)
    n, _ = upload(page, [FIX / "resubmission" / "永登县卫生健康局（第二次报送）.xlsx"])
    wait_idle(page, n)
    page.goto(BASE + "/")
    page.click("table.roster a:text-is('永登县卫生健康局')")
    unit = page.url
    n = finished(page)
    page.click("tr.superseded button:text-is('以此为准')")
    wait_idle(page, n)
    page.goto(unit)
    old = older_copy(page)
    status = old.locator("td").nth(1).inner_text()
    if status != "计入（已指定以此为准；其中 1 张表为旧副本或非本年度，未计入）":
        wrong(f"the pinned copy is said {status!r}")
    undo = old.locator("button:text-is('取消以此为准')")
    if undo.count() != 1:
        wrong("the pinned copy has no 取消以此为准")
        return
    n = finished(page)
    undo.click()
    wait_idle(page, n)
    page.goto(unit)
    status = older_copy(page).locator("td").nth(1).inner_text()
    if not status.startswith("已被替代"):
        wrong(f"after 取消以此为准 the older copy is said {status!r}")


def huge_file(page):
    """A file over the limit: the line said the limit and nothing of what to do."""
    big = TMP / "永登县教育局（含扫描件）.xlsx"
    with open(big, "wb") as f:
        f.truncate(101_000_000)
    _, lines = upload(page, [big])
    want = (f"{big.name}：未接收：文件超过 100 MB 的上限。请确认是否选错了文件；"
            "如表中插入了扫描件或图片，请单位删去后重新报送")
    if lines[0] != want:
        wrong(f"a file over the limit: {lines[0]!r}")
    big.unlink()


def not_a_workbook(page):
    """A photo of the stamped page sent with the tables: the line said only 已接收, and
    the officer learnt that nothing was read from it in 文件清单, after the check."""
    photo = TMP / "盖章页.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(2000))
    n, lines = upload(page, [photo])
    if lines[0] != "盖章页.jpg：已接收（不是电子表格文件，已跳过）":
        wrong(f"a file that is not a workbook: {lines[0]!r}")
    wait_idle(page, n)


def damaged_zip(page):
    """A zip cut off on its way: the line said it was unpacked with 0 files received and,
    in the same breath, that it was no zip; and not what to do."""
    whole = TMP / "whole.zip"
    with zipfile.ZipFile(whole, "w") as z:
        z.write(FIX / "inbox" / "永登县交通运输局.xlsx", "永登县交通运输局.xlsx")
    cut = TMP / "交通运输局材料.zip"
    cut.write_bytes(whole.read_bytes()[:3000])
    _, lines = upload(page, [cut])
    want = "交通运输局材料.zip：未接收：不是有效的 zip 压缩文件（已损坏或不完整），请单位重新压缩后报送"
    if lines[0] != want:
        wrong(f"a damaged zip: {lines[0]!r}")


def warned_run(page):
    """上年工作区 set on 设置 to a folder that is not there: the run warned in a terminal
    (`警告：上年工作区 … 无法读取`), and the page said only 检查已完成."""
    page.goto(BASE + "/settings")
    n = finished(page)
    page.get_by_label("上年工作区", exact=True).fill(str(TMP / "2020年度绩效自评"))
    page.click("button:text-is('保存')")
    wait_idle(page, n)
    page.goto(BASE + "/")
    bar = page.locator("#progress")
    try:
        bar.filter(has_text="上年工作区").wait_for(timeout=5_000)
    except Exception:
        wrong(f"a run's warning is not on the page: {bar.inner_text()!r}")
    page.goto(BASE + "/settings")
    n = finished(page)
    page.get_by_label("上年工作区", exact=True).fill("")
    page.click("button:text-is('保存')")
    wait_idle(page, n)


def number_without_sequence(page):
    """意见书文号 saved without {序号} (the officer deleted it, or typed the bureau's number
    by hand): every letter of every round would carry the same number, and nothing said so."""
    page.goto(BASE + "/settings")
    n = finished(page)
    page.get_by_label("意见书文号", exact=True).fill("永财绩〔{年}〕号")
    page.click("button:text-is('保存')")
    wait_idle(page, n)
    bar = page.locator("#progress")
    if "{序号}" not in bar.inner_text():
        wrong(f"a letter number without {{序号}} is not warned: {bar.inner_text()!r}")
    page.goto(BASE + "/settings")
    n = finished(page)
    page.get_by_label("意见书文号", exact=True).fill("永财绩〔{年}〕{序号}号")
    page.click("button:text-is('保存')")
    wait_idle(page, n)


def wrong_token(browser):
    """Yesterday's address (the token changes at every start) opened again: the page said to
    use the printed address and offered 返回总览, which led to the same refusal."""
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(BASE + "/?token=" + "0" * 64)
    said = page.locator("p.error").inner_text()
    if "每次启动地址都会改变" not in said:
        wrong(f"a wrong token: {said!r}")
    if page.locator("a:text-is('返回总览')").count():
        wrong("a wrong token's page offers 返回总览, which is refused the same way")
    page.context.close()


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True,
                                  locale="zh-CN")
        page = ctx.new_page()
        page.on("dialog", lambda d: d.accept())
        make_workspace(page)
        settings(page)
        late_stream(page)
        pin_and_unpin(page)
        edited_roster_row(page)
        huge_file(page)
        not_a_workbook(page)
        damaged_zip(page)
        warned_run(page)
        number_without_sequence(page)
        wrong_token(browser)
        browser.close()
    assert not WRONG, "\n".join(WRONG)
    print("trial21: all steps passed")


if __name__ == "__main__":
    main()
