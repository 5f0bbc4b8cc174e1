//! A workspace run's own steps (campaign.md §4–§8): the received time of each file from the
//! history, the roster's findings, the view of rounds and states the outputs show, and the
//! run recorded in the history before its outputs are switched in.

use super::history::{History, KeptFinding, Received, RunRecord};
use super::roster::Roster;
use super::{warning_line, Hooks};
use crate::aggregate::campaign::{Fixed, UnitCampaign, View};
use crate::aggregate::{self, identity, UnitStatus};
use crate::check::{CheckedFile, FileStatus};
use crate::diag::{Code, Explain, Finding, Lang, Message, State};
use crate::model::text::org_key;
use crate::model::TableKind;
use crate::store::FileSource;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A content hash as hex.
pub fn hex(h: &[u8; 32]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// Received keys order files by run, then modification time: runs weigh this much.
const RUN_WEIGHT: i64 = 100_000_000_000;

/// A workspace run in progress.
pub struct Campaign {
    /// The history, open for the run.
    pub history: History,
    /// The roster.
    pub roster: Roster,
    /// This run's number.
    pub run: i64,
    /// This run's local time.
    pub at: String,
    /// The inbox.
    pub inbox: PathBuf,
    /// The results folder (the live set).
    pub results: PathBuf,
    /// The year.
    pub year: i32,
    /// The policy's name.
    pub policy: String,
    /// What this run reads ([`super::fingerprint`]).
    pub fingerprint: String,
    /// The previous year's workspace (`上年工作区`), if the settings name one.
    pub previous: Option<PathBuf>,
    /// The kept per-file results, saved with the run ([`super::cache`]).
    pub kept: Option<std::sync::Arc<super::cache::Results>>,
    /// The previous set's outputs this run may take ([`super::reuse`]).
    pub outputs: Option<std::sync::Arc<super::reuse::Outputs>>,
    /// The language of the run's terminal lines.
    pub lang: Lang,
    /// No terminal lines: the second run of one command (`issue` bringing the results up to
    /// date) says nothing the first did not.
    pub quiet: bool,
}

impl Campaign {
    fn rel(&self, p: &Path) -> String {
        p.strip_prefix(&self.inbox)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// A file's received key: first sight (run, then modification time); a pinned file
    /// counts as received last within the run of its pin.
    fn key(&self, f: &CheckedFile, pins: &BTreeMap<String, i64>) -> Result<Option<i64>> {
        let Some(h) = f.hash.as_ref() else {
            return Ok(f.modified);
        };
        if let Some(run) = pins.get(&self.rel(&f.path)) {
            return Ok(Some(run * RUN_WEIGHT + RUN_WEIGHT - 1));
        }
        let (run, mtime) = match self.history.first_seen(&hex(h))? {
            Some((run, mtime)) => (run, mtime),
            None => (self.run, f.modified),
        };
        Ok(Some(
            run * RUN_WEIGHT + mtime.unwrap_or(0).clamp(0, RUN_WEIGHT - 2),
        ))
    }

    /// The time of a file that is no file on disk — an archive's entry — as its first
    /// sight keeps it: the entry's own time, which [`Campaign::key`] put after this run's
    /// weight. Without it the history kept none, and from the next run on the entry lost
    /// every tie of first sight (time 0) to the loose files read in the same run.
    fn own_time(&self, f: &CheckedFile) -> Option<i64> {
        let k = f.modified?;
        if k < RUN_WEIGHT {
            return Some(k);
        }
        let t = k - self.run * RUN_WEIGHT;
        (0..=RUN_WEIGHT - 2).contains(&t).then_some(t)
    }

    /// Each workbook's roster unit (campaign.md §3), before the cross-file rules: a
    /// workbook under an alias, an old name or a looser form (`某局（本级）`, `（盖章）`)
    /// joins its roster unit and is shown under the roster's name, so that a unit is one
    /// row however its files spell it, and its copies under two names are copies of one.
    /// A file that could not be read joins the roster unit its file or folder name names,
    /// so that it neither makes a unit of its own nor leaves its unit 未报送.
    fn match_roster(&self, files: &mut [CheckedFile]) {
        for f in files.iter_mut() {
            if !f.tables.is_empty() {
                let own = crate::check::own_unit(f);
                f.unit = self.roster.find(&own).map(|u| u.name.clone());
            } else if matches!(f.status, FileStatus::Unreadable | FileStatus::Invalid) {
                f.unit = self.named_by_path(&f.path).map(|u| u.name.clone());
            }
        }
    }

    /// The roster unit a file's name (else its folder's) names: by name or alias, else the
    /// longest name or alias it contains.
    fn named_by_path(&self, path: &Path) -> Option<&super::roster::RosterUnit> {
        let stem = path.file_stem().map(|s| s.to_string_lossy());
        let folder = path.parent().and_then(Path::file_name);
        let folder = folder.map(|s| s.to_string_lossy());
        let names = [stem, folder].into_iter().flatten();
        let names: Vec<_> = names.collect();
        let exact = names.iter().find_map(|n| self.roster.find(n));
        exact.or_else(|| names.iter().find_map(|n| self.roster.named_in(n)))
    }

    /// `unit-not-in-roster` on every table whose workbook's unit the roster does not name.
    fn roster_findings(&self, files: &mut [CheckedFile]) {
        if self.roster.is_empty() {
            return;
        }
        for f in files.iter_mut() {
            if f.tables.is_empty() {
                continue;
            }
            let unit = aggregate::workbook_unit(f);
            if self.roster.find(&unit).is_some() {
                continue;
            }
            let (hint, hint_en) = match self.roster.closest(&unit) {
                Some(n) => (
                    format!("；最接近的名单单位是“{n}”"),
                    format!("; the closest in the roster is “{n}”"),
                ),
                None => (String::new(), String::new()),
            };
            for t in f.tables.iter_mut() {
                let cell = match t.table.kind {
                    TableKind::Department => t.table.name.cell,
                    _ => t.table.unit.cell.or(t.table.name.cell),
                }
                .unwrap_or(t.table.title_cell);
                let msg = Message::new(
                    format!("单位“{unit}”不在单位名单中{hint}"),
                    format!("the unit “{unit}” is not in the roster{hint_en}"),
                );
                let mut x =
                    Finding::new(Code::UnitNotInRoster, msg).at(t.table.sheet.clone(), cell);
                x.subject = Some("-".into());
                t.findings.push(x);
            }
            f.update_status();
        }
    }
}

impl Hooks for Campaign {
    fn history(&self) -> Option<&History> {
        Some(&self.history)
    }

    fn received(&mut self, files: &mut [CheckedFile]) -> Result<()> {
        let pins: BTreeMap<String, i64> = self
            .history
            .pins()?
            .into_iter()
            .map(|(p, _, run)| (p, run))
            .collect();
        for f in files.iter_mut() {
            f.modified = self.key(f, &pins)?;
        }
        self.match_roster(files);
        Ok(())
    }

    fn view(&mut self, files: &mut [CheckedFile]) -> Result<View> {
        self.roster_findings(files);
        raise_year_mismatch(files);
        let mut view = build_view(
            &self.history,
            &self.roster,
            files,
            &self.at[..10.min(self.at.len())],
        )?;
        view.places = self.roster.places().clone();
        if let (Some(round), Some(was), false) =
            (view.round, self.history.last_round_year()?, self.quiet)
        {
            if was != self.year {
                eprintln!("{}", year_changed_line(round, was, self.year, self.lang));
            }
        }
        if let Some(folder) = &self.previous {
            let p = previous_year(folder, &self.roster, files, &view, self.lang, self.quiet);
            view.previous = Some(p);
        }
        Ok(view)
    }

    fn reuse(&mut self, dir: &Path) -> Option<std::sync::Arc<dyn crate::render::reuse::Reuse>> {
        let settings = self.kept.as_ref().map_or("", |k| k.fingerprint.as_str());
        let outputs =
            super::reuse::Outputs::new(&self.history, (&self.results, &self.inbox), dir, settings)
                .ok()?;
        let outputs = std::sync::Arc::new(outputs);
        self.outputs = Some(outputs.clone());
        Some(outputs)
    }

    fn commit(&mut self, source: &dyn FileSource, dir: &Path, view: &View) -> Result<()> {
        let (_, today) = super::now();
        // Outputs taken from the live set were checked unedited as they were copied.
        let known = self
            .outputs
            .as_ref()
            .map(|o| o.verified())
            .unwrap_or_default();
        let started = std::time::Instant::now();
        keep_edited(&self.history, &self.results, dir, today, &known, self.lang)?;
        // Marked before it is recorded: see `recorded_set_went_in`.
        let mark = dir.join(crate::outdir::set::RUN_MARK);
        std::fs::write(&mark, self.run.to_string())
            .explain(|| super::cannot("写入", "write", &mark))?;
        tracing::debug!("edited outputs looked for: {:.2?}", started.elapsed());
        let rec = self.record(source, dir, view, &known)?;
        tracing::debug!("run recorded: {:.2?}", started.elapsed());
        let (run, results, outputs) = (self.run, self.kept.clone(), self.outputs.take());
        self.history.record_run_with(run, &rec, |tx| {
            if let Some(o) = &outputs {
                o.save(tx)?;
            }
            match &results {
                Some(r) => r.save(tx, run),
                None => Ok(()),
            }
        })?;
        if let (Some(r), false) = (&self.kept, self.quiet) {
            let taken = outputs.as_ref().map_or(0, |o| o.taken());
            super::cache::say_counts(r, taken, self.lang);
        }
        tracing::debug!("history written: {:.2?}", started.elapsed());
        self.history.checkpoint()
    }
}

/// The warning of a workspace whose 年度 was changed after a round was issued for another
/// year. campaign.md gives a workspace one year (`2021年度绩效自评/`, last year through
/// `上年工作区`); the rounds, `已改正` and `未报送` still count from the rounds issued, so the
/// officer is told, and how a new year is begun.
fn year_changed_line(round: u32, was: i32, year: i32, lang: Lang) -> String {
    let w = Message::new(
        format!(
            "本工作区已按{was}年度发出第{round}轮审核意见，现设定的年度为{year}年度；各轮意见、\
             “已改正”和“未报送”仍按已发出的轮次计算。开始新的年度请用 selfeval init 另建工作区，\
             并将其“上年工作区”设为本工作区"
        ),
        format!(
            "this workspace issued round {round} for {was}, and its year is now {year}; the \
             rounds, fixed findings and units that sent nothing still count from the rounds \
             issued. For a new year make a new workspace with selfeval init and set its \
             上年工作区 to this one"
        ),
    );
    warning_line(&w, lang)
}

/// campaign.md §4: in a workspace, whose year is set, a table of another year is an error
/// (still counted nowhere: the table does not count, so neither does its finding).
fn raise_year_mismatch(files: &mut [CheckedFile]) {
    for f in files.iter_mut() {
        let mut raised = false;
        for t in f.tables.iter_mut() {
            for x in t.findings.iter_mut() {
                if x.code == Code::YearMismatch {
                    x.raised = Some(crate::diag::Severity::Error);
                    raised = true;
                }
            }
        }
        if raised {
            f.update_status();
        }
    }
}

/// Last year for this run's units and the roster's, a warning in the terminal when it
/// cannot be read (campaign.md §7).
fn previous_year(
    folder: &Path,
    roster: &Roster,
    files: &[CheckedFile],
    view: &View,
    lang: Lang,
    quiet: bool,
) -> crate::aggregate::previous::Previous {
    let mut names: Vec<String> = aggregate::units(files)
        .into_iter()
        .map(|u| u.name)
        .collect();
    names.extend(view.roster.iter().cloned());
    let p = super::previous::load(folder, roster, &names);
    if let (Some(w), false) = (&p.warning, quiet) {
        eprintln!("{}", warning_line(w, lang));
    }
    p
}

/// The view of rounds and states over the files of this run.
pub fn build_view(
    history: &History,
    roster: &Roster,
    files: &[CheckedFile],
    today: &str,
) -> Result<View> {
    let units = aggregate::units(files);
    let mut b = ViewBuilder {
        history,
        roster,
        files,
        today,
        last: history.units_last_round()?,
        view: View {
            round: history.last_round()?.map(|r| r.0),
            ..View::default()
        },
    };
    for u in &units {
        b.unit(u)?;
    }
    b.not_received(&units);
    Ok(b.view)
}

/// A unit's last round as the history keeps it: unit key, round, the run that issued it,
/// the errors it sent.
type LastRound = (String, u32, i64, usize);

/// What [`build_view`] reads, and the view it fills unit by unit.
struct ViewBuilder<'a> {
    history: &'a History,
    roster: &'a Roster,
    files: &'a [CheckedFile],
    today: &'a str,
    last: Vec<LastRound>,
    view: View,
}

impl ViewBuilder<'_> {
    /// A unit of this run: its sent findings sorted into fixed and remaining, its status
    /// and its last received date.
    fn unit(&mut self, u: &aggregate::Unit) -> Result<()> {
        let key = org_key(&u.name);
        let hashes = counted_hashes(self.files, u);
        let round = self.last_round_of(&u.name);
        if let Some((sent_to, n, _, _)) = &round {
            self.sort_sent(u, *n, sent_to, &key)?;
        }
        let status = self.status(u, round.as_ref(), &hashes)?;
        let campaign = UnitCampaign {
            status,
            round: round.as_ref().map(|r| r.1),
            in_roster: self.roster.find(&u.name).is_some(),
            sent_errors: round.as_ref().map_or(0, |r| r.3),
            last_received: self.last_received(&hashes),
            answered: match &round {
                Some((sent_to, ..)) => self.answered(sent_to, &hashes)?,
                None => false,
            },
        };
        self.view.units.insert(key, campaign);
        Ok(())
    }

    /// The last round sent to a unit: under its name, else under one of its roster
    /// aliases (a round sent before the officer added the alias its files use, or before
    /// units matched by alias took the roster's name), the latest.
    fn last_round_of(&self, name: &str) -> Option<LastRound> {
        let mut keys = vec![org_key(name)];
        if let Some(r) = self.roster.find(name) {
            keys.extend(r.aliases.iter().map(|a| org_key(a)));
        }
        let sent = |k: &String| self.last.iter().find(|(u, ..)| u == k);
        match sent(&keys[0]) {
            Some(r) => Some(r.clone()),
            None => keys[1..]
                .iter()
                .filter_map(sent)
                .max_by_key(|r| r.1)
                .cloned(),
        }
    }

    /// The findings sent to the unit (under the key `sent_to`) in round `n`: still there,
    /// or fixed. Identities sent under an alias are compared under the unit's own key.
    fn sort_sent(&mut self, u: &aggregate::Unit, n: u32, sent_to: &str, key: &str) -> Result<()> {
        let current = current_findings(self.files, u);
        for sent in self.history.round_findings(n, sent_to)? {
            let identity = identity::upgraded(&identity::rekey(&sent.identity, sent_to, key));
            if current.contains(&identity) {
                self.view.remaining.insert(identity, ());
            } else {
                self.view.fixed.push(Fixed {
                    identity,
                    unit: u.name.clone(),
                    table: sent.table,
                    code: sent.code,
                    severity: sent.severity,
                    message: sent.message,
                });
            }
        }
        Ok(())
    }

    /// Whether a counting file of the unit (sent rounds under the key `sent_to`) was
    /// received after its first round: it answered, though a later round may have returned
    /// it again.
    fn answered(&self, sent_to: &str, hashes: &[String]) -> Result<bool> {
        let Some(first) = self.history.first_round_run(sent_to)? else {
            return Ok(false);
        };
        let unseen = hashes
            .iter()
            .any(|h| self.history.first_seen(h).ok().flatten().is_none());
        Ok(unseen
            || self
                .history
                .latest_first_run(hashes)?
                .is_some_and(|r| r > first))
    }

    /// Passed, resubmitted after its last round, returned in it, or pending.
    fn status(
        &self,
        u: &aggregate::Unit,
        round: Option<&LastRound>,
        hashes: &[String],
    ) -> Result<UnitStatus> {
        let fig = aggregate::unit_figures(self.files, u);
        // A file the history has not seen yet arrives in this run: after every round.
        let unseen = hashes
            .iter()
            .any(|h| self.history.first_seen(h).ok().flatten().is_none());
        let newest = match unseen {
            true => Some(i64::MAX),
            false => self.history.latest_first_run(hashes)?,
        };
        Ok(match round {
            _ if fig.counted() > 0 && fig.counts.errors == 0 => UnitStatus::Passed,
            Some((_, n, run, _)) if newest.is_some_and(|r| r > *run) => UnitStatus::Resubmitted(*n),
            Some((_, n, _, _)) => UnitStatus::Returned(*n),
            None => UnitStatus::Pending,
        })
    }

    /// The latest first-received date of the unit's files.
    fn last_received(&self, hashes: &[String]) -> Option<String> {
        // A file not yet in the history is received today.
        hashes
            .iter()
            .map(|h| {
                self.history
                    .first_date(h)
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| self.today.to_string())
            })
            .max()
    }

    /// The roster's units that sent nothing this run.
    fn not_received(&mut self, units: &[aggregate::Unit]) {
        let have: HashSet<String> = units
            .iter()
            .map(|u| {
                self.roster
                    .find(&u.name)
                    .map_or_else(|| org_key(&u.name), |r| org_key(&r.name))
            })
            .collect();
        for r in &self.roster.units {
            if have.contains(&org_key(&r.name)) {
                continue;
            }
            self.view.roster.push(r.name.clone());
            let round = self.last_round_of(&r.name);
            let round = round.as_ref();
            self.view.units.insert(
                org_key(&r.name),
                UnitCampaign {
                    status: UnitStatus::NotReceived,
                    round: round.map(|r| r.1),
                    in_roster: true,
                    sent_errors: round.map_or(0, |r| r.3),
                    last_received: None,
                    answered: false,
                },
            );
        }
    }
}

