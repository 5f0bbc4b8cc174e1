//! One record per unit with what every output says of it (campaign.md §5, §9): its status,
//! the files that count and those that do not, and the counts. A plain run knows only
//! `pending` and `passed`; a workspace adds the roster, rounds and the states of findings.

use super::campaign::{RoundCounts, UnitCampaign, View};
use super::{identity, unit_figures, unit_files, Unit};
use crate::check::CheckedFile;
use crate::diag::{FindingCounts, Severity, State};
use crate::model::text::org_key;

/// A unit's status (campaign.md §5), in the order they are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitStatus {
    /// A roster unit of which nothing was received.
    NotReceived,
    /// Received, and its counting copies have no error.
    Passed,
    /// Received after round N was sent to it, still with errors.
    Resubmitted(u32),
    /// Round N was sent to it, nothing new received since.
    Returned(u32),
    /// Received, no round sent to it yet.
    Pending,
}

impl UnitStatus {
    /// The stable English name of JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::NotReceived => "not-received",
            UnitStatus::Passed => "passed",
            UnitStatus::Resubmitted(_) => "resubmitted",
            UnitStatus::Returned(_) => "returned",
            UnitStatus::Pending => "pending",
        }
    }

    /// The Chinese name (`已退回（第1轮）`).
    pub fn zh(self) -> String {
        match self {
            UnitStatus::NotReceived => "未报送".into(),
            UnitStatus::Passed => "通过".into(),
            UnitStatus::Resubmitted(_) => "已重新报送".into(),
            UnitStatus::Returned(n) => format!("已退回（第{n}轮）"),
            UnitStatus::Pending => "待审核".into(),
        }
    }

    /// The name in a language.
    pub fn name(self, lang: crate::diag::Lang) -> String {
        match lang {
            crate::diag::Lang::Zh => self.zh(),
            crate::diag::Lang::En => self.as_str().to_string(),
        }
    }
}

/// What every output says of one unit.
#[derive(Debug, Clone)]
pub struct UnitRecord {
    /// The unit's name.
    pub name: String,
    /// Its status, its last round and what else the campaign knows of it (a plain run
    /// knows nothing: [`UnitCampaign::unknown`]).
    pub campaign: UnitCampaign,
    /// Indices of its files that count.
    pub files: Vec<usize>,
    /// Indices of its files that do not count (all their tables older copies or other
    /// years', or unreadable and followed by a later file).
    pub superseded: Vec<usize>,
    /// Counting tables.
    pub tables: usize,
    /// Counting errors and warnings.
    pub counts: FindingCounts,
    /// Counting findings against the last round.
    pub round_counts: RoundCounts,
    /// Last year's rate and score (campaign.md §7), when last year knows the unit.
    pub previous: Option<super::previous::Prior>,
}

/// The records of a plain run's units: `passed` or `pending`, every finding new.
pub fn plain(files: &[CheckedFile], units: &[Unit]) -> Vec<UnitRecord> {
    units
        .iter()
        .map(|u| {
            let fig = unit_figures(files, u);
            let (counting, superseded) = unit_files(u)
                .into_iter()
                .partition(|&i| files.get(i).is_some_and(|f| f.standing.counts()));
            let tables = fig.counted();
            let status = if tables > 0 && fig.counts.errors == 0 {
                UnitStatus::Passed
            } else {
                UnitStatus::Pending
            };
            UnitRecord {
                name: u.name.clone(),
                campaign: UnitCampaign::unknown(status),
                files: counting,
                superseded,
                tables,
                counts: fig.counts,
                round_counts: RoundCounts {
                    new: fig.counts.total(),
                    ..RoundCounts::default()
                },
                previous: None,
            }
        })
        .collect()
}

/// The records of a workspace run: each unit's status, round and counts by state from the
/// campaign's view; a roster unit that sent nothing gets a `not-received` record. In roster
/// order ([`View::sort_by_place`]), units outside the roster after, by name.
pub fn with_view(files: &[CheckedFile], units: &[Unit], view: &View) -> Vec<UnitRecord> {
    let mut out = plain(files, units);
    for (r, u) in out.iter_mut().zip(units) {
        r.round_counts = RoundCounts {
            fixed: view.fixed_of(&u.name).count(),
            ..states(files, u, view)
        };
        if let Some(c) = view.unit(&u.name) {
            r.campaign = c.clone();
        }
    }
    let have: std::collections::HashSet<String> = units.iter().map(|u| org_key(&u.name)).collect();
    for name in view.roster.iter().filter(|n| !have.contains(&org_key(n))) {
        let known = view.unit(name).cloned();
        out.push(UnitRecord {
            name: name.clone(),
            campaign: UnitCampaign {
                status: UnitStatus::NotReceived,
                in_roster: true,
                ..known.unwrap_or_else(|| UnitCampaign::unknown(UnitStatus::NotReceived))
            },
            files: Vec::new(),
            superseded: Vec::new(),
            tables: 0,
            counts: FindingCounts::default(),
            round_counts: RoundCounts {
                fixed: view.fixed_of(name).count(),
                ..RoundCounts::default()
            },
            previous: None,
        });
    }
    if let Some(p) = &view.previous {
        for r in &mut out {
            r.previous = p.unit(&r.name);
        }
    }
    view.sort_by_place(&mut out, |r| r.name.clone());
    out
}

/// Counting errors and warnings of a unit by state: remaining and new (none fixed).
fn states(files: &[CheckedFile], u: &Unit, view: &View) -> RoundCounts {
    let mut c = RoundCounts::default();
    for_each_counted(files, u, |id, sev| {
        if sev == Severity::Info {
            return;
        }
        match view.state(&id) {
            State::Remaining => c.remaining += 1,
            _ => c.new += 1,
        }
    });
    c
}

/// Calls `f` with the identity and severity of every counting finding of a unit.
pub fn for_each_counted(files: &[CheckedFile], u: &Unit, mut f: impl FnMut(String, Severity)) {
    for fi in unit_files(u) {
        let Some(file) = files.get(fi) else { continue };
        if !file.standing.counts() {
            continue;
        }
        for x in &file.findings {
            f(
                identity::of_file(&u.name, file.hash.as_ref(), x),
                x.severity(),
            );
        }
        for (_, t) in file.counted_tables() {
            for x in &t.findings {
                f(identity::of_table(&u.name, &t.table, x), x.severity());
            }
        }
    }
}
