//! The rules of web.md §3, tried from outside the browser with raw HTTP on the loopback
//! address: the binary serves a workspace made here, and each test sends what an attacker
//! (another site in the officer's browser, a DNS-rebinding page, a careless upload) would.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `selfeval serve` over a fresh workspace; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const SETTINGS: &str = "# 被审核的年度\n\"年度\" = 2021\n\n# 意见书和汇总报告的发文单位\n\"审核单位\" = \"<b>局</b>\"\n\n[\"文号\"]\n# 意见书的文号模板\n\"意见书\" = \"\"\n";

/// A report.json as a run writes it, with markup in a unit's, a file's and a message's text.
const REPORT: &str = r#"{"schema":"selfeval/check/1","files":[{"path":"PATH/<img src=x onerror=alert(1)>.xlsx","status":"invalid","findings":[],"tables":[{"kind":"project","sheet":"S","name":"<script>alert('t')</script>","unit":"<script>alert(1)</script>","counts":true,"execution":{"rate":"0.5"},"total":{"score":"80"},"grade":{},"findings":[{"code":"x","severity":"error","sheet":"S","cell":"C4","message":"<iframe src=//evil>","state":"new"}]}]}],"units":[{"name":"<script>alert(1)</script>","in_roster":false,"status":"pending","round":null,"files":["PATH/<img src=x onerror=alert(1)>.xlsx"],"superseded":[],"tables":1,"errors":1,"warnings":0,"fixed":0,"remaining":0,"new":1,"previous_year":null}],"fixed":[]}"#;

fn start(limits: &str) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(dir.path().join("结果")).unwrap();
    std::fs::write(dir.path().join("selfeval.toml"), SETTINGS).unwrap();
    let report = REPORT.replace("PATH", &inbox.display().to_string());
    std::fs::write(dir.path().join("结果").join("report.json"), report).unwrap();
    serve(dir, limits)
}

fn serve(dir: tempfile::TempDir, limits: &str) -> Server {
    serve_with(dir, limits, &[])
}

/// `serve` with more arguments (`--lang en`).
fn serve_with(dir: tempfile::TempDir, limits: &str, more: &[&str]) -> Server {
    let mut child = common::selfeval()
        .args(["serve", "--no-open"])
        .arg(dir.path())
        .args(more)
        .env("SELFEVAL_SERVE_LIMITS", limits)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut first).unwrap();
    // Keep reading what it prints, so that its later lines never meet a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = first
        .split("http://")
        .nth(1)
        .expect(&first)
        .trim()
        .to_string();
    let port: u16 = url.split(['/', ':']).nth(1).unwrap().parse().unwrap();
    let token = url.split("token=").nth(1).unwrap().to_string();
    assert!(first.contains("127.0.0.1"), "{first}");
    Server {
        child,
        port,
        token,
        dir,
    }
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// Sends raw bytes and reads the whole answer (the request asks to close).
fn send(port: u16, raw: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    // The server may answer (413) and close before it has read everything.
    let _ = s.write_all(raw);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_lowercase(),
        body: body.to_string(),
    }
}

impl Server {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
    fn cookie(&self) -> String {
        format!("Cookie: selfeval_{}={}\r\n", self.port, self.token)
    }
    fn origin(&self) -> String {
        format!("Origin: http://127.0.0.1:{}\r\n", self.port)
    }
    fn get(&self, path: &str, extra: &str) -> Answer {
        let raw = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\n{extra}Connection: close\r\n\r\n",
            self.host()
        );
        send(self.port, raw.as_bytes())
    }
    /// The CSRF token a page carries.
    fn csrf(&self) -> String {
        let page = self.get("/settings", &self.cookie()).body;
        let at = page.find("name=\"csrf\" content=\"").expect(&page) + 21;
        page[at..at + 64].to_string()
    }
    fn post(&self, path: &str, extra: &str, ctype: &str, body: &[u8]) -> Answer {
        let mut raw = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\n{extra}Content-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.host(),
            body.len()
        )
        .into_bytes();
        raw.extend_from_slice(body);
        send(self.port, &raw)
    }
    /// An upload of (name, content) files with the cookie, Origin and CSRF token.
    fn upload(&self, files: &[(&str, &[u8])]) -> Answer {
        self.upload_with(files, "")
    }
    /// An upload with more headers.
    fn upload_with(&self, files: &[(&str, &[u8])], more: &str) -> Answer {
        self.post_files("/upload", files, more)
    }
    /// A multipart form of files posted to `path` with the cookie, Origin and CSRF token.
    fn post_files(&self, path: &str, files: &[(&str, &[u8])], more: &str) -> Answer {
        let extra = format!(
            "{}{}{more}x-csrf-token: {}\r\n",
            self.cookie(),
            self.origin(),
            self.csrf()
        );
        let b = "XyZbOuNdArY";
        let mut body = Vec::new();
        for (name, content) in files {
            body.extend_from_slice(format!("--{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
        self.post(
            path,
            &extra,
            &format!("multipart/form-data; boundary={b}"),
            &body,
        )
    }
    fn inbox(&self) -> PathBuf {
        self.dir.path().join("收件箱")
    }
}

/// Every name in a folder, recursively, relative to it (hidden ones included).
fn listing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        v.push(e.path());
        if e.path().is_dir() {
            v.extend(walk(&e.path()));
        }
    }
    v
}

