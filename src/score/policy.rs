//! The scoring policy: every parameter of scoring.md, with the built-in `mof-2020` default.

use serde::{Deserialize, Serialize};

/// A scoring policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// The policy's name (`mof-2020`).
    pub name: String,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            name: "mof-2020".into(),
        }
    }
}

impl Policy {
    /// Loads a policy file over the default (stub until the scoring branch lands).
    pub fn load(path: &std::path::Path) -> anyhow::Result<Policy> {
        anyhow::bail!("policy files not supported yet: {}", path.display())
    }
}
