//! Names this build of the program by what it is made of: the package version and a hash of
//! every source file and of Cargo.lock (`SELFEVAL_BUILD`, e.g. `0.1.0+3f2a…`).
//!
//! A workspace keeps each file's checked result, the run's fingerprint and the outputs it can
//! take again under the program that made them (src/campaign/cache.rs). The package version
//! alone does not tell two builds apart while it stays the same: a program with a rule fixed
//! would take the old results (encoded for types that may have changed since), say that
//! nothing changed and keep the old outputs. Two builds of the same sources and locked
//! dependencies share their results; any other build reads every file again once.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.push(PathBuf::from("Cargo.lock"));
    files.sort();
    let mut h = Fnv::new();
    for f in &files {
        // The path (with `/` on every system) and the content, each ended, so that moving
        // text from one file to the next changes the hash.
        h.write(f.to_string_lossy().replace('\\', "/").as_bytes());
        h.write(&[0]);
        h.write(&std::fs::read(f).unwrap_or_default());
        h.write(&[0xff]);
    }
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=SELFEVAL_BUILD={version}+{:016x}", h.0);
}

/// Every file below `dir`.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// FNV-1a, 64 bits: stable across compilers and systems, and enough to tell builds apart
/// (std's hasher may change between Rust versions; no dependency is needed for this).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