fn has_security_headers(a: &Answer) {
    for h in [
        "content-security-policy: default-src 'self'",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "referrer-policy: same-origin",
    ] {
        assert!(a.head.contains(h), "{h} missing in\n{}", a.head);
    }
}

#[test]
fn without_the_token_every_page_is_refused() {
    let s = start("");
    for path in [
        "/",
        "/settings",
        "/files",
        "/upload",
        "/events",
        "/dl/x",
        "/assets/app.js",
    ] {
        let a = s.get(path, "");
        assert_eq!(a.status, 403, "{path}");
        assert!(a.body.contains("启动时显示的地址"), "{}", a.body);
        has_security_headers(&a);
    }
    let wrong = format!("Cookie: selfeval_{}={}\r\n", s.port, "0".repeat(64));
    assert_eq!(s.get("/", &wrong).status, 403);
    assert_eq!(s.get("/?token=abc", "").status, 403);
}

#[test]
fn the_token_sets_a_strict_http_only_cookie_and_a_clean_address() {
    let s = start("");
    let a = s.get(&format!("/?token={}", s.token), "");
    assert_eq!(a.status, 303);
    assert!(a.head.contains("location: /\r\n"), "{}", a.head);
    let cookie = a
        .head
        .lines()
        .find(|l| l.starts_with("set-cookie:"))
        .expect(&a.head);
    assert!(
        cookie.contains("httponly") && cookie.contains("samesite=strict"),
        "{cookie}"
    );
    has_security_headers(&a);
    let page = s.get("/", &s.cookie());
    assert_eq!(page.status, 200);
    has_security_headers(&page);
}

#[test]
fn a_foreign_host_is_refused_even_with_the_cookie() {
    let s = start("");
    for host in [
        format!("127.0.0.1.evil.example:{}", s.port),
        "evil.example".to_string(),
        format!("127.0.0.1:{}", s.port as u32 + 1),
        "127.0.0.1".to_string(),
        format!("localhost.evil.example:{}", s.port),
    ] {
        let raw = format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\n{}Connection: close\r\n\r\n",
            s.cookie()
        );
        let a = send(s.port, raw.as_bytes());
        assert_eq!(a.status, 403, "{host}");
        has_security_headers(&a);
    }
    for host in [format!("localhost:{}", s.port), format!("[::1]:{}", s.port)] {
        let raw = format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\n{}Connection: close\r\n\r\n",
            s.cookie()
        );
        assert_eq!(send(s.port, raw.as_bytes()).status, 200, "{host}");
    }
}

