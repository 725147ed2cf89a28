//! `checklists from-text`: read a circular's text, print what was found, write the checklist.
//! The reading is `checklist::from_text` (pure); this is the file handling around it, shared with
//! the TUI's paste screen through [`write_checklist`].

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Ctx, print};
use crate::checklist::from_text::{self, Origin, Outline};
use crate::checklist::problem::{Location, Problem, ProblemKind};
use crate::checklist::registry::read_checklist_file;
use crate::checklist::{Checklist, Registry, is_valid_id, pretty};
use crate::cli::FromTextArgs;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::from_text as m;
use crate::session::Store;
use crate::session::store::{atomic_write, write_new};

pub fn from_text(ctx: &Ctx, args: FromTextArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    check_id(&args.id, "--id")?;
    let registry = ctx.registry();
    let like = registry.get(&args.like)?;
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
        &ctx.store, &registry, &checklist, &comments, target, args.force, lang,
    )?;
    print(&format!(
        "{report}{}\n",
        m::WROTE.fmt(lang, &[("path", &path.display()), ("id", &checklist.id)])
    ))?;
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

/// A checklist id given on the command line or typed in the TUI (`label` names where), checked
/// before anything is read.
pub fn check_id(id: &str, label: &str) -> Result<()> {
    if is_valid_id(id) {
        return Ok(());
    }
    Err(Error::Checklist(vec![Problem {
        file: label.to_string(),
        at: Location::Field(String::new()),
        kind: ProblemKind::BadId { id: id.to_string() },
    }]))
}

/// The comment lines on top of the written file, in both languages.
pub fn comments(origin: &Origin, date: NaiveDate) -> Vec<String> {
    let date = date.format("%Y-%m-%d");
    [Lang::Zh, Lang::En]
        .into_iter()
        .flat_map(|lang| {
            [
                m::COMMENT_MADE.fmt(lang, &[("from", &origin.render(lang)), ("date", &date)]),
                m::COMMENT_IDS.get(lang).to_string(),
            ]
        })
        .collect()
}

/// Where a checklist goes.
pub enum Target {
    /// `<data dir>/checklists/ID.ron`, where zicha finds it.
    DataDir,
    /// `-o FILE`.
    File(PathBuf),
}

/// Writes `checklist` as RON and returns the path. Refuses an id another checklist has (bundled, or
/// another file of the data dir), refuses to replace a file without `force`, and checks the text with
/// the loader before writing and after: what zicha writes, `zicha check` accepts.
pub fn write_checklist(
    store: &Store,
    registry: &Registry,
    checklist: &Checklist,
    comments: &[String],
    target: Target,
    force: bool,
    lang: Lang,
) -> Result<PathBuf> {
    let path = match &target {
        Target::DataDir => store.checklists_dir().join(format!("{}.ron", checklist.id)),
        Target::File(p) => p.clone(),
    };
    let shown = path.display().to_string();
    if let Some(problem) = registry.clash(checklist, &shown, Some(&path)) {
        return Err(Error::Checklist(vec![problem]));
    }
    let ron = validated_ron(checklist, comments, &shown)?;
    match target {
        Target::DataDir => {
            store.ensure_checklists_dir()?;
            if force {
                atomic_write(&path, ron.as_bytes())?;
            } else {
                write_new(&path, ron.as_bytes()).map_err(|e| match e {
                    Error::Io { source, .. }
                        if source.kind() == std::io::ErrorKind::AlreadyExists =>
                    {
                        Error::Exists(path.clone())
                    }
                    other => other,
                })?;
            }
        }
        Target::File(_) => {
            let name = format!("{}.ron", checklist.id);
            super::report::write_output(store, &path, ron.as_bytes(), force, lang, &name)?;
        }
    }
    // Read back through the same loader as every other user checklist.
    match read_checklist_file(&path) {
        Ok(back) if back == *checklist => Ok(path),
        Ok(_) => Err(Error::Checklist(vec![Problem {
            file: shown,
            at: Location::Field(String::new()),
            kind: ProblemKind::Unreadable("read back differently from what was written".into()),
        }])),
        Err(problems) => Err(Error::Checklist(problems)),
    }
}

/// The RON text, parsed once with the loader: a checklist the loader would refuse is never written.
fn validated_ron(checklist: &Checklist, comments: &[String], shown: &str) -> Result<String> {
    let ron = pretty::to_ron(checklist, comments);
    crate::checklist::parse(shown, ron.as_bytes()).map_err(Error::Checklist)?;
    Ok(ron)
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
