//! Fuzz target: arbitrary text as a policy file (`Policy::from_toml_str`); an accepted
//! policy must also survive being written back and re-read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use selfeval::score::Policy;

fuzz_target!(|s: &str| {
    if let Ok(p) = Policy::from_toml_str(s) {
        let text = p.to_toml_string();
        // What selfeval writes, selfeval reads back.
        let back = Policy::from_toml_str(&text).expect("a written policy reads back");
        assert_eq!(
            back, p,
            "policy changed in a write/read round trip:\n{text}"
        );
    }
});
