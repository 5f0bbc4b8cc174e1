//! An `.xls` encrypted with Excel's default password. Excel encrypts a workbook whose only
//! password is the password to modify (or whose structure is protected) with the fixed
//! password `VelvetSweatshop`, and opens it again without asking; units send such files
//! without knowing they are encrypted. Excel 2003 and later use "RC4 CryptoAPI" (MS-XLS
//! 2.2.10, MS-OFFCRYPTO 2.3.5), Excel 97 and 2000 "RC4" (2.3.6): a FilePass record after
//! the globals' BOF; every record's data encrypted with RC4, re-keyed every 1024 bytes of
//! the stream from the password's hash and the block number (SHA-1 of the salted password
//! for CryptoAPI; MD5 of the password, salted and hashed again, for RC4); record headers,
//! BOF, FilePass, the revision and interface records and BoundSheet8's stream position
//! left in the clear.
//!
//! Only the default password is tried, once, against the FilePass verifier: a password
//! a unit chose and XOR obfuscation stay refused as encrypted. The work is one pass over
//! the stream (bounded by the file), keyed once per 1024 bytes.

use super::cfb::{u16_at, u32_at};

/// Excel's default password.
const DEFAULT_PASSWORD: &str = "VelvetSweatshop";
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
/// Records whose data is never encrypted (MS-XLS 2.2.10): BOF, FilePass, UsrExcl,
/// FileLock, InterfaceHdr, RRDInfo, RRDHead.
const CLEAR: [u16; 7] = [BOF, FILEPASS, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138];
/// The type the FilePass record takes once the stream is decrypted: UseSelFS, a flag no
/// reader here looks at, so calamine and the pre-check read the stream as never encrypted
/// (its length is kept: every record stays where it was).
const PASSED: u16 = 0x0160;
const BLOCK: usize = 1024;

/// How a Workbook stream is protected.
pub(super) enum Protection {
    /// No FilePass record.
    Clear,
    /// Encrypted with Excel's default password: the stream decrypted.
    Default(Vec<u8>),
    /// Encrypted with another password, or a method not read.
    Password,
}

/// The protection of a Workbook stream.
pub(super) fn protection(stream: &[u8]) -> Protection {
    let Some((at, data)) = filepass(stream) else {
        return Protection::Clear;
    };
    let key = match CryptoApi::parse(data) {
        Some(c) => c.key(DEFAULT_PASSWORD),
        None => rc4_key(data, DEFAULT_PASSWORD),
    };
    match key {
        Some(key) => Protection::Default(decrypt(stream, at, &key)),
        None => Protection::Password,
    }
}

/// The FilePass record of the globals (its position and data), if any.
fn filepass(stream: &[u8]) -> Option<(usize, &[u8])> {
    let mut pos = 0;
    let mut first = true;
    while let (Some(typ), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let data = stream.get(pos + 4..pos + 4 + len as usize)?;
        match typ {
            BOF if first => first = false,
            FILEPASS if !first => return Some((pos, data)),
            _ if first => return None,
            BOF | EOF => return None,
            _ => {}
        }
        pos += 4 + len as usize;
    }
    None
}

/// An RC4 CryptoAPI FilePass: the salt, the key size and the encrypted verifier.
struct CryptoApi<'a> {
    salt: &'a [u8],
    key_bytes: usize,
    verifier: &'a [u8],
    verifier_hash: &'a [u8],
}

