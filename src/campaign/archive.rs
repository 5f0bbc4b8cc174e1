//! The archive of issued rounds (campaign.md §5): `归档/第N轮（日期）/`, written aside in
//! `.第N轮-写入中` and renamed into place after the round is recorded in the history. A
//! round killed between the two is finished here: the history decides whether it happened.

use super::history::History;
use super::{cannot, Workspace};
use crate::diag::Explain;
use anyhow::Result;
use std::path::PathBuf;

/// The prefix and suffix of a round's staging folder in the archive.
const STAGING: (&str, &str) = (".第", "轮-写入中");

/// Where round `number` is written aside, and its folder in the archive.
pub fn round_folders(ws: &Workspace, number: u32, date: &str) -> (PathBuf, PathBuf) {
    let archive = &ws.settings.names.archive;
    // campaign.md §1: `init --lang en` names the archive's rounds in English too.
    let folder = archive.join(match ws.settings.english {
        true => format!("round-{number} ({date})"),
        false => format!("第{number}轮（{date}）"),
    });
    let staging = format!("{}{number}{}", STAGING.0, STAGING.1);
    (archive.join(staging), folder)
}

/// Finishes what a killed `issue` left in the archive: a round the history recorded gets
/// its folder (the letters were sent by it), a round it did not record never happened and
/// its staging folder goes. Called holding the workspace's lock.
pub fn finish_staged(ws: &Workspace, history: &History) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(&ws.settings.names.archive) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(number) = staged_round(&name.to_string_lossy()) else {
            continue;
        };
        let staging = e.path();
        match history.round_date(number)? {
            Some(date) => {
                let (_, folder) = round_folders(ws, number, &date);
                if !folder.exists() {
                    std::fs::rename(&staging, &folder)
                        .explain(|| cannot("写入", "write", &folder))?;
                    continue;
                }
                std::fs::remove_dir_all(&staging).explain(|| cannot("删除", "remove", &staging))?;
            }
            None => {
                std::fs::remove_dir_all(&staging).explain(|| cannot("删除", "remove", &staging))?
            }
        }
    }
    Ok(())
}

/// The round a staging folder's name stands for.
fn staged_round(name: &str) -> Option<u32> {
    let n = name.strip_prefix(STAGING.0)?.strip_suffix(STAGING.1)?;
    n.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staging_folder_names_its_round() {
        assert_eq!(staged_round(".第3轮-写入中"), Some(3));
        assert_eq!(staged_round("第3轮（2022-04-10）"), None);
        assert_eq!(staged_round(".第x轮-写入中"), None);
    }
}