#[test]
fn a_change_needs_post_its_own_origin_and_the_csrf_token() {
    let s = start("");
    let csrf = s.csrf();
    let form = "application/x-www-form-urlencoded";
    let body = "审核单位=被篡改".as_bytes();
    let with = |origin: &str, token: &str| format!("{}{origin}{token}", s.cookie());
    let good_csrf = format!("x-csrf-token: {csrf}\r\n");
    let cases = [
        (
            with("Origin: http://evil.example\r\n", &good_csrf),
            "foreign origin",
        ),
        (
            with(
                &format!("Origin: http://127.0.0.1.evil.example:{}\r\n", s.port),
                &good_csrf,
            ),
            "look-alike origin",
        ),
        (with("Origin: null\r\n", &good_csrf), "null origin"),
        (with("", &good_csrf), "no origin"),
        (with(&s.origin(), ""), "no csrf"),
        (
            with(
                &s.origin(),
                &format!("x-csrf-token: {}\r\n", "0".repeat(64)),
            ),
            "wrong csrf",
        ),
        (format!("{}{good_csrf}", s.origin()), "no cookie"),
    ];
    for (extra, why) in cases {
        let a = s.post("/settings", &extra, form, body);
        assert_eq!(a.status, 403, "{why}");
    }
    let settings = std::fs::read_to_string(s.dir.path().join("selfeval.toml")).unwrap();
    assert!(!settings.contains("被篡改"), "{settings}");
    // A GET never changes anything: the actions answer only POST.
    for path in ["/run", "/issue", "/pin", "/init"] {
        assert_eq!(s.get(path, &s.cookie()).status, 405, "{path}");
    }
    // With all three, the change is made and the comments are kept.
    let ok = s.post(
        "/settings",
        &with(&s.origin(), &good_csrf),
        form,
        "审核单位=兰州新区财政局".as_bytes(),
    );
    assert_eq!(ok.status, 303, "{}", ok.body);
    let settings = std::fs::read_to_string(s.dir.path().join("selfeval.toml")).unwrap();
    assert!(
        settings.contains("# 意见书和汇总报告的发文单位\n\"审核单位\" = \"兰州新区财政局\""),
        "{settings}"
    );
    assert!(
        settings.contains("# 被审核的年度\n\"年度\" = 2021"),
        "{settings}"
    );
    // A value the settings refuse is said on the page, in the page's language, after a
    // redirect (going back or reloading never sends the form again), with what was typed.
    let bad = "年度=1999&联系人=李四".as_bytes();
    let zh = s.post("/settings", &with(&s.origin(), &good_csrf), form, bad);
    assert_eq!(zh.status, 303, "{}", zh.body);
    assert!(
        zh.head.contains("location: /settings?refused=1\r\n"),
        "{}",
        zh.head
    );
    let zh = s.get("/settings?refused=1", &s.cookie());
    assert!(
        zh.body
            .contains("未保存：“年度”应在 2000 到 2100 之间，现为 1999"),
        "{}",
        zh.body
    );
    assert!(zh.body.contains("value=\"李四\""), "{}", zh.body);
    assert!(!zh.body.contains("selfeval.toml 第"), "{}", zh.body);
    let en_cookie = s.cookie().replace("\r\n", "; selfeval_lang=en\r\n");
    let en = format!("{en_cookie}{}{good_csrf}", s.origin());
    let en = s.post("/settings", &en, form, bad);
    assert_eq!(en.status, 303, "{}", en.body);
    let en = s.get("/settings?refused=1", &en_cookie);
    assert!(
        en.body
            .contains("Not saved: “年度” (the year) must be from 2000 to 2100, not 1999"),
        "{}",
        en.body
    );
    let settings = std::fs::read_to_string(s.dir.path().join("selfeval.toml")).unwrap();
    assert!(!settings.contains("李四"), "{settings}");
}

#[test]
fn upload_names_never_leave_the_inbox() {
    let s = start("");
    for name in [
        "../escaped.xlsx",
        "..\\escaped.xlsx",
        "sub\\escaped.xlsx",
        "C:escaped.xlsx",
        "C:\\escaped.xlsx",
        "/tmp/escaped.xlsx",
        "..",
        "a\u{1}.xlsx",
    ] {
        let a = s.upload(&[(name, b"PK content")]);
        assert_eq!(a.status, 400, "{name}: {}", a.body);
        assert!(a.body.contains("未接收："), "{}", a.body);
    }
    assert_eq!(listing(&s.inbox()), Vec::<String>::new());
    assert!(!s.dir.path().join("escaped.xlsx").exists());
    // A device name and a taken name are made safe, both files kept.
    assert_eq!(s.upload(&[("CON.xlsx", b"one")]).status, 200);
    let a = s.upload(&[("CON.xlsx", b"two"), ("CON.xlsx", b"one")]);
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body.contains("duplicate"), "{}", a.body);
    assert_eq!(listing(&s.inbox()), ["_CON (2).xlsx", "_CON.xlsx"]);
}