/// The identities of the unit's counting findings (errors and warnings) in this run.
fn current_findings(files: &[CheckedFile], u: &aggregate::Unit) -> HashSet<String> {
    let mut current = HashSet::new();
    aggregate::for_each_counted(files, u, |id, sev| {
        if sev != crate::diag::Severity::Info {
            current.insert(id);
        }
    });
    current
}

/// The content hashes of the unit's files that count.
fn counted_hashes(files: &[CheckedFile], u: &aggregate::Unit) -> Vec<String> {
    aggregate::unit_files(u)
        .into_iter()
        .filter_map(|i| files.get(i))
        .filter(|f| f.standing.counts())
        .filter_map(|f| f.hash.as_ref().map(hex))
        .collect()
}

impl Campaign {
    /// What the history keeps of this run.
    fn record(
        &self,
        source: &dyn FileSource,
        dir: &Path,
        view: &View,
        known: &HashMap<String, String>,
    ) -> Result<RunRecord> {
        let files = source.light();
        let s = crate::check::summarize(files);
        let mut rec = RunRecord {
            at: self.at.clone(),
            policy: self.policy.clone(),
            year: self.year,
            counts: [s.files, s.tables, s.errors, s.warnings],
            fingerprint: self.fingerprint.clone(),
            exit: u8::from(crate::check::has_errors(files)),
            ..RunRecord::default()
        };
        for f in files {
            if let Some(h) = f.hash.as_ref() {
                let mtime = crate::check::modified_seconds(&f.path).or_else(|| self.own_time(f));
                rec.files.push(Received {
                    hash: hex(h),
                    path: self.rel(&f.path),
                    mtime,
                });
            }
        }
        rec.findings = kept_findings(files, view, |p| self.rel(p));
        let units = aggregate::units(files);
        let records = aggregate::records(files, &units, view);
        for (r, json) in records
            .iter()
            .zip(crate::render::json::units(&records, files))
        {
            let mut v = serde_json::to_value(&json)?;
            v["last_received"] = serde_json::json!(r.campaign.last_received);
            rec.units.push((r.name.clone(), v.to_string()));
        }
        rec.figures = super::previous::year_record(files, &units);
        rec.outputs = output_hashes(dir, known)?;
        Ok(rec)
    }
}

