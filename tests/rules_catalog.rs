//! The catalogue as the user sees it: `selfeval rules`, and docs/rules.md, which must be
//! exactly `selfeval rules --markdown`.

mod common;

use selfeval::rules_markdown as markdown;
use selfeval::RULES;

fn selfeval(args: &[&str]) -> String {
    let out = common::selfeval()
        .args(args)
        .output()
        .expect("run selfeval");
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn docs_rules_md_is_the_generated_catalogue() {
    let docs = std::fs::read_to_string("docs/rules.md").expect("docs/rules.md");
    assert_eq!(
        docs,
        markdown(),
        "regenerate: selfeval rules --markdown > docs/rules.md"
    );
    assert_eq!(selfeval(&["rules", "--markdown"]), docs);
}

#[test]
fn listing_has_every_code_in_both_languages() {
    let zh = selfeval(&["rules"]);
    let en = selfeval(&["rules", "--lang", "en"]);
    assert_eq!(zh.lines().count(), RULES.len());
    for r in RULES {
        let line = zh.lines().find(|l| l.starts_with(r.id)).unwrap();
        assert!(line.contains(r.zh) && line.contains(r.severity.as_str()));
        assert!(en.contains(r.en));
        assert!(markdown().contains(&format!("| `{}` | {} |", r.id, r.severity.as_str())));
    }
}
