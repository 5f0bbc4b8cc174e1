//! What a workspace knows beyond one run (campaign.md §3, §5): the roster, the last round
//! sent to each unit, which findings were sent and are still there, which are gone, and the
//! letters' numbers and deadlines. Computed by the workspace (`crate::campaign`) from its
//! history before the outputs are written; a plain run passes [`View::default`], in which
//! every finding is new and there is no roster.

use super::UnitStatus;
use crate::diag::State;
use crate::model::text::org_key;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A finding of the last round that is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// Its identity (campaign.md §10).
    pub identity: String,
    /// The unit it was sent to.
    pub unit: String,
    /// The table it was on (its name), empty for a file-level one.
    pub table: String,
    /// Its code.
    pub code: String,
    /// Its severity as sent (`error`, `warning`).
    pub severity: String,
    /// The message it had (Chinese).
    pub message: String,
}

/// One unit as the campaign sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCampaign {
    /// Its status.
    pub status: UnitStatus,
    /// The last round sent to it.
    pub round: Option<u32>,
    /// Whether the roster names it.
    pub in_roster: bool,
    /// Errors sent to it in its last round (`上轮错误`).
    pub sent_errors: usize,
    /// The date of the last file received (`YYYY-MM-DD`).
    pub last_received: Option<String>,
    /// Whether it sent a file after the first round sent to it (the bureau's report: how
    /// many units answered), whatever its status now.
    pub answered: bool,
}

impl UnitCampaign {
    /// A unit the campaign knows nothing of (every unit of a plain run): in no roster, sent
    /// no round.
    pub fn unknown(status: UnitStatus) -> Self {
        UnitCampaign {
            status,
            round: None,
            in_roster: false,
            sent_errors: 0,
            last_received: None,
            answered: false,
        }
    }
}

/// A unit's findings against its last round (campaign.md §5: 已改正, 仍存在, 新出现).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoundCounts {
    /// Findings of the last round that are gone.
    pub fixed: usize,
    /// Findings of the last round still there.
    pub remaining: usize,
    /// Counting errors and warnings not sent in the last round.
    pub new: usize,
}

/// A letter's number and deadline, given when a round is issued.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letter {
    /// `新财绩〔2022〕3号`; `None` in a draft (the template shown with the number blank).
    pub number: Option<String>,
    /// The deadline `(year, month, day)` for the unit's resubmission.
    pub deadline: Option<(i32, u32, u32)>,
    /// The round the letter belongs to.
    pub round: Option<u32>,
}

/// The campaign's view of a run.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// The last round issued (any unit), if any.
    pub round: Option<u32>,
    /// Identities of the findings sent in each unit's last round and still there.
    pub remaining: HashMap<String, ()>,
    /// Findings sent in each unit's last round and gone.
    pub fixed: Vec<Fixed>,
    /// By unit key ([`org_key`] of its name): what the campaign knows of it.
    pub units: BTreeMap<String, UnitCampaign>,
    /// The roster's unit names in roster order (units that sent nothing included).
    pub roster: Vec<String>,
    /// By unit key: its letter's number and deadline.
    pub letters: BTreeMap<String, Letter>,
    /// By unit key: the unit's place in the roster, the order the unit lists follow
    /// (汇总, report.json, `status`, the bureau's report); units the roster does not name
    /// come after its units, in name order.
    pub places: HashMap<String, usize>,
    /// Last year (campaign.md §7), when the workspace names its `上年工作区`.
    pub previous: Option<super::previous::Previous>,
}

impl View {
    /// The state of a counting finding by its identity.
    pub fn state(&self, identity: &str) -> State {
        if self.remaining.contains_key(identity) {
            State::Remaining
        } else {
            State::New
        }
    }

    /// A unit's place in the unit lists: its place in the roster, after every roster unit
    /// when the roster does not name it.
    pub fn place(&self, name: &str) -> usize {
        self.places
            .get(&org_key(name))
            .copied()
            .unwrap_or(usize::MAX)
    }

    /// The unit lists' order (stable: units of one place, those outside the roster, keep
    /// the order they come in, by name).
    pub fn sort_by_place<T, N: AsRef<str>>(&self, items: &mut [T], name: impl Fn(&T) -> N) {
        if !self.places.is_empty() {
            items.sort_by_cached_key(|t| self.place(name(t).as_ref()));
        }
    }

    /// What the campaign knows of a unit.
    pub fn unit(&self, name: &str) -> Option<&UnitCampaign> {
        self.units.get(&org_key(name))
    }

    /// The fixed findings of a unit.
    pub fn fixed_of<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Fixed> {
        let key = org_key(name);
        self.fixed.iter().filter(move |f| org_key(&f.unit) == key)
    }

    /// The identities sent in a unit's last round and still there, sorted: what decides
    /// the 状态 of its findings.
    pub fn remaining_of(&self, name: &str) -> Vec<&String> {
        let key = org_key(name);
        let mut ids: Vec<&String> = self
            .remaining
            .keys()
            .filter(|id| id.split('|').next().is_some_and(|u| u == name || u == key))
            .collect();
        ids.sort();
        ids
    }

    /// The letter of a unit.
    pub fn letter(&self, name: &str) -> Option<&Letter> {
        self.letters.get(&org_key(name))
    }
}
