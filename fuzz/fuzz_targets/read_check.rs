//! Fuzz target: arbitrary bytes through the whole single-file pipeline — sniff and read
//! (`read::read_bytes`), re-score (`score::review`) and the table rules
//! (`rules::check_table`) for every table found.
//!
//! `read_bytes` catches a panic raised inside calamine and turns it into a
//! `file-unreadable` finding; that is the product's behaviour, so by default such a panic
//! is not a crash here. Set `SELFEVAL_FUZZ_STRICT=1` to make every panic a crash (to hunt
//! the panics calamine raises on malformed files).
#![no_main]

use libfuzzer_sys::fuzz_target;
use selfeval::score::Policy;
use std::sync::OnceLock;

static POLICY: OnceLock<Policy> = OnceLock::new();

fuzz_target!(
    init: {
        if std::env::var_os("SELFEVAL_FUZZ_STRICT").is_none() {
            // libfuzzer-sys aborts on any panic, even a caught one; keep only the abort
            // for panics nobody catches (libfuzzer-sys still aborts on those itself).
            let _ = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
        }
    },
    |data: &[u8]| {
    let policy = POLICY.get_or_init(Policy::default);
    let read = selfeval::read::read_bytes(data);
    // An unreadable file has one finding and no table; a readable one without a table says so.
    assert!(!read.unreadable || read.tables.is_empty());
    assert!(!read.tables.is_empty() || !read.findings.is_empty());
    for t in &read.tables {
        let review = selfeval::score::review(&t.table, policy);
        let _ = selfeval::check_table(&t.table, &review, policy);
    }
});
