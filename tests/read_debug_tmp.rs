#[test]
fn dump() {
    for f in std::fs::read_dir("/work/shared/samples").unwrap() {
        let p = f.unwrap().path();
        if p.extension().map(|e| e == "md").unwrap_or(false) { continue; }
        let t0 = std::time::Instant::now();
        let r = selfeval::read::read_file(&p);
        println!("=== {} {:?} findings={:?}", p.display(), t0.elapsed(), r.findings);
        for t in &r.tables {
            let tb = &t.table;
            println!("--- {:?} {} {:?} year={:?} name={:?} dept={:?} unit={:?}", tb.kind, tb.sheet, tb.title_cell.to_string(), tb.year, tb.name.text, tb.department.text, tb.unit.text);
            for fr in &tb.funds.rows { println!("  fund {:?} {} {:?} {:?} {:?} @{}", fr.role, fr.label, fr.initial.value, fr.budget.value, fr.executed.value, fr.cell); }
            println!("  exec w={:?} r={:?} s={:?} unit={:?}", tb.execution.weight.value, tb.execution.rate.value, tb.execution.score.value, tb.funds.source_unit);
            for g in &tb.goals { println!("  goal {:?} | {:?}", g.target.text, g.outcome.text); }
            for i in &tb.indicators { println!("  ind r{} {}({:?}) {} {} | {} | {} | w={:?} s={:?} reason={:?}", i.row, i.level1, i.level1_weight, i.level2, i.name.text, i.target.text, i.actual.text, i.weight.value, i.score.value, i.reason.text.chars().take(6).collect::<String>()); }
            println!("  total {:?} {:?} grade {:?}", tb.total.weight.value, tb.total.score.value, tb.grade_stated);
            for f in &t.findings { println!("  FINDING {} {:?} {}", f.code.as_str(), f.cell.map(|c| c.to_string()), f.message.zh); }
        }
    }
}