/// Every finding of the run with its identity and state, as the history keeps it.
pub fn kept_findings(
    files: &[CheckedFile],
    view: &View,
    rel: impl Fn(&Path) -> String,
) -> Vec<KeptFinding> {
    let owners = aggregate::file_units(files);
    let mut out = Vec::new();
    for (f, unit) in files.iter().zip(&owners) {
        let counts = f.standing.counts();
        let kept = |x: &Finding, id: String, table: &str, counting: bool| KeptFinding {
            state: if counting {
                view.state(&id)
            } else {
                State::Superseded
            }
            .as_str()
            .into(),
            identity: id,
            unit: unit.clone(),
            code: x.code.as_str().into(),
            severity: x.severity().as_str().into(),
            file: rel(&f.path),
            table: table.into(),
            sheet: x.sheet.clone().unwrap_or_default(),
            cell: x.cell.map(|c| c.to_string()).unwrap_or_default(),
            message: x.message.zh.clone(),
        };
        for x in &f.findings {
            out.push(kept(
                x,
                identity::of_file(unit, f.hash.as_ref(), x),
                "",
                counts,
            ));
        }
        for t in &f.tables {
            let counting = counts && t.counts_in_run();
            for x in &t.findings {
                let id = identity::of_table(unit, &t.table, x);
                out.push(kept(x, id, &t.table.name.text, counting));
            }
        }
    }
    out
}