impl<'a> CryptoApi<'a> {
    /// Reads a FilePass record's data: RC4 (type 1), CryptoAPI (version 2.2 to 4.2), RC4
    /// with SHA-1; `None` for anything else.
    fn parse(data: &'a [u8]) -> Option<CryptoApi<'a>> {
        let (kind, major, minor) = (u16_at(data, 0)?, u16_at(data, 2)?, u16_at(data, 4)?);
        if kind != 1 || !(2..=4).contains(&major) || minor != 2 {
            return None;
        }
        let header_size = u32_at(data, 10)? as usize;
        let header = data.get(14..14usize.checked_add(header_size)?)?;
        let (alg, hash, bits) = (u32_at(header, 8)?, u32_at(header, 12)?, u32_at(header, 16)?);
        let bits = if bits == 0 { 40 } else { bits };
        if !matches!(alg, 0 | 0x6801) || !matches!(hash, 0 | 0x8004) {
            return None;
        }
        if !(40..=128).contains(&bits) || bits % 8 != 0 {
            return None;
        }
        let v = &data[14 + header_size..];
        if u32_at(v, 0)? != 16 || u32_at(v, 36)? != 20 {
            return None;
        }
        Some(CryptoApi {
            salt: v.get(4..20)?,
            key_bytes: bits as usize / 8,
            verifier: v.get(20..36)?,
            verifier_hash: v.get(40..60)?,
        })
    }

    /// The key maker for `password` when it opens the workbook (its verifier checks).
    fn key(&self, password: &str) -> Option<Key> {
        let mut h = sha1_smol::Sha1::new();
        h.update(self.salt);
        let units: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
        h.update(&units);
        let key = Key::Sha1 {
            h0: h.digest().bytes(),
            len: self.key_bytes,
        };
        let mut rc4 = Rc4::new(&key.block(0));
        let mut v = [0u8; 36];
        v[..16].copy_from_slice(self.verifier);
        v[16..].copy_from_slice(self.verifier_hash);
        v.iter_mut().for_each(|b| *b ^= rc4.next());
        let ok = sha1_smol::Sha1::from(&v[..16]).digest().bytes()[..] == v[16..];
        ok.then_some(key)
    }
}

/// The key maker of an RC4 (Excel 97/2000) FilePass — its salt, encrypted verifier and
/// verifier hash follow the version 1.1 — for `password` when it opens the workbook.
fn rc4_key(data: &[u8], password: &str) -> Option<Key> {
    let (kind, major, minor) = (u16_at(data, 0)?, u16_at(data, 2)?, u16_at(data, 4)?);
    if kind != 1 || major != 1 || minor != 1 {
        return None;
    }
    let (salt, verifier) = (data.get(6..22)?, data.get(22..54)?);
    let units: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let h0 = md5::compute(&units);
    let mut buf = Vec::with_capacity(16 * 21);
    for _ in 0..16 {
        buf.extend_from_slice(&h0[..5]);
        buf.extend_from_slice(salt);
    }
    let mut h1 = [0u8; 5];
    h1.copy_from_slice(&md5::compute(&buf)[..5]);
    let key = Key::Md5 { h1 };
    let mut rc4 = Rc4::new(&key.block(0));
    let mut v = [0u8; 32];
    v.copy_from_slice(verifier);
    v.iter_mut().for_each(|b| *b ^= rc4.next());
    (md5::compute(&v[..16])[..] == v[16..]).then_some(key)
}

/// The password's hash, from which each block's RC4 key is made.
enum Key {
    /// RC4 CryptoAPI: SHA-1 of the salt and the password, and the key size in bytes.
    Sha1 { h0: [u8; 20], len: usize },
    /// RC4: the first 5 bytes of MD5 of the salted password hash.
    Md5 { h1: [u8; 5] },
}

impl Key {
    /// The RC4 key of a 1024-byte block: the hash of the password's hash and the block
    /// number; for CryptoAPI cut to the key size (a 40-bit key padded to 128 bits with
    /// zeros, as CryptoAPI does), for RC4 the whole 128-bit MD5.
    fn block(&self, n: u32) -> Vec<u8> {
        match self {
            Key::Sha1 { h0, len } => {
                let mut h = sha1_smol::Sha1::new();
                h.update(h0);
                h.update(&n.to_le_bytes());
                let d = h.digest().bytes();
                let mut key = d[..*len].to_vec();
                if *len == 5 {
                    key.resize(16, 0);
                }
                key
            }
            Key::Md5 { h1 } => {
                let mut b = [0u8; 9];
                b[..5].copy_from_slice(h1);
                b[5..].copy_from_slice(&n.to_le_bytes());
                md5::compute(b).0.to_vec()
            }
        }
    }
}

/// The stream decrypted, its FilePass record (at `filepass`) renamed [`PASSED`].
fn decrypt(stream: &[u8], filepass: usize, key: &Key) -> Vec<u8> {
    let mut out = stream.to_vec();
    let mut pad = Pad {
        key,
        block: None,
        bytes: [0; BLOCK],
    };
    let mut pos = filepass;
    while let (Some(typ), Some(len)) = (u16_at(&out, pos), u16_at(&out, pos + 2)) {
        let end = pos + 4 + len as usize;
        if end > out.len() {
            break;
        }
        if !CLEAR.contains(&typ) {
            let start = pos + 4 + if typ == BOUNDSHEET { 4 } else { 0 };
            for (i, b) in out[start.min(end)..end].iter_mut().enumerate() {
                *b ^= pad.at(start + i);
            }
        }
        pos = end;
    }
    out[filepass..filepass + 2].copy_from_slice(&PASSED.to_le_bytes());
    out
}

/// The keystream by stream offset, one 1024-byte block at a time.
struct Pad<'k> {
    key: &'k Key,
    block: Option<usize>,
    bytes: [u8; BLOCK],
}

