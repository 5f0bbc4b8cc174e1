// The officer's page: the progress stream, the drop zone and uploads, confirmations,
// sortable tables and local times. Plain JavaScript, no library, nothing from elsewhere.
"use strict";
(function () {
  const csrf = (document.querySelector('meta[name="csrf"]') || {}).content || "";

  // Local times of the server's epoch seconds.
  document.querySelectorAll("time[data-epoch]").forEach(function (t) {
    const d = new Date(Number(t.dataset.epoch) * 1000);
    t.textContent = d.toLocaleString("zh-CN", { hour12: false });
  });

  // A confirmation before forms that ask for one (发出审核意见).
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.dataset.confirm)) { e.preventDefault(); }
    });
  });

  // Sortable tables: click a header; numbers sort as numbers.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, i) {
      th.addEventListener("click", function () {
        const asc = !th.classList.contains("asc");
        table.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
        th.classList.add(asc ? "asc" : "desc");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const key = function (r) { const s = r.cells[i].textContent.trim(); const n = parseFloat(s); return isNaN(n) ? s : n; };
        rows.sort(function (a, b) {
          const x = key(a), y = key(b);
          const c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // The progress pushed by the server; the page reloads when a command ends.
  const bar = document.getElementById("progress");
  let seen = null;
  if (bar && window.EventSource) {
    const es = new EventSource("/events");
    es.onmessage = function (m) {
      const s = JSON.parse(m.data);
      // Pages of results refresh when a command ends; the upload and settings pages keep
      // what the officer is looking at (their result lines).
      const keep = document.getElementById("results") || window.location.pathname === "/settings";
      if (seen !== null && s.finished !== seen && !keep) {
        window.location.reload();
        return;
      }
      seen = s.finished;
      showProgress(s);
    };
  }
  function showProgress(s) {
    const waiting = s.queued.length ? "（排队中：" + s.queued.join("、") + "；一次只运行一项）" : "";
    bar.className = "progress";
    if (s.busy) {
      let t = "正在" + s.what + "：";
      if (s.phase === "read") {
        t += "读取 " + s.done + "/" + s.total + " 个文件";
        if (s.eta !== null) { t += "，剩余约 " + s.eta + " 秒"; }
      } else if (s.phase === "write") {
        t += "写出汇总表、问题清单和各单位工作簿…";
      } else {
        t += "准备中…";
      }
      bar.textContent = t + waiting;
      bar.hidden = false;
    } else if (s.last) {
      bar.textContent = s.last.what + (s.last.ok ? "已完成。" : "未完成：") + (s.last.ok ? "" : s.last.message) + waiting;
      bar.classList.add(s.last.ok ? "done-ok" : "done-bad");
      bar.hidden = false;
    } else {
      bar.hidden = true;
    }
    bar.dataset.finished = String(s.finished);
    bar.dataset.busy = String(s.busy);
    bar.dataset.queued = String(s.queued.length);
  }

  // The drop zone feeds the file input; choosing or dropping uploads at once.
  const input = document.getElementById("files");
  const zone = document.getElementById("dropzone");
  const results = document.getElementById("results");
  if (input && zone && results) {
    input.addEventListener("change", function () { if (input.files.length) { send(input.files); } });
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) { if (e.dataTransfer.files.length) { send(e.dataTransfer.files); } });
  }
  function line(name, result, message) {
    const li = document.createElement("li");
    li.className = result;
    li.textContent = (name ? name + "：" : "") + message;
    results.appendChild(li);
  }
  function send(files) {
    const data = new FormData();
    Array.from(files).forEach(function (f) { data.append("files", f, f.name); });
    line("", "pending", "正在上传 " + files.length + " 个文件…");
    fetch("/upload", { method: "POST", body: data, headers: { "x-csrf-token": csrf }, credentials: "same-origin" })
      .then(function (r) {
        return r.json().catch(function () { return { files: [{ name: "", result: "refused", message: "未接收（" + r.status + "）" }] }; });
      })
      .then(function (j) {
        j.files.forEach(function (f) { line(f.name, f.result, f.message); });
        line("", "done", "上传结束。已自动开始检查，完成后可在“总览”查看结果。");
        results.dataset.done = "1";
      })
      .catch(function (e) { line("", "refused", "上传失败：" + e); results.dataset.done = "1"; });
    input.value = "";
  }
})();
