// The officer's page: the progress stream, the drop zone and uploads, confirmations,
// sortable tables and local times. Plain JavaScript, no library, nothing from elsewhere.
"use strict";
(function () {
  const csrf = (document.querySelector('meta[name="csrf"]') || {}).content || "";
  // The page's texts in its language (src/serve/text.rs, SCRIPT), filled as {0}, {1} ….
  const texts = (function () {
    const el = document.getElementById("texts");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  })();
  function t(name) {
    const args = Array.prototype.slice.call(arguments, 1);
    return String(texts[name] || name).replace(/\{(\d)\}/g, function (m, i) {
      return i < args.length ? String(args[i]) : m;
    });
  }
  function job(key) { return t("job." + key); }

  // Local times of the server's epoch seconds.
  document.querySelectorAll("time[data-epoch]").forEach(function (t) {
    const d = new Date(Number(t.dataset.epoch) * 1000);
    t.textContent = d.toLocaleString(texts.locale || "zh-CN", { hour12: false });
  });

  // A confirmation before forms that ask for one (the button that issues a round), and
  // each form sent once: a double-click on the issue button asked twice and sent twice.
  const posts = document.querySelectorAll('form[method="post"]');
  posts.forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (f.dataset.sent) { e.preventDefault(); return; }
      if (f.dataset.confirm && !window.confirm(f.dataset.confirm)) { e.preventDefault(); return; }
      f.dataset.sent = "1";
    });
  });
  // A page shown again by the back button may come from the browser's memory: its forms
  // work again.
  window.addEventListener("pageshow", function () {
    posts.forEach(function (f) { delete f.dataset.sent; });
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
          const c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y), texts.locale || "zh-CN");
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // The progress pushed by the server; the page reloads when a command ends.
  const bar = document.getElementById("progress");
  // The count of commands finished when the server made this page: one that ended before
  // the stream connected (the workspace made at the first screen) still reloads the page.
  let seen = bar && bar.dataset.seen ? Number(bar.dataset.seen) : null;
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
    let waiting = s.queued.length ? t("queued", s.queued.map(job).join(t("list"))) : "";
    // What the last issue did stays on the bar through the run after it.
    if (s.issued) {
      waiting = (s.issued.round !== null ? t("issued", s.issued.round, s.issued.units) : t("issued-none")) + waiting;
    }
    bar.className = "progress";
    if (s.busy) {
      let msg = t("doing", job(s.what));
      if (s.phase === "read") {
        msg += t("reading", s.done, s.total);
        if (s.eta !== null) { msg += t("eta", s.eta); }
      } else if (s.phase === "write") {
        msg += t("writing");
      } else {
        msg += t("starting");
      }
      bar.textContent = msg + waiting;
      bar.hidden = false;
    } else if (s.last) {
      // A command that ended well may still have warned (a previous year's workspace that cannot be
      // read): said after "done", in the bar's colour of warnings.
      const warned = s.last.ok && s.last.warnings && s.last.warnings.length ? " " + s.last.warnings.join(" ") : "";
      bar.textContent = (s.last.ok ? t("done", job(s.last.what)) + warned : t("failed", job(s.last.what), s.last.message)) + waiting;
      bar.classList.add(s.last.ok ? (warned ? "done-warn" : "done-ok") : "done-bad");
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
    zone.addEventListener("drop", function (e) {
      const files = withoutFolders(e.dataTransfer);
      if (files.length) { send(files); }
    });
  }
  // A folder dropped among the files: the browser cannot send it (the whole upload failed
  // with a bare network error), so it is named and left out, and the files are sent.
  function withoutFolders(dt) {
    const items = Array.from(dt.items || []);
    const files = Array.from(dt.files || []);
    if (items.length !== files.length) { return files; }
    const kept = [];
    files.forEach(function (f, i) {
      const entry = items[i].webkitGetAsEntry ? items[i].webkitGetAsEntry() : null;
      if (entry && entry.isDirectory) {
        line(f.name, "refused", t("folder"));
      } else {
        kept.push(f);
      }
    });
    if (kept.length < files.length && !kept.length) { results.dataset.done = "1"; }
    return kept;
  }
  function line(name, result, message) {
    const li = document.createElement("li");
    li.className = result;
    li.textContent = name ? t("line", name, message) : message;
    results.appendChild(li);
    return li;
  }
  function send(files) {
    const data = new FormData();
    Array.from(files).forEach(function (f) { data.append("files", f, f.name); });
    // The "uploading" line goes when the answer comes: left, it read as still uploading.
    const pending = line("", "pending", t("uploading", files.length));
    fetch("/upload", { method: "POST", body: data, headers: { "x-csrf-token": csrf }, credentials: "same-origin" })
      .then(function (r) {
        return r.json().catch(function () { return { files: [{ name: "", result: "refused", message: t("refused", r.status) }] }; });
      })
      .then(function (j) {
        pending.remove();
        j.files.forEach(function (f) { line(f.name, f.result, f.message); });
        // A run starts only when a file was received (upload.rs): say so, not "a check
        // has started" after an upload of copies already received.
        const any = j.files.some(function (f) { return f.result === "received"; });
        line("", "done", t(any ? "uploaded" : "uploaded-nothing"));
        results.dataset.done = "1";
      })
      .catch(function (e) { pending.remove(); line("", "refused", t("upload-failed", e)); results.dataset.done = "1"; });
    input.value = "";
  }
})();
