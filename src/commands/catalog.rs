//! `checklists`, `check` and `list`: what is available and what is stored.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use super::print;
use crate::checklist::{Origin, registry::read_checklist_file};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::messages::cli as m;
use crate::session::index::Entry;

pub fn checklists(ctx: &Ctx, as_json: bool) -> Result<ExitCode> {
    let registry = ctx.registry();
    let lang = ctx.lang;
    if as_json {
        let rows: Vec<_> = registry
            .entries
            .iter()
            .map(|e| {
                let (origin, path) = match &e.origin {
                    Origin::Bundled => ("bundled", None),
                    Origin::User(p) => ("user", Some(p.display().to_string())),
                };
                let error = (!e.problems.is_empty()).then(|| {
                    e.problems
                        .iter()
                        .map(|p| p.render(lang))
                        .collect::<Vec<_>>()
                        .join("\n")
                });
                match &e.checklist {
                    Some(c) => json!({
                        "id": c.id, "version": c.version,
                        "title": {"zh": c.title.zh, "en": c.title.en},
                        "groups": c.groups.len(), "items": c.item_count(),
                        "origin": origin, "path": path, "error": error,
                    }),
                    None => json!({
                        "id": e.id, "version": null, "title": null, "groups": 0, "items": 0,
                        "origin": origin, "path": path, "error": error,
                    }),
                }
            })
            .collect();
        let text = serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
        print(&crate::sanitize::json(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(vec![
        m::COL_ID.get(lang),
        m::COL_ITEMS.get(lang),
        m::COL_ORIGIN.get(lang),
        m::COL_TITLE.get(lang),
    ]);
    let mut broken = Vec::new();
    for e in &registry.entries {
        let origin = match &e.origin {
            Origin::Bundled => m::ORIGIN_BUNDLED.get(lang).to_string(),
            Origin::User(p) => p.display().to_string(),
        };
        match &e.checklist {
            Some(c) => table.row(vec![
                c.id.clone(),
                m::ITEMS_IN_GROUPS.fmt(
                    lang,
                    &[("items", &c.item_count()), ("groups", &c.groups.len())],
                ),
                origin,
                c.title.get(lang).to_string(),
            ]),
            None => {
                table.row(vec![
                    e.id.clone(),
                    m::BROKEN.get(lang).to_string(),
                    origin,
                    String::new(),
                ]);
                broken.extend(e.problems.iter().map(|p| format!("  {}", p.render(lang))));
            }
        }
    }
    let mut out = table.render();
    if !broken.is_empty() {
        out.push('\n');
        out.push_str(m::BROKEN_HEADER.get(lang));
        out.push('\n');
        out.push_str(&broken.join("\n"));
        out.push('\n');
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Ctx, files: &[PathBuf], as_json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let registry = crate::checklist::Registry::load(&ctx.store.checklists_dir(), &[]);
    let mut failed = false;
    let mut report = Vec::new();
    for path in files {
        let from_stdin = path.as_os_str() == "-";
        let shown = if from_stdin {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        let read = if from_stdin {
            read_checklist_stdin()
        } else {
            read_checklist_file(path)
        };
        // The same id as a bundled checklist (or another user file) would be refused at load.
        let result = read.and_then(|c| {
            let at = (!from_stdin).then_some(path.as_path());
            match registry.clash(&c, &shown, at) {
                Some(problem) => Err(vec![problem]),
                None => Ok(c),
            }
        });
        if as_json {
            report.push(match &result {
                Ok(c) => serde_json::json!({
                    "file": shown, "ok": true, "id": c.id, "version": c.version,
                    "items": c.item_count(), "problems": [],
                }),
                Err(problems) => serde_json::json!({
                    "file": shown, "ok": false, "id": null, "version": null, "items": null,
                    "problems": problems.iter().map(|p| problem_json(p, lang)).collect::<Vec<_>>(),
                }),
            });
            failed |= result.is_err();
            continue;
        }
        match result {
            Ok(c) => print(&format!(
                "{}\n",
                m::CHECK_OK.fmt(
                    lang,
                    &[("file", &shown), ("id", &c.id), ("items", &c.item_count())]
                )
            ))?,
            Err(problems) => {
                failed = true;
                for p in &problems {
                    super::eprint(&p.render(lang));
                }
                super::eprint(
                    &m::CHECK_FAILED.fmt(lang, &[("file", &shown), ("count", &problems.len())]),
                );
                // Only a syntax error stops the checks of the content: say that there may be more.
                if problems
                    .iter()
                    .any(|p| matches!(p.at, crate::checklist::Location::Pos { .. }))
                {
                    super::eprint(m::CHECK_MORE_AFTER_SYNTAX.get(lang));
                }
            }
        }
    }
    if as_json {
        let text = serde_json::to_string_pretty(&report).unwrap_or_default() + "\n";
        print(&crate::sanitize::json(&text))?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One problem for `check --json`: where (line and column, or a field path) and the message.
fn problem_json(
    p: &crate::checklist::problem::Problem,
    lang: crate::i18n::Lang,
) -> serde_json::Value {
    use crate::checklist::problem::Location;
    let (line, col, field) = match &p.at {
        Location::Pos { line, col } => (Some(*line), Some(*col), None),
        Location::Field(f) => (None, None, Some(f.clone())),
    };
    serde_json::json!({
        "line": line, "col": col, "field": field, "message": p.kind.render(lang),
    })
}

/// A checklist piped in (`zicha check -`), bounded like a file.
fn read_checklist_stdin()
-> std::result::Result<crate::checklist::Checklist, Vec<crate::checklist::problem::Problem>> {
    use crate::checklist::problem::{Location, Problem, ProblemKind};
    use std::io::Read;
    let limit = crate::checklist::load::MAX_CHECKLIST_BYTES;
    let mut bytes = Vec::new();
    let whole = |kind| {
        vec![Problem {
            file: "<stdin>".to_string(),
            at: Location::Field(String::new()),
            kind,
        }]
    };
    if let Err(e) = std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
    {
        return Err(whole(ProblemKind::Unreadable(e.to_string())));
    }
    if bytes.len() as u64 > limit {
        return Err(whole(ProblemKind::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        }));
    }
    crate::checklist::parse("<stdin>", &bytes)
}

pub fn list(ctx: &Ctx, as_json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let today = ctx.today();
    let mut listed = ctx.store.summaries()?;
    // Oldest first; `-10` after `-9` for sessions created the same day.
    listed.sort_by_key(|e| match e {
        Entry::Ok(s) => (Some(s.created), s.id.len(), s.id.clone()),
        Entry::Damaged { id, .. } => (None, id.len(), id.clone()),
    });
    if as_json {
        let rows: Vec<_> = listed
            .iter()
            .map(|l| match l {
                Entry::Ok(s) => {
                    let p = s.progress(today);
                    let r = s.respondent();
                    json!({
                        "id": s.id, "checklist": s.checklist, "label": s.label,
                        "name": r.name, "unit": r.unit, "from": s.from,
                        "created": s.created.to_rfc3339(), "updated": s.updated.to_rfc3339(),
                        "rated": p.rated, "items": p.items,
                        "open_actions": p.open_actions, "overdue_actions": p.overdue_actions,
                        "error": null,
                    })
                }
                Entry::Damaged { id, error, .. } => json!({
                    "id": id, "checklist": null, "label": null, "name": null, "unit": null,
                    "from": null, "created": null, "updated": null,
                    "rated": 0, "items": 0, "open_actions": 0, "overdue_actions": 0,
                    "error": error.render(lang),
                }),
            })
            .collect();
        let text = serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
        print(&crate::sanitize::json(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    if listed.is_empty() {
        super::eprint(&Error::NoSessions.render(lang));
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(vec![
        m::COL_ID.get(lang),
        m::COL_LABEL.get(lang),
        m::COL_NAME.get(lang),
        m::COL_UNIT.get(lang),
        m::COL_UPDATED.get(lang),
        m::COL_PROGRESS.get(lang),
        m::COL_OPEN.get(lang),
        m::COL_OVERDUE.get(lang),
        m::COL_FROM.get(lang),
    ]);
    let mut damaged = Vec::new();
    for l in &listed {
        match l {
            Entry::Ok(s) => {
                let p = s.progress(today);
                let r = s.respondent();
                table.row(vec![
                    s.id.clone(),
                    s.label.clone().unwrap_or_default(),
                    r.name.unwrap_or_default(),
                    r.unit.unwrap_or_default(),
                    s.updated.format("%Y-%m-%d %H:%M").to_string(),
                    super::progress_text(lang, p.rated, p.items),
                    p.open_actions.to_string(),
                    p.overdue_actions.to_string(),
                    s.from.clone().unwrap_or_default(),
                ]);
            }
            Entry::Damaged { id, error, .. } => {
                table.row(vec![id.clone(), m::DAMAGED.get(lang).to_string()]);
                damaged.push(format!("  {}", error.render(lang)));
            }
        }
    }
    let mut out = table.render();
    if !damaged.is_empty() {
        out.push('\n');
        out.push_str(m::DAMAGED_HEADER.get(lang));
        out.push('\n');
        out.push_str(&damaged.join("\n"));
        out.push('\n');
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// A plain text table aligned by display width (`report::layout`), so Chinese cells line up.
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: Vec<&str>) -> Self {
        Table {
            rows: vec![header.into_iter().map(str::to_string).collect()],
        }
    }

    /// A row of cells; each cell is one line, with control and bidi characters made visible.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| match crate::sanitize::line(&c) {
                    std::borrow::Cow::Owned(safe) => safe,
                    std::borrow::Cow::Borrowed(_) => c,
                })
                .collect(),
        );
    }

    pub fn render(&self) -> String {
        let mut out = crate::report::layout::columns(&self.rows, &[], "").join("\n");
        out.push('\n');
        out
    }
}