#[test]
fn uploads_over_a_limit_are_refused_with_the_limit_named_and_leave_nothing() {
    // 1,000 bytes a file, 5,000 a request, 3 files a request.
    let s = start("1000,5000,3");
    let big = vec![b'x'; 1500];
    let a = s.upload(&[("big.xlsx", &big)]);
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(a.body.contains("1 KB"), "{}", a.body);
    let many: Vec<(String, Vec<u8>)> = (0..4)
        .map(|i| (format!("f{i}.xlsx"), vec![b'a' + i as u8; 10]))
        .collect();
    let refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let a = s.upload(&refs);
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(a.body.contains("最多上传 3 个文件"), "{}", a.body);
    let parts: Vec<(String, Vec<u8>)> = (0..3)
        .map(|i| (format!("g{i}.xlsx"), vec![b'k' + i as u8; 900]))
        .collect();
    let mut refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let filler = vec![b'z'; 3000];
    refs.push(("h.xlsx", &filler));
    let a = s.upload(&refs);
    assert_eq!(a.status, 413, "{}", a.body);
    // The files within the limits were kept; no temporary or partial file is left.
    let left = listing(&s.inbox());
    assert!(
        left.iter()
            .all(|n| !n.starts_with('.') && n != "big.xlsx" && n != "f3.xlsx" && n != "h.xlsx"),
        "{left:?}"
    );
    assert!(left.contains(&"f0.xlsx".to_string()), "{left:?}");
}

