//! `checklists from-text`: read a circular's text, print what was found, write the checklist.
//! The reading is `checklist::from_text` (pure), the writing `checklist::save` (shared with the TUI's
//! paste screen); this is the command around them: the input file, the printed report.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use super::print;
use crate::checklist::Checklist;
use crate::checklist::from_text::{self, Origin, Outline};
use crate::checklist::problem::{Location, Problem, ProblemKind};
use crate::checklist::save::{Target, check_id, comments, validated_ron, write_checklist};
use crate::cli::FromTextArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::from_text as m;

pub fn from_text(ctx: &Ctx, args: FromTextArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    check_id(&args.id, "--id")?;
    let registry = ctx.registry();
    let like = registry
        .get(&args.like)
        .ok_or_else(|| Error::ChecklistNotFound(args.like.clone()))?;
    let stdin = args.file.as_os_str() == "-";
    let (shown, origin, bytes) = if stdin {
        ("<stdin>".to_string(), Origin::Stdin, read_stdin()?)
    } else {
        let name = args
            .file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let shown = args.file.display().to_string();
        let bytes = read_text_file(&args.file, &shown)?;
        (shown, Origin::File(name), bytes)
    };
    let text = from_text::decode(&shown, &bytes).map_err(|p| Error::Checklist(vec![p]))?;
    let outline = from_text::parse(&text, args.title.is_some());
    let options = from_text::Options {
        id: args.id.clone(),
        title: args.title.clone(),
        like,
        origin,
        date: ctx.today(),
    };
    let checklist =
        from_text::to_checklist(&outline, &options).ok_or(Error::NothingNumbered(shown))?;
    let comments = comments(&options.origin, options.date);
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let report = report(&outline, &checklist, lang);
    if to_stdout {
        let ron = validated_ron(&checklist, &comments, "<stdout>")?;
        eprint!("{report}");
        print(&ron)?;
        return Ok(ExitCode::SUCCESS);
    }
    let target = match &args.output {
        Some(path) => Target::File(path.clone()),
        None => Target::DataDir,
    };
    let path = write_checklist(
        &ctx.store, &registry, &checklist, &comments, target, args.force,
    )?;
    // Written into the data dir's checklists, `zicha new ID` finds it; anywhere else it needs
    // `--checklist` (or moving there), and saying `zicha new ID` would send the user to an error.
    let lists = ctx.store.root().join("checklists");
    let shown = crate::error::shown(&path);
    let said = if path.parent().is_some_and(|p| same_dir(p, &lists)) {
        m::WROTE.fmt(lang, &[("path", &shown), ("id", &checklist.id)])
    } else {
        m::WROTE_ELSEWHERE.fmt(
            lang,
            &[
                ("path", &shown),
                ("id", &checklist.id),
                ("dir", &crate::error::shown(&lists)),
            ],
        )
    };
    print(&format!("{report}{said}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// The summary and every warning, as printed.
pub fn report(outline: &Outline, checklist: &Checklist, lang: Lang) -> String {
    let mut out = String::new();
    for line in from_text::summary(outline, checklist.title.get(lang), lang) {
        out.push_str(&line);
        out.push('\n');
    }
    if !outline.warnings.is_empty() {
        out.push_str(&m::WARNINGS.fmt(lang, &[("count", &outline.warnings.len())]));
        out.push('\n');
        for w in &outline.warnings {
            out.push_str("  ");
            out.push_str(&w.render(lang));
            out.push('\n');
        }
    }
    out
}

/// A regular file's bytes, at most [`from_text::MAX_TEXT_BYTES`] of them.
fn read_text_file(path: &Path, shown: &str) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::Checklist(vec![Problem {
            file: shown.to_string(),
            at: Location::Field(String::new()),
            kind: ProblemKind::Unreadable("not a regular file".into()),
        }]));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_bounded(file, shown)
}

fn read_stdin() -> Result<Vec<u8>> {
    read_bounded(std::io::stdin().lock(), "<stdin>")
}

fn read_bounded(reader: impl Read, shown: &str) -> Result<Vec<u8>> {
    let limit = from_text::MAX_TEXT_BYTES as u64;
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(shown, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::Checklist(vec![Problem {
            file: shown.to_string(),
            at: Location::Field(String::new()),
            kind: ProblemKind::TooLarge {
                bytes: bytes.len() as u64,
                limit,
            },
        }]));
    }
    Ok(bytes)
}

/// Whether two paths name the same directory (through symlinks and `..`).
fn same_dir(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
