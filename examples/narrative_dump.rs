fn main() {
    let p = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    let n = selfeval::read::narrative::read(std::path::Path::new(&p), &bytes).unwrap();
    for h in &n.headings {
        println!("H{} P{} {}", h.level, h.paragraph, h.title);
    }
    for f in &n.figures {
        println!(
            "P{} s{} #{} {:?} {} [{}] {:?}",
            f.paragraph,
            f.sentence,
            f.seq,
            f.role,
            f.value.normalize(),
            f.label,
            f.category
        );
    }
}
