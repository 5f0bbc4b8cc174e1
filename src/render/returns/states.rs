//! The `状态` of each 审核意见 row in a workspace (campaign.md §5): a finding sent in the
//! unit's last round and still there is `仍存在`, any other `新出现`. Decided by the
//! finding's identity, as findings.xlsx decides it.

use super::entries::Entry;
use crate::aggregate::campaign::View;
use crate::aggregate::identity;
use crate::check::{CheckedFile, CheckedTable};

/// The states of a file's own findings.
pub(super) fn of_file(rows: &mut [Entry], view: &View, unit: &str, f: &CheckedFile) {
    for e in rows {
        let id = identity::of_file(unit, f.hash.as_ref(), &e.finding);
        e.state = Some(view.state(&id));
    }
}

/// The states of a table's findings.
pub(super) fn of_table(rows: &mut [Entry], view: &View, unit: &str, ct: &CheckedTable) {
    for e in rows {
        let id = identity::of_table(unit, &ct.table, &e.finding);
        e.state = Some(view.state(&id));
    }
}