impl Pad<'_> {
    fn at(&mut self, offset: usize) -> u8 {
        let n = offset / BLOCK;
        if self.block != Some(n) {
            let mut rc4 = Rc4::new(&self.key.block(n as u32));
            self.bytes.iter_mut().for_each(|b| *b = rc4.next());
            self.block = Some(n);
        }
        self.bytes[offset % BLOCK]
    }
}

/// RC4, as the encryption uses it.
struct Rc4 {
    s: [u8; 256],
    i: u8,
    j: u8,
}

impl Rc4 {
    fn new(key: &[u8]) -> Rc4 {
        let mut s = [0u8; 256];
        for (k, v) in s.iter_mut().enumerate() {
            *v = k as u8;
        }
        let mut j = 0u8;
        for i in 0..256 {
            j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
            s.swap(i, j as usize);
        }
        Rc4 { s, i: 0, j: 0 }
    }

    fn next(&mut self) -> u8 {
        self.i = self.i.wrapping_add(1);
        self.j = self.j.wrapping_add(self.s[self.i as usize]);
        self.s.swap(self.i as usize, self.j as usize);
        let t = self.s[self.i as usize].wrapping_add(self.s[self.j as usize]);
        self.s[t as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_matches_its_published_vector() {
        // RFC 6229's first vector: key 0x0102030405, keystream from offset 0.
        let mut r = Rc4::new(&[1, 2, 3, 4, 5]);
        let got: Vec<u8> = (0..8).map(|_| r.next()).collect();
        assert_eq!(got, [0xb2, 0x39, 0x63, 0x05, 0xf0, 0x3d, 0xc0, 0x27]);
    }

    #[test]
    fn rc4_md5_keys_match_a_published_known_answer() {
        // A published pair for MS-OFFCRYPTO 2.3.6 (password `password1`): the FilePass
        // of version 1.1 with its salt, encrypted verifier and verifier hash.
        let salt = b"\xe8w,\x1d\x91\xc5j7\x96Ga\xb2\x80\x182\x17";
        let verifier = b"\xc9\xe9\x97\xd4T\x97=1\x0b\xb1\xbap\x14&\x83~";
        let hash = b"\xb1\xde\x17\x8f\x07\xe9\x89\xc4M\xae^L\xf9j\xc4\x07";
        let mut data = vec![1, 0, 1, 0, 1, 0];
        data.extend_from_slice(salt);
        data.extend_from_slice(verifier);
        data.extend_from_slice(hash);
        let key = rc4_key(&data, "password1").expect("the password opens it");
        assert_eq!(
            key.block(0),
            b" \xbf2\xdd\xf5@\x85\x8cQ7D\xaf\x0f$\xe0<".to_vec()
        );
        assert!(rc4_key(&data, DEFAULT_PASSWORD).is_none());
    }

    #[test]
    fn a_stream_without_filepass_is_clear_and_junk_is_no_key() {
        let bof = [0x09, 0x08, 0x04, 0x00, 0, 6, 5, 0];
        assert!(matches!(protection(&bof), Protection::Clear));
        assert!(CryptoApi::parse(&[1, 0, 4, 0, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF]).is_none());
        assert!(CryptoApi::parse(&[]).is_none());
    }
}
