//! campaign.md §6: "The workspace belongs on a local disk: on a network share (SQLite's
//! locks are unreliable there) the program warns." On Linux the share is known by the
//! file system its folder is mounted with; on Windows by a UNC path (`\\server\share`, or
//! a mapped drive letter, which resolves to one).

use crate::diag::Message;
use std::path::Path;

/// The file systems of network shares as a Linux mount table names them (not `9p`: WSL
/// mounts the PC's own disks with it).
#[cfg(not(windows))]
const NETWORK: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "fuse.sshfs",
    "davfs",
    "fuse.davfs2",
    "lustre",
];

/// The warning for a workspace on a network share, if it is on one.
pub fn warning(dir: &Path) -> Option<Message> {
    let real = dir.canonicalize().ok()?;
    let kind = share_of(&real)?;
    let d = dir.display();
    Some(Message::new(
        format!("工作区 {d} 位于网络共享（{kind}）上：网络共享上的文件锁不可靠，同时运行时历史记录 selfeval.db 可能损坏。请把工作区放在本机磁盘上。"),
        format!("the workspace {d} is on a network share ({kind}): file locks are unreliable there, and the history selfeval.db may be damaged by runs at once. Keep the workspace on a local disk."),
    ))
}

/// A share, or a drive letter mapped to one (which `canonicalize` resolves to the share's
/// `\\?\UNC\server\share` path, as `GetFinalPathNameByHandleW` does).
#[cfg(windows)]
fn share_of(real: &Path) -> Option<String> {
    let s = real.to_string_lossy();
    let unc = s.starts_with(r"\\?\UNC\") || (s.starts_with(r"\\") && !s.starts_with(r"\\?\"));
    unc.then(|| "UNC".to_string())
}

#[cfg(not(windows))]
fn share_of(real: &Path) -> Option<String> {
    // The mount table; another one for the tests (the machine's own has no share).
    let table = std::env::var_os("SELFEVAL_MOUNTS").unwrap_or_else(|| "/proc/self/mounts".into());
    let text = std::fs::read_to_string(table).ok()?;
    network_fs(&text, real)
}

#[cfg(not(windows))]
/// The network file system the mount table `text` mounts `real` with: the longest mount
/// point that holds it decides.
fn network_fs(text: &str, real: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in text.lines() {
        let mut cols = line.split_whitespace();
        let (Some(_), Some(point), Some(fs)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let point = unescape(point);
        let longer = best.as_ref().is_none_or(|(n, _)| point.len() >= *n);
        if real.starts_with(&point) && longer {
            best = Some((point.len(), fs.to_string()));
        }
    }
    best.map(|(_, fs)| fs)
        .filter(|fs| NETWORK.contains(&fs.as_str()))
}

#[cfg(not(windows))]
/// A mount point as the table writes it: a space as `\040`, a tab `\011`, `\` as `\134`.
fn unescape(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let octal = b
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match (b[i], octal) {
            (b'\\', Some(d)) => {
                out.push((d[0] - b'0') * 64 + (d[1] - b'0') * 8 + (d[2] - b'0'));
                i += 4;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(all(test, not(windows)))]
mod tests {
    use super::*;

    #[test]
    fn the_longest_mount_point_decides() {
        let table = "/dev/vda / ext4 rw 0 0\nsrv:/x /mnt/共享\\040盘 nfs4 rw 0 0\n/dev/vdb /mnt/共享\\040盘/本地 ext4 rw 0 0\n";
        assert_eq!(
            network_fs(table, Path::new("/mnt/共享 盘/ws")).as_deref(),
            Some("nfs4")
        );
        assert_eq!(network_fs(table, Path::new("/mnt/共享 盘/本地/ws")), None);
        assert_eq!(network_fs(table, Path::new("/home/ws")), None);
        assert_eq!(network_fs(table, Path::new("/mnt/共享 盘2")), None);
    }
}
