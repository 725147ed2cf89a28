//! Every checklist the user can start a session from: the bundled ones, `*.ron` in
//! `<data dir>/checklists/`, and files given with `--checklist`. Broken user files are listed with
//! their problems; they never stop the others from working.

use std::path::{Path, PathBuf};

use super::model::Checklist;
use super::problem::{Location, Problem, ProblemKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    User(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Entry {
    /// The checklist's id, or for a file that did not parse, its file stem.
    pub id: String,
    pub origin: Origin,
    pub checklist: Option<Checklist>,
    pub problems: Vec<Problem>,
}

#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub entries: Vec<Entry>,
}

impl Registry {
    /// Bundled checklists, then the user's dir (sorted by file name), then `extra` paths.
    pub fn load(user_dir: &Path, extra: &[PathBuf]) -> Registry {
        let mut reg = Registry::default();
        for (name, parsed) in super::bundled::all() {
            reg.push(name, Origin::Bundled, parsed);
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(user_dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files.extend(extra.iter().cloned());
        for path in files {
            let shown = path.display().to_string();
            let parsed = read_checklist_file(&path);
            reg.push(&shown, Origin::User(path), parsed);
        }
        reg
    }

    fn push(
        &mut self,
        file: &str,
        origin: Origin,
        parsed: std::result::Result<Checklist, Vec<Problem>>,
    ) {
        match parsed {
            Ok(c) => match self.clash(&c, file, None) {
                Some(problem) => self.entries.push(Entry {
                    id: c.id,
                    origin,
                    checklist: None,
                    problems: vec![problem],
                }),
                None => self.entries.push(Entry {
                    id: c.id.clone(),
                    origin,
                    checklist: Some(c),
                    problems: Vec::new(),
                }),
            },
            Err(problems) => {
                let id = Path::new(file)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                self.entries.push(Entry {
                    id,
                    origin,
                    checklist: None,
                    problems,
                });
            }
        }
    }

    /// The problem of `c` (read from `file`) having the id of a usable checklist already listed, other
    /// than the one loaded from `except`: a user file never silently overrides another checklist.
    pub fn clash(&self, c: &Checklist, file: &str, except: Option<&Path>) -> Option<Problem> {
        let other = self.entries.iter().find(|e| {
            e.checklist.as_ref().is_some_and(|o| o.id == c.id)
                && !matches!((&e.origin, except), (Origin::User(p), Some(x)) if same_file(p, x))
        })?;
        let other = match &other.origin {
            Origin::Bundled => None,
            Origin::User(p) => Some(p.display().to_string()),
        };
        Some(Problem {
            file: file.to_string(),
            at: Location::Field("id".into()),
            kind: ProblemKind::IdTaken {
                id: c.id.clone(),
                other,
            },
        })
    }

    /// The usable checklist with this id.
    pub fn get(&self, id: &str) -> Option<&Checklist> {
        self.entries
            .iter()
            .filter_map(|e| e.checklist.as_ref())
            .find(|c| c.id == id)
    }

    pub fn usable(&self) -> impl Iterator<Item = &Checklist> {
        self.entries.iter().filter_map(|e| e.checklist.as_ref())
    }
}

/// Reads and parses one checklist file; a file that cannot be read is reported like any other problem.
pub fn read_checklist_file(path: &Path) -> std::result::Result<Checklist, Vec<Problem>> {
    let shown = path.display().to_string();
    let whole_file = |kind| {
        vec![Problem {
            file: shown.clone(),
            at: Location::Field(String::new()),
            kind,
        }]
    };
    // Regular files only, opened non-blocking and read at most limit + 1 bytes: a FIFO, a device
    // or `/dev/zero` can neither hang nor fill memory (a reported size is never trusted).
    let limit = super::load::MAX_CHECKLIST_BYTES;
    match crate::files::read_regular(path, limit) {
        Ok(bytes) => super::parse(&shown, &bytes),
        Err(crate::files::ReadError::TooLarge { limit }) => {
            let bytes = std::fs::metadata(path).map_or(limit + 1, |m| m.len().max(limit + 1));
            Err(whole_file(ProblemKind::TooLarge { bytes, limit }))
        }
        Err(crate::files::ReadError::NotRegular(kind)) => {
            Err(whole_file(ProblemKind::NotRegular { kind }))
        }
        Err(crate::files::ReadError::Io(e)) => {
            Err(whole_file(ProblemKind::Unreadable(e.to_string())))
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