/// A request that declares a body over the request limit is answered 413 at once, before
/// its body is sent: the server does not read a gigabyte to find out.
#[test]
fn an_upload_declaring_more_than_the_limit_is_refused_before_its_body() {
    let s = start("1000,5000,3");
    let head = format!(
        "POST /upload HTTP/1.1\r\nHost: {}\r\n{}{}x-csrf-token: {}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 6000\r\nConnection: close\r\n\r\n",
        s.host(),
        s.cookie(),
        s.origin(),
        s.csrf()
    );
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let started = std::time::Instant::now();
    // The head only; the socket stays open for the body that is never sent.
    c.write_all(head.as_bytes()).unwrap();
    let mut buf = [0u8; 4096];
    let n = c.read(&mut buf).unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(text.starts_with("HTTP/1.1 413"), "{text:?}");
    assert!(text.contains("上限"), "{text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(listing(&s.inbox()).is_empty());
}

#[test]
fn an_upload_cut_off_half_way_leaves_no_partial_file() {
    let s = start("");
    let extra = format!("{}{}x-csrf-token: {}\r\n", s.cookie(), s.origin(), s.csrf());
    let head = format!(
        "POST /upload HTTP/1.1\r\nHost: {}\r\n{extra}Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 100000\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cut.xlsx\"\r\n\r\n{}",
        s.host(),
        "x".repeat(5000)
    );
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    drop(c);
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert_eq!(listing(&s.inbox()), Vec::<String>::new());
    // The server keeps serving.
    assert_eq!(s.get("/", &s.cookie()).status, 200);
}

#[test]
fn markup_in_names_and_messages_is_shown_as_text() {
    let s = start("");
    let pages = [
        s.get("/", &s.cookie()),
        s.get("/files", &s.cookie()),
        s.get("/unit/%3Cscript%3Ealert(1)%3C%2Fscript%3E", &s.cookie()),
        s.get("/settings", &s.cookie()),
    ];
    for p in &pages {
        assert_eq!(p.status, 200, "{}", p.body);
        for raw in ["<script>alert", "<img src=x", "<iframe", "<b>局</b>"] {
            assert!(!p.body.contains(raw), "{raw} unescaped in\n{}", p.body);
        }
    }
    assert!(
        pages[0]
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        pages[0].body
    );
    assert!(
        pages[2].body.contains("&lt;iframe src=//evil&gt;"),
        "{}",
        pages[2].body
    );
    assert!(
        pages[3].body.contains("&lt;b&gt;局&lt;/b&gt;"),
        "{}",
        pages[3].body
    );
}

#[test]
fn downloads_are_by_issued_id_only() {
    let s = start("");
    for path in [
        "/dl/..%2F..%2Fselfeval.toml",
        "/dl/selfeval.toml",
        "/dl/0123456789abcdef0123456789abcdef",
    ] {
        let a = s.get(path, &s.cookie());
        assert_eq!(a.status, 404, "{path}");
        assert!(a.body.contains("没有这个下载"), "{}", a.body);
    }
    std::fs::write(
        s.dir.path().join("结果").join("summary.xlsx"),
        b"PK summary",
    )
    .unwrap();
    let page = s.get("/", &s.cookie()).body;
    let at = page.find("href=\"/dl/").expect(&page) + 6;
    let link = &page[at..at + 4 + 32];
    let a = s.get(link, &s.cookie());
    assert_eq!(a.status, 200, "{link}");
    assert!(
        a.head.contains("filename*=utf-8''summary.xlsx"),
        "{}",
        a.head
    );
    assert_eq!(a.body, "PK summary");
}

#[test]
fn a_folder_that_is_not_a_workspace_is_offered_and_made_one() {
    let s = serve(tempfile::tempdir().unwrap(), "");
    let page = s.get("/", &s.cookie()).body;
    assert!(page.contains("在此文件夹建立工作区"), "{page}");
    let refused = s.upload(&[("a.xlsx", b"x")]);
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("还不是工作区"), "{}", refused.body);
    assert_eq!(listing(s.dir.path()), Vec::<String>::new());
    let extra = format!("{}{}", s.cookie(), s.origin());
    let a = s.post(
        &format!("/init?csrf={}", s.csrf()),
        &extra,
        "application/x-www-form-urlencoded",
        b"",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let settings = s.dir.path().join("selfeval.toml");
    for _ in 0..100 {
        if settings.is_file() && s.get("/", &s.cookie()).body.contains("重新检查") {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("no workspace made: {:?}", listing(s.dir.path()));
}

#[test]
fn a_zip_is_unpacked_into_the_inbox_and_its_entries_obey_the_same_rules() {
    use std::io::Write as _;
    let s = start("1000,100000,10");
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, len) in [
        ("单位/教育局.xlsx", 10),
        ("../escaped.xlsx", 10),
        ("C:/x.xlsx", 10),
        ("big.xlsx", 5000),
    ] {
        z.start_file(name, opts).unwrap();
        z.write_all(&vec![b'q'; len]).unwrap();
    }
    let bytes = z.finish().unwrap().into_inner();
    let a = s.upload(&[("材料.zip", &bytes)]);
    assert_eq!(a.status, 400, "{}", a.body);
    assert!(a.body.contains("收到其中 1 个文件"), "{}", a.body);
    assert!(a.body.contains("超过 1 KB"), "{}", a.body);
    assert_eq!(
        listing(&s.inbox()),
        ["材料", "材料/单位", "材料/单位/教育局.xlsx"]
    );
    assert!(!s.dir.path().join("escaped.xlsx").exists());
}

/// A unit's folder zipped on Windows (send to compressed folder) holds the folder itself:
/// its files go into `收件箱/{zip name}/`, not into a folder of the same name inside it
/// (the officer saw `永登县农业农村局/永登县农业农村局/部门整体.xlsx` on every page).
#[test]
fn a_zipped_folder_is_not_unpacked_into_a_folder_of_its_own_name() {
    use std::io::Write as _;
    let s = start("");
    let zipped = |entries: &[&str]| {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for name in entries {
            if name.ends_with('/') {
                z.add_directory(*name, opts).unwrap();
            } else {
                z.start_file(*name, opts).unwrap();
                z.write_all(name.as_bytes()).unwrap();
            }
        }
        z.finish().unwrap().into_inner()
    };
    let folder = zipped(&[
        "农业局/",
        "农业局/部门整体.xlsx",
        "农业局/项目/高标准农田.xlsx",
    ]);
    let a = s.upload(&[("农业局.zip", &folder)]);
    assert_eq!(a.status, 200, "{}", a.body);
    // A folder named otherwise, or files beside it, are kept as the zip has them.
    let other = zipped(&["卫健局/部门整体.xlsx", "说明.txt"]);
    let b = s.upload(&[("材料.zip", &other)]);
    assert_eq!(b.status, 200, "{}", b.body);
    assert_eq!(
        listing(&s.inbox()),
        [
            "农业局",
            "农业局/部门整体.xlsx",
            "农业局/项目",
            "农业局/项目/高标准农田.xlsx",
            "材料",
            "材料/卫健局",
            "材料/卫健局/部门整体.xlsx",
            "材料/说明.txt"
        ]
    );
}

/// Ctrl-C stops the server cleanly (exit 0), open progress streams included.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_with_exit_0() {
    let mut s = start("");
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let raw = format!(
        "GET /events HTTP/1.1\r\nHost: {}\r\n{}\r\n",
        s.host(),
        s.cookie()
    );
    stream.write_all(raw.as_bytes()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let kill = Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    for _ in 0..50 {
        if let Some(status) = s.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("still serving 5 s after Ctrl-C");
}

/// The characters that mark Chinese text (CJK ideographs, their punctuation and the
/// full-width forms).
fn chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Every string of a JSON document, and each part of those that are paths; not the
/// messages (the program's own text, which an English page must not show in Chinese).
fn strings_of(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => {
            out.push(s.clone());
            out.extend(s.split(['/', '\\']).map(str::to_string));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings_of(x, out)),
        serde_json::Value::Object(o) => o
            .iter()
            .filter(|(k, _)| *k != "message")
            .for_each(|(_, x)| strings_of(x, out)),
        _ => {}
    }
}

/// A workspace made by the binary as an officer would: two units' files, a run, a round
/// issued, a corrected file, a run again.
fn campaign_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let ok = |args: &[&str]| {
        let out = common::selfeval().args(args).arg(ws).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(&["init", "--year", "2021"]);
    let fix = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/resubmission");
    for f in ["永登县卫生健康局.xlsx", "永登县教育局.xlsx"] {
        std::fs::copy(fix.join(f), ws.join("收件箱").join(f)).unwrap();
    }
    ok(&["run"]);
    ok(&["issue"]);
    let again = "永登县卫生健康局（第二次报送）.xlsx";
    std::fs::copy(fix.join(again), ws.join("收件箱").join(again)).unwrap();
    ok(&["run"]);
    dir
}

/// The page's own text left once every input's text is taken out: what the page says in
/// Chinese of its own.
fn own_chinese(page: &str, inputs: &[String]) -> Vec<String> {
    let mut text = page
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    for s in inputs {
        text = text.replace(s.as_str(), " ");
    }
    // The switch names each language in itself; the form's own terms, and the syntax of a
    // setting (`{年}`), are quoted “…” in English.
    text = text.replace(">中文<", "><");
    while let Some((before, after)) = text.split_once('“') {
        text = format!("{before}{}", after.split_once('”').map_or("", |x| x.1));
    }
    let mut left = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if chinese(*c) {
            let from = i.saturating_sub(30);
            left.push(chars[from..(i + 10).min(chars.len())].iter().collect());
        }
    }
    left
}

#[test]
fn the_english_page_has_no_chinese_of_its_own() {
    let dir = campaign_workspace();
    let report = std::fs::read(dir.path().join("结果/report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_slice(&report).unwrap();
    // Inputs: what the units' files say (names, paths, sheets, messages of the run), the
    // workspace's folder and settings; and the form's own terms the English names of the
    // rules quote (`年度资金总额 is not …`).
    let mut inputs = Vec::new();
    strings_of(&report, &mut inputs);
    inputs.push(dir.path().display().to_string());
    let settings = std::fs::read_to_string(dir.path().join("selfeval.toml")).unwrap();
    let settings: toml::Table = settings.parse().unwrap();
    strings_of(&serde_json::to_value(&settings).unwrap(), &mut inputs);
    inputs.extend(selfeval::RULES.iter().map(|r| r.en.to_string()));
    // The form's fields are named by the settings' keys (not shown).
    let fields = selfeval::SETTINGS_FIELDS.iter();
    inputs.extend(fields.map(|f| format!("name=\"{}\"", f.key)));
    inputs.sort_by_key(|s| std::cmp::Reverse(s.len()));
    inputs.retain(|s| !s.is_empty());
    let s = serve_with(dir, "", &["--lang", "en"]);
    let units: Vec<String> = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    let mut paths: Vec<String> = ["/", "/upload", "/files", "/settings", "/nothing", "/dl/0"]
        .map(String::from)
        .to_vec();
    paths.extend(units.iter().map(|u| format!("/unit/{}", pct(u))));
    let mut seen_round = false;
    for path in &paths {
        let a = s.get(path, &s.cookie());
        assert!(a.body.contains("<html lang=\"en\">"), "{path}: {}", a.body);
        seen_round |= a.body.contains("Round 1 review letter");
        let left = own_chinese(&a.body, &inputs);
        assert!(
            left.is_empty(),
            "{path}: Chinese of the page's own:\n{left:#?}"
        );
    }
    assert!(seen_round, "no unit page links its round 1 letter");
    let overview = s.get("/", &s.cookie()).body;
    for word in [
        "Overview",
        "Upload files",
        "Check again",
        "Send review opinions",
        "<th>Unit</th><th>Status</th>",
        "Returned (round 1)",
    ] {
        assert!(overview.contains(word), "{word} missing in\n{overview}");
    }
    // A refusal, and an upload's result line.
    let refused = s.get("/", "");
    assert_eq!(refused.status, 403);
    assert!(
        own_chinese(&refused.body, &inputs).is_empty(),
        "{}",
        refused.body
    );
    let a = s.upload(&[("../x.xlsx", b"PK")]);
    assert_eq!(a.status, 400, "{}", a.body);
    assert!(
        a.body
            .contains("Not received: the name holds a path separator"),
        "{}",
        a.body
    );
}

fn pct(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[test]
fn the_language_follows_the_switch_the_flag_and_the_workspace() {
    // A Chinese workspace: Chinese, until the browser switches.
    let s = start("");
    let before = listing(s.dir.path());
    let toml_before = std::fs::read(s.dir.path().join("selfeval.toml")).unwrap();
    let page = s.get("/files", &s.cookie()).body;
    assert!(
        page.contains("<html lang=\"zh-CN\">") && page.contains(">文件清单<"),
        "{page}"
    );
    assert!(
        page.contains("href=\"?lang=en\""),
        "no switch on the page:\n{page}"
    );
    // The switch: a GET answered with the browser's cookie and the same page; nothing of
    // the server's changes.
    let a = s.get("/files?lang=en", &s.cookie());
    assert_eq!(a.status, 303, "{}", a.body);
    assert!(a.head.contains("location: /files\r\n"), "{}", a.head);
    assert!(
        a.head
            .contains("set-cookie: selfeval_lang=en; samesite=strict; path=/"),
        "{}",
        a.head
    );
    assert_eq!(listing(s.dir.path()), before);
    assert_eq!(
        std::fs::read(s.dir.path().join("selfeval.toml")).unwrap(),
        toml_before
    );
    let en = format!("{}Cookie: selfeval_lang=en\r\n", s.cookie());
    let page = s.get("/files", &en).body;
    assert!(
        page.contains("<html lang=\"en\">") && page.contains(">Files received<"),
        "{page}"
    );
    let a = s.upload_with(&[("a/b.xlsx", b"PK")], "Cookie: selfeval_lang=en\r\n");
    assert!(
        a.body
            .contains("Not received: the name holds a path separator"),
        "{}",
        a.body
    );
    // Without the token the switch is refused like any page; it never leaves the server.
    assert_eq!(s.get("/?lang=en", "").status, 403);
    let a = s.get("//evil.example/?lang=en", &s.cookie());
    assert_eq!(a.status, 303);
    assert!(a.head.contains("location: /\r\n"), "{}", a.head);
    drop(s);

    // A workspace whose settings say `"语言" = "en"` is English by default; the browser's
    // choice still wins.
    let s = start("");
    let path = s.dir.path().join("selfeval.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("[\"文号\"]", "\"语言\" = \"en\"\n\n[\"文号\"]", 1),
    )
    .unwrap();
    let page = s.get("/", &s.cookie()).body;
    assert!(
        page.contains("<html lang=\"en\">") && page.contains(">Overview<"),
        "{page}"
    );
    let zh = format!("{}Cookie: selfeval_lang=zh\r\n", s.cookie());
    let page = s.get("/", &zh).body;
    assert!(
        page.contains("<html lang=\"zh-CN\">") && page.contains(">总览<"),
        "{page}"
    );
}

#[test]
fn an_english_workspace_is_served_with_an_english_console_line() {
    let dir = tempfile::tempdir().unwrap();
    let init = common::selfeval()
        .arg("init")
        .arg(dir.path())
        .args(["--year", "2021", "--lang", "en"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let mut child = common::selfeval()
        .args(["serve", "--no-open"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with("Open in your browser: http://127.0.0.1:"),
        "{first}"
    );
}

/// A page in the other language than the workspace's names a finding's rule in its own
/// language with the figures, shown as the outputs show them: a rate as a percent, not
/// the fraction report.json holds.
#[test]
fn a_finding_in_the_other_language_shows_its_rate_as_a_percent() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(dir.path().join("结果")).unwrap();
    std::fs::write(dir.path().join("selfeval.toml"), SETTINGS).unwrap();
    let finding = r#"{"code":"exec-rate-mismatch","severity":"error","sheet":"S","cell":"I7","message":"填报执行率有误","expected":"0.9898","found":"0.9608","state":"new"}"#;
    let report = REPORT
        .replace("PATH", &inbox.display().to_string())
        .replace("<script>alert(1)</script>", "甲单位")
        .replace(
            r#"{"code":"x","severity":"error","sheet":"S","cell":"C4","message":"<iframe src=//evil>","state":"new"}"#,
            finding,
        );
    assert!(report.contains("exec-rate-mismatch"), "{report}");
    std::fs::write(dir.path().join("结果").join("report.json"), report).unwrap();
    let s = serve(dir, "");
    let unit = "/unit/%E7%94%B2%E5%8D%95%E4%BD%8D";
    let zh = s.get(unit, &s.cookie()).body;
    assert!(zh.contains("填报执行率有误"), "{zh}");
    let en = format!("{}Cookie: selfeval_lang=en\r\n", s.cookie());
    let page = s.get(unit, &en).body;
    assert!(page.contains("(expected 98.98%, stated 96.08%)"), "{page}");
}

/// `POST /roster`: a roster over the per-file limit or without a unit is refused and
/// leaves the roster as it was (no temporary file left); a good one replaces it, the old
/// one kept as `单位名单.xlsx.bak`, and the settings page says what changed.
#[test]
fn a_roster_upload_replaces_the_roster_only_when_it_is_a_roster_within_the_limit() {
    let s = start("100000,500000,3");
    let path = s.dir.path().join("单位名单.xlsx");
    common::write_roster(&path, &[["甲单位", "", "", "", ""]]);
    let old = std::fs::read(&path).unwrap();
    let big = vec![b'x'; 100_001];
    let a = s.post_files("/roster", &[("名单.xlsx", &big)], "");
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(a.body.contains("名单文件过大"), "{}", a.body);
    let a = s.post_files("/roster", &[("名单.xlsx", b"PK not a workbook")], "");
    assert_eq!(a.status, 303, "{}", a.body);
    let page = s.get("/settings", &s.cookie()).body;
    assert!(page.contains("原名单未改动"), "{page}");
    assert_eq!(std::fs::read(&path).unwrap(), old);
    let new_roster = s.dir.path().join("新名单.xlsx");
    common::write_roster(
        &new_roster,
        &[["甲单位", "", "", "", ""], ["乙单位", "", "", "", ""]],
    );
    let bytes = std::fs::read(&new_roster).unwrap();
    let a = s.post_files("/roster", &[("新名单.xlsx", &bytes)], "");
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(
        std::fs::read(s.dir.path().join("单位名单.xlsx.bak")).unwrap(),
        old
    );
    let page = s.get("/settings", &s.cookie()).body;
    assert!(page.contains("新增 1 个：乙单位"), "{page}");
    let left = listing(s.dir.path());
    assert!(!left.iter().any(|n| n.contains("upload-tmp")), "{left:?}");
}

/// The upload page names everything it takes: workbooks, a unit's Word report and a zip
/// (an officer holding a `.docx` must not think it is refused).
#[test]
fn the_upload_page_names_workbooks_reports_and_zips() {
    let s = start("");
    let page = s.get("/upload", &s.cookie());
    assert_eq!(page.status, 200);
    for want in [".xlsx", ".docx", ".zip"] {
        assert!(page.body.contains(want), "{want} in {}", page.body);
    }
}
