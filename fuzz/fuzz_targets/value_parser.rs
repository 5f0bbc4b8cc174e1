//! Fuzz target: arbitrary text through the indicator value parsers
//! (`score::value::parse_target`, `parse_actual`) and the helpers they rest on.
#![no_main]

use libfuzzer_sys::fuzz_target;
use selfeval::score::value;

fuzz_target!(|s: &str| {
    let _ = value::parse_target(s);
    let _ = value::parse_actual(s);
    let _ = value::parse_level(s);
    let _ = value::is_placeholder(s);
    let _ = value::normalize_text(s);
    // Units are compared pairwise; split the input to get two.
    let (a, b) = s.split_at(
        s.char_indices()
            .nth(s.chars().count() / 2)
            .map(|(i, _)| i)
            .unwrap_or(0),
    );
    let _ = value::unit_factor(a, b);
});