/// The files of an output set with their content hashes (the kept edits excluded); those
/// of `known` are not read again.
fn output_hashes(dir: &Path, known: &HashMap<String, String>) -> Result<Vec<(String, String)>> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.starts_with(EDITED) || rel.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        files.push((rel, e.into_path()));
    }
    // Hashed side by side, in the walk's order: thousands of files, a few of them large.
    files
        .into_par_iter()
        .map(|(rel, path)| {
            let hash = match known.get(&rel) {
                Some(h) => h.clone(),
                None => super::file_hash(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            };
            Ok((rel, hash))
        })
        .collect()
}

/// Whether the live set is the one the last run recorded. A run killed after recording and
/// before its set went in leaves the previous set live, marked with an older run's number:
/// its files differ from the recorded ones without anyone having edited them, so none is
/// kept as edited (campaign.md §8). A set without a mark (written before marks) is taken
/// as recorded.
fn recorded_set_went_in(history: &History, live: &Path) -> Result<bool> {
    let Ok(mark) = std::fs::read_to_string(live.join(crate::outdir::set::RUN_MARK)) else {
        return Ok(true);
    };
    let last = history.last_run()?.map(|(n, _)| n);
    Ok(last.is_none() || mark.trim().parse::<i64>().ok() == last)
}

/// The folder of outputs the officer edited, inside the results (campaign.md §8).
pub const EDITED: &str = "已修改";

