//! Property tests for the parsers that read bytes and text of a unit's file that this
//! reader added last (docs/security.md, "Hostile inputs against the new readers"):
//! arbitrary bytes — alone and behind the heads that steer each parser past its first
//! check — into the Ole10Native header, the compound file's stream lookup and rewrite, the
//! default-password decryption, the BIFF5/BIFF8 format records, the flat ODS packaging and
//! the relationships rewrite. None may panic, and each returns within a bound of time
//! proportional to its input.

use super::cfb::Cfb;
use super::{attached_workbook, fods, ole_package, partname, xlsdecrypt, xlsfmt};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// The first 512 bytes of a compound file (version 3): signature, sector shift 9, mini
/// shift 6, one FAT sector at 0, the directory at sector 1, no mini FAT.
fn cfb_head() -> Vec<u8> {
    let mut h = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    h.resize(0x1E, 0);
    h.extend([9, 0, 6, 0]);
    h.resize(0x2C, 0);
    h.extend(1u32.to_le_bytes()); // FAT sectors
    h.extend(1u32.to_le_bytes()); // directory start
    h.extend([0; 4]);
    h.extend(4096u32.to_le_bytes());
    h.extend(0xFFFF_FFFEu32.to_le_bytes()); // mini FAT start
    h.extend(0u32.to_le_bytes());
    h.extend(0xFFFF_FFFEu32.to_le_bytes()); // DIFAT start
    h.extend(0u32.to_le_bytes());
    h.extend(0u32.to_le_bytes()); // the FAT in sector 0
    h.resize(512, 0xFF);
    h
}

/// A BIFF8 globals BOF and a FilePass record of the given data (type 1, RC4 or CryptoAPI).
fn filepass_stream(data: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut s = vec![0x09, 0x08, 16, 0, 0x00, 0x06, 5, 0];
    s.extend([0; 12]);
    s.extend(0x002Fu16.to_le_bytes());
    s.extend((data.len().min(0xFFFF) as u16).to_le_bytes());
    s.extend(&data[..data.len().min(0xFFFF)]);
    s.extend(rest);
    s
}

/// Runs `f`, failing the test when it takes 2 s or more (the property tests' time bound).
pub(super) fn quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    within(what, Duration::from_secs(2), f)
}

/// Runs `f`, failing the test when it takes `limit` or more.
fn within<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?}");
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_ole10native_stream_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..600),
                                           size in any::<u32>()) {
        let mut s = vec![0, 0, 0, 0, 2, 0];
        s.extend(b"a.xlsx\0C:\\a.xlsx\0\0\0\x03\0\x07\0\0\0C:\\tmp\0");
        s.extend(size.to_le_bytes());
        s.extend(&tail);
        quick("attached_workbook", || attached_workbook(&s));
        quick("attached_workbook junk", || attached_workbook(&tail));
    }

    #[test]
    fn a_compound_file_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let mut bytes = cfb_head();
        bytes.extend(&tail);
        quick("ole_package", || ole_package(&bytes));
        if let Some(c) = Cfb::parse(&bytes) {
            quick("chains_end", || c.chains_end());
            if let Some(s) = quick("stream", || c.stream(&["Workbook", "Book"])) {
                let flipped: Vec<u8> = s.iter().map(|b| b ^ 0xFF).collect();
                quick("with_stream", || c.with_stream(&["Workbook", "Book"], &flipped));
            }
        }
    }

    #[test]
    fn a_filepass_never_panics(data in proptest::collection::vec(any::<u8>(), 0..400),
                               rest in proptest::collection::vec(any::<u8>(), 0..3000),
                               head in prop_oneof![Just([1u8, 0, 1, 0, 1, 0]), Just([1, 0, 4, 0, 2, 0]),
                                                   Just([1, 0, 2, 0, 2, 0]), any::<[u8; 6]>()]) {
        let mut d = head.to_vec();
        d.extend(&data);
        let s = filepass_stream(&d, &rest);
        quick("protection", || { let _ = xlsdecrypt::protection(&s); });
        quick("protection junk", || { let _ = xlsdecrypt::protection(&rest); });
    }

    #[test]
    fn format_records_never_panic(records in proptest::collection::vec(
            (prop_oneof![Just(0x041Eu16), Just(0x00E0), Just(0x0042), Just(0x0203), Just(0x00BD),
                         Just(0x027E), Just(0x0809), Just(0x000A), any::<u16>()],
             proptest::collection::vec(any::<u8>(), 0..40)), 0..60),
            biff5 in any::<bool>(),
            offsets in proptest::collection::vec(0usize..4000, 0..4)) {
        let mut s = vec![0x09, 0x08, 8, 0];
        s.extend(if biff5 { [0x00, 0x05] } else { [0x00, 0x06] });
        s.extend([5, 0, 0, 0]);
        for (typ, data) in &records {
            s.extend(typ.to_le_bytes());
            // The length field may claim more than the data holds.
            s.extend(((data.len() as u16).wrapping_mul(3) / 2).to_le_bytes());
            s.extend(data);
        }
        quick("xls formats", || xlsfmt::formats(&s, &offsets));
    }

    #[test]
    fn a_flat_ods_is_packaged_whatever_its_bytes(b in proptest::collection::vec(
            prop_oneof![Just(b'<'), Just(b'>'), Just(b'\n'), Just(b' '), any::<u8>()], 0..2000)) {
        prop_assert!(quick("fods package", || fods::package(&b)).is_some());
    }

    #[test]
    fn relationships_rewrite_never_panics(t in "(<R |Target=|TargetMode=\"External\"|\\.\\./|\\./|[\"'>/a]|\\PC){0,80}") {
        let _ = quick("absolute_targets", || partname::absolute_targets("xl/_rels/workbook.xml.rels", t.as_bytes()));
        let _ = quick("resolve", || partname::resolve("xl/", &t));
    }
}

#[test]
fn deep_climbs_long_fods_indentation_and_long_records_cost_linear_time() {
    // A `../` chain 100,000 deep resolves to the root.
    let deep = "../".repeat(100_000) + "xl/worksheets/sheet1.xml";
    assert_eq!(
        quick("resolve deep", || partname::resolve("xl/", &deep)),
        "xl/worksheets/sheet1.xml"
    );
    // 32 MiB of indentation between two elements, and 2 M alternating `>` and spaces.
    let mut flat = b"<a>".to_vec();
    flat.extend(std::iter::repeat_n(b'\n', 32 * 1024 * 1024));
    flat.extend(b"<b/>");
    flat.extend(b"> ".repeat(1_000_000));
    // Some 1.5 s in a debug build on an idle machine, over 2 s with builds beside it; a
    // pass that is not linear in 34 MB takes minutes.
    let pkg = within("fods indentation", Duration::from_secs(10), || {
        fods::package(&flat)
    })
    .expect("packaged");
    assert!(pkg.len() < 3 * 1024 * 1024, "{}", pkg.len());
    // A stream of 200,000 empty Format records: each read once.
    let mut s = vec![0x09, 0x08, 8, 0, 0x00, 0x05, 5, 0, 0, 0];
    for _ in 0..200_000 {
        s.extend([0x1E, 0x04, 3, 0, 0, 0, 0xFF]);
    }
    quick("format records", || xlsfmt::formats(&s, &[0, 10, 20]));
}