/// Keeps what the officer changed: every output of the live set whose content is no longer
/// what the last run wrote is copied into the new set's `已修改/` with the date in its
/// name, and the edits kept before come along.
fn keep_edited(
    history: &History,
    live: &Path,
    dir: &Path,
    today: (i32, u32, u32),
    unedited: &HashMap<String, String>,
    lang: Lang,
) -> Result<()> {
    // `dir` is the spare set being rewritten: its `已修改/` is two runs old. Taken as it
    // was, it lacked the edit kept by the last run, whose name the next edit of the same
    // output then took (` (2)` again), and the switch lost it. The live one is the truth.
    let kept = live.join(EDITED);
    let staged = dir.join(EDITED);
    if staged.exists() {
        std::fs::remove_dir_all(&staged).explain(|| super::cannot("写入", "write", &staged))?;
    }
    if kept.is_dir() {
        copy_tree(&kept, &staged)?;
    }
    if !recorded_set_went_in(history, live)? {
        return Ok(());
    }
    let date = format!("{:04}-{:02}-{:02}", today.0, today.1, today.2);
    // Only an output whose content is no longer the recorded one is read whole (to be kept).
    use rayon::prelude::*;
    let edited: Vec<(String, PathBuf)> = history
        .outputs()?
        .into_par_iter()
        .filter(|(rel, _)| !unedited.contains_key(rel))
        .filter_map(|(rel, hash)| {
            let path = live.join(&rel);
            let now = super::file_hash(&path)?;
            (now != hash).then_some((rel, path))
        })
        .collect();
    for (rel, path) in edited {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let target = edited_name(&dir.join(EDITED).join(&rel), &date);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, &bytes).explain(|| {
            let p = path.display();
            Message::new(
                format!("无法保存已修改的 {p}"),
                format!("cannot keep the edited {p}"),
            )
        })?;
        // Said as where it will be once the set is switched in: `dir` is the staging folder.
        let shown = live.join(target.strip_prefix(dir).unwrap_or(&target));
        let t = shown.display();
        match lang {
            Lang::Zh => eprintln!("已保留你修改过的 {rel}：{t}"),
            Lang::En => eprintln!("kept your edited {rel}: {t}"),
        }
    }
    Ok(())
}

/// `名称（已修改 2022-04-12）.ext`, ` (2)` on a collision.
fn edited_name(path: &Path, date: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let parent = path.parent().unwrap_or(Path::new("."));
    let mut candidate = parent.join(format!("{stem}（已修改 {date}）{ext}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = parent.join(format!("{stem}（已修改 {date}） ({n}){ext}"));
        n += 1;
    }
    candidate
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let ft = e.file_type()?;
        if ft.is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()))?;
        } else if ft.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name()))?;
        }
    }
    Ok(())
}
