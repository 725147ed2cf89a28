//! Sessions on disk: where they live, durable atomic writes, the one-writer lock, migration, listing.
//!
//! Rules (SPEC §3): write a temp file in the same dir, fsync it, rename over the old file, fsync the
//! dir; never overwrite or delete a file that fails to parse; files `0600`, dirs `0700`; a session in
//! an older format is upgraded only on the first change, keeping the old bytes as `<id>.ron.bak`.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::file::{atomic_write, create_private_dir, read_limited, write_new};
pub use super::lock::SessionLock;
use super::model::{FORMAT, Session};
use crate::checklist::{Checklist, ProblemKind};
use crate::error::{Error, Result, SessionProblem};

/// Session files larger than this are refused as damaged rather than read into memory.
pub const MAX_SESSION_BYTES: u64 = 64 * 1024 * 1024;
pub(super) const RECURSION_LIMIT: usize = 64;
/// The first session format there was; a smaller number is no format at all.
const OLDEST_FORMAT: u32 = 1;

/// The data dir and its layout: `sessions/` and `checklists/`.
#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
}

/// What one read of `sessions/` found (see [`Store::scan`]).
#[derive(Debug, Default)]
pub struct Scan {
    /// Session ids, sorted.
    pub ids: Vec<String>,
    /// The names before `.lock` of the sidecar lock files (not checked: see
    /// [`Store::remove_stale_locks_of`]).
    pub locked: Vec<String>,
}

impl Store {
    /// `--data-dir`, else `$ZICHA_DATA_DIR`, else the platform data dir (`~/.local/share/zicha`).
    pub fn locate(flag: Option<PathBuf>) -> Result<Store> {
        let root = match flag.or_else(|| {
            std::env::var_os("ZICHA_DATA_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        }) {
            Some(p) => p,
            None => directories::ProjectDirs::from("", "", "zicha")
                .map(|d| d.data_dir().to_path_buf())
                .ok_or(Error::NoDataDir)?,
        };
        Ok(Store { root })
    }

    pub fn at(root: impl Into<PathBuf>) -> Store {
        Store { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.root.join("sessions")
    }

    pub fn checklists_dir(&self) -> PathBuf {
        self.root.join("checklists")
    }

    pub fn session_path(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.ron"))
    }

    /// The file of session `id`, after checking that `id` is one (an id from the index or a
    /// user could otherwise name a file outside the sessions dir).
    pub(super) fn checked_path(&self, id: &str) -> Result<PathBuf> {
        if !is_valid_session_id(id) {
            return Err(Error::BadSessionId(id.to_string()));
        }
        Ok(self.session_path(id))
    }

    /// Directories of the data dir that others can write to: reported, and tightened to 0700 when
    /// they are ours (see [`crate::files::check_private_dir`]).
    pub fn loose_dirs(&self) -> Vec<crate::files::LooseDir> {
        [
            self.root.clone(),
            self.sessions_dir(),
            self.checklists_dir(),
        ]
        .iter()
        .filter_map(|d| crate::files::check_private_dir(d))
        .collect()
    }

    /// Creates the data dir and `sessions/` (mode 0700) if missing; a file in their place is an error.
    pub fn ensure(&self) -> Result<()> {
        for dir in [self.root.clone(), self.sessions_dir()] {
            match fs::metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(Error::DataDirNotDir(dir)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => create_private_dir(&dir)?,
                Err(e) => return Err(Error::io(&dir, e)),
            }
        }
        Ok(())
    }

    /// Creates the data dir and `checklists/` (mode 0700) if missing, for a checklist zicha writes.
    pub fn ensure_checklists_dir(&self) -> Result<PathBuf> {
        for dir in [self.root.clone(), self.checklists_dir()] {
            match fs::metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(Error::DataDirNotDir(dir)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => create_private_dir(&dir)?,
                Err(e) => return Err(Error::io(&dir, e)),
            }
        }
        Ok(self.checklists_dir())
    }

    /// Fails if the data dir exists but is not a directory; a missing one is fine (nothing to read).
    fn check_readable(&self) -> Result<bool> {
        for dir in [self.root.clone(), self.sessions_dir()] {
            match fs::metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(Error::DataDirNotDir(dir)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
                Err(e) => return Err(Error::io(&dir, e)),
            }
        }
        Ok(true)
    }

    /// Ids of every `*.ron` in `sessions/`, sorted; temp files of killed writers older than a
    /// minute are removed on the way.
    pub fn ids(&self) -> Result<Vec<String>> {
        Ok(self.scan()?.ids)
    }

    /// One read of `sessions/`: the ids (as [`Store::ids`]) and the sessions that have a sidecar
    /// lock file (for [`Store::remove_stale_locks_of`]). 10,000 sessions make a directory that
    /// takes milliseconds to read: the home screen reads it once, not once for each.
    pub fn scan(&self) -> Result<Scan> {
        let mut scan = Scan::default();
        if !self.check_readable()? {
            return Ok(scan);
        }
        let dir = self.sessions_dir();
        for entry in fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some(id) = name.strip_suffix(".ron")
                && !id.starts_with('.')
            {
                scan.ids.push(id.to_string());
            } else if let Some(id) = name.strip_suffix(".lock") {
                scan.locked.push(id.to_string());
            } else if name.starts_with('.') && name.ends_with(".tmp") {
                // The dir is read anyway: sweep what a killed writer left (older than a minute).
                super::file::sweep_old_temp(&dir, name);
            }
        }
        scan.ids.sort();
        Ok(scan)
    }

    /// Resolves what a user typed to a session id: an exact id, a unique prefix, or `last`.
    pub fn resolve(&self, spec: &str) -> Result<String> {
        if spec == "last" {
            return self.most_recent();
        }
        // An empty "prefix" would match every session.
        if spec.is_empty() {
            return Err(Error::SessionNotFound(String::new()));
        }
        // An exact id is its file: opened by name, without listing the dir (the time of `export ID`
        // does not grow with the number of sessions). Only a valid id names a path, so `spec`
        // cannot point outside `sessions/`; `load` still checks that the inner id is the name.
        if is_valid_session_id(spec) && fs::symlink_metadata(self.session_path(spec)).is_ok() {
            return Ok(spec.to_string());
        }
        let ids = self.ids()?;
        if ids.iter().any(|i| i == spec) {
            return Ok(spec.to_string());
        }
        let matches: Vec<String> = ids.into_iter().filter(|i| i.starts_with(spec)).collect();
        match matches.len() {
            0 => Err(Error::SessionNotFound(spec.to_string())),
            1 => Ok(matches.into_iter().next().unwrap_or_default()),
            _ => Err(Error::Ambiguous {
                spec: spec.to_string(),
                candidates: matches,
            }),
        }
    }

    /// The most recently updated readable session, from the summary index. When every session
    /// file is unreadable the error says why (one file: its own error, such as "written by a newer
    /// zicha"), not that there are none.
    fn most_recent(&self) -> Result<String> {
        let mut readable = Vec::new();
        let mut unreadable = Vec::new();
        for e in self.summaries()? {
            match e {
                super::index::Entry::Ok(s) => readable.push(s),
                super::index::Entry::Damaged { error, .. } => unreadable.push(error),
            }
        }
        match readable
            .into_iter()
            .max_by(|a, b| a.updated.cmp(&b.updated).then_with(|| a.id.cmp(&b.id)))
        {
            Some(s) => Ok(s.id),
            None => Err(none_readable(unreadable)),
        }
    }

    /// [`Store::summaries`] for the home screen's first frame: see [`super::index::summaries_quick`].
    /// The sessions with a lock file are handed to `locked` (from the same read of the dir).
    pub fn summaries_quick(
        &self,
        index: super::index::Prefetch,
        locked: &mut Vec<String>,
    ) -> Result<super::index::Quick> {
        super::index::summaries_quick(
            &self.sessions_dir(),
            index,
            || {
                self.scan().map(|scan| {
                    *locked = scan.locked;
                    scan.ids
                })
            },
            |id| self.session_path(id),
            |path| self.read_path_cached(path),
        )
    }

    /// Starts decoding the summary index on a thread of its own, for [`Store::summaries_quick`].
    pub fn prefetch_index(&self) -> super::index::Prefetch {
        super::index::Prefetch::start(&self.sessions_dir())
    }

    /// Summaries of every session, for lists (see [`super::index`]).
    pub fn summaries(&self) -> Result<Vec<super::index::Entry>> {
        self.summaries_with(super::index::Fresh::default())
    }

    /// [`Store::summaries`], taking the summaries an import has just made for the files it wrote
    /// instead of parsing them again (see [`super::index::Fresh`]).
    pub fn summaries_with(&self, fresh: super::index::Fresh) -> Result<Vec<super::index::Entry>> {
        super::index::summaries_with(
            &self.sessions_dir(),
            || self.ids(),
            |id| self.session_path(id),
            |path| self.read_path_cached(path),
            fresh,
        )
    }

    /// Reads session `id` from its file, the one path that lock, load and save share. The id
    /// inside must be the file's name: a file copied in under another name is damaged, never
    /// opened for writing (saving it would write over the session its inner id names).
    pub fn load(&self, id: &str) -> Result<Loaded> {
        self.read_path(&self.checked_path(id)?)
    }

    /// Reads and parses one session file of this store, migrating older formats in memory (never
    /// on disk), and checks that its inner id is its file name.
    pub fn read_path(&self, path: &Path) -> Result<Loaded> {
        let bytes = read_limited(path, MAX_SESSION_BYTES)?;
        named_by(path, parse_session(path, &bytes)?)
    }

    /// [`Store::read_path`] for reading many sessions, fast when their embedded checklists repeat
    /// (see `fastparse`), with the checklist's fingerprint when it was known already.
    pub fn read_path_cached(&self, path: &Path) -> Result<(Session, Option<u64>)> {
        let bytes = read_limited(path, MAX_SESSION_BYTES)?;
        let (loaded, fingerprint) = super::fastparse::parse_session_cached(path, &bytes)?;
        Ok((named_by(path, loaded)?.session, fingerprint))
    }

    /// A fresh id from the date and checklist id, with `-2`, `-3`, … if taken.
    pub fn new_id(&self, today: NaiveDate, checklist: &str) -> Result<String> {
        let taken = self.ids()?.into_iter().collect();
        Ok(free_id(
            &format!("{}-{}", today.format("%Y%m%d"), checklist),
            &taken,
        ))
    }

    /// Creates and saves a new session for `checklist`.
    pub fn create(
        &self,
        checklist: Checklist,
        meta: NewSession,
        now: DateTime<FixedOffset>,
    ) -> Result<Session> {
        // One line of plain text each: a newline or an escape sequence typed into a name would
        // follow the session into every list, export and document.
        for (field, value) in [
            ("label", &meta.label),
            ("name", &meta.name),
            ("unit", &meta.unit),
        ] {
            if let Some(v) = value
                .as_deref()
                .filter(|v| v.chars().any(crate::sanitize::is_unsafe))
            {
                return Err(Error::ControlInField {
                    field,
                    text: v.to_string(),
                });
            }
        }
        self.ensure()?;
        let id = self.new_id(now.date_naive(), &checklist.id)?;
        let mut s = Session::new(id, checklist, now);
        s.label = super::model::label_of(meta.label.as_deref()).map(str::to_string);
        s.name = meta.name.filter(|v| !v.trim().is_empty());
        s.unit = meta.unit.filter(|v| !v.trim().is_empty());
        if let Some(prev) = &meta.from {
            s.carry_from(prev);
        }
        self.write_new_session(&mut s)?;
        Ok(s)
    }

    /// Writes `s` as a new file under its id, or, if another process took that id meanwhile, under
    /// the next free `-2`, `-3`, … (changing `s.id`): two `zicha new` at once get distinct ids.
    pub fn write_new_session(&self, s: &mut Session) -> Result<()> {
        let base = s.id.clone();
        let mut taken: HashSet<String> = HashSet::new();
        loop {
            let path = self.checked_path(&s.id)?;
            let text = to_ron(s)?;
            check_size(&s.id, text.len())?;
            match crate::files::write_new(&path, text.as_bytes()) {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && taken.len() < 10_000 => {
                    taken.insert(s.id.clone());
                    taken.extend(self.ids()?);
                    s.id = free_id(&base, &taken);
                }
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
    }

    /// Saves a session durably; keeps `<id>.ron.bak` if this upgrades an older format on disk.
    /// Nothing on disk changes when the session would be too large to read back, or when the user
    /// made its file read-only.
    pub fn save(&self, session: &Session, loaded_format: u32) -> Result<()> {
        self.ensure()?;
        let path = self.checked_path(&session.id)?;
        let text = to_ron(session)?;
        check_size(&session.id, text.len())?;
        if crate::files::is_read_only(&path) {
            return Err(Error::ReadOnlySession {
                id: session.id.clone(),
                path,
            });
        }
        if loaded_format < FORMAT {
            let bak = path.with_extension("ron.bak");
            if !bak.exists() && path.exists() {
                let old = read_limited(&path, MAX_SESSION_BYTES)?;
                write_new(&bak, &old)?;
            }
        }
        atomic_write(&path, text.as_bytes())
    }
}

/// A session id: lowercase ASCII letters, digits and `-` (like checklist ids, which they are built
/// from, with the date and a `-2` suffix), so that it can only ever name a file in `sessions/`.
pub fn is_valid_session_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Refuses to write a session file that reading would refuse: what zicha writes, it can read back.
pub fn check_size(id: &str, bytes: usize) -> Result<()> {
    if bytes as u64 > MAX_SESSION_BYTES {
        return Err(Error::TooLargeToSave {
            id: id.to_string(),
            bytes: bytes as u64,
            limit: MAX_SESSION_BYTES,
        });
    }
    Ok(())
}

/// `base` if it is not taken, else the first free `base-2`, `base-3`, …
pub fn free_id(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_default()
}

/// Label, respondent and unit of a new session.
#[derive(Clone, Debug, Default)]
pub struct NewSession {
    pub label: Option<String>,
    pub name: Option<String>,
    pub unit: Option<String>,
    /// Carry forward from this session (`new --from`): see [`Session::carry_from`].
    pub from: Option<Session>,
}

/// A session as read from disk, with the format it was stored in (to know when a `.bak` is due).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub session: Session,
    pub format: u32,
}

/// Parses session bytes (RON), checking the format version first so that a newer file gets the
/// "upgrade zicha" message instead of a confusing field error.
pub fn parse_session(path: &Path, bytes: &[u8]) -> Result<Loaded> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::checklist::load::line_col(bytes, e.valid_up_to());
        Error::Damaged {
            path: path.to_path_buf(),
            line,
            col,
            kind: ProblemKind::InvalidUtf8,
        }
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            kind: ProblemKind::EmptySession,
        });
    }
    let options = ron_options();
    let damaged = |e: ron::error::SpannedError| Error::Damaged {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        kind: crate::checklist::load::syntax_kind(&e.code),
    };
    // Nearly every file is in the current format: read it once. Probing `format` first would parse
    // every file twice, which doubles the cost of `trend` and of listing 1,000 sessions (SPEC §8).
    let (session, format) = match options.from_str::<Session>(text) {
        Ok(session) if session.format == FORMAT => (session, FORMAT),
        _ => {
            // A struct that only wants `format` still reads the whole file, so syntax errors surface here too.
            let format = match options.from_str::<FormatProbe>(text) {
                Ok(p) => p.format,
                Err(e) => return Err(damaged(e)),
            };
            if format > FORMAT {
                return Err(Error::NewerFormat {
                    path: path.to_path_buf(),
                    format,
                });
            }
            if format < OLDEST_FORMAT {
                return Err(Error::Damaged {
                    path: path.to_path_buf(),
                    line: 1,
                    col: 1,
                    kind: ProblemKind::UnknownFormat { format },
                });
            }
            (migrate(format, text, &options).map_err(damaged)?, format)
        }
    };
    Ok(Loaded {
        session: validated(path, session)?,
        format,
    })
}

/// The file's session if its inner id is the file's name (see [`Store::load`]).
fn named_by(path: &Path, loaded: Loaded) -> Result<Loaded> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if !is_valid_session_id(stem) {
        return Err(Error::BadSessionId(stem.to_string()));
    }
    if loaded.session.id != stem {
        return Err(Error::IdMismatch {
            path: path.to_path_buf(),
            inner: loaded.session.id,
            stem: stem.to_string(),
        });
    }
    Ok(loaded)
}

/// How every session file is parsed.
pub(super) fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RECURSION_LIMIT)
}

/// [`validated`] for a session whose embedded checklist is known valid; `None` if it has any
/// other problem (the caller parses it again on the full path, which says what).
pub(super) fn validated_answers(mut session: Session) -> Option<Session> {
    if !session.problems_but_checklist().is_empty() {
        return None;
    }
    session.normalize();
    Some(session)
}

/// Refuses a session that does not fit its own checklist, and puts its answers in checklist order.
fn validated(path: &Path, mut session: Session) -> Result<Session> {
    let problems = session.problems();
    if !problems.is_empty() {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            problems,
        });
    }
    session.normalize();
    Ok(session)
}

/// A session from RON or the JSON export (told apart by the first non-blank character), fully
/// validated and brought to the current format: what `zicha import` accepts.
pub fn parse_any(path: &Path, bytes: &[u8]) -> Result<Session> {
    let session = parse_any_format(path, bytes)?;
    let problems = import_problems(&session);
    if !problems.is_empty() {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(session)
}

/// What an imported session must also get right, whichever format it came in: a done action has
/// the date it was done, and a session was not updated before it was created.
fn import_problems(s: &Session) -> Vec<SessionProblem> {
    let mut out = Vec::new();
    if s.updated < s.created {
        out.push(SessionProblem::UpdatedBeforeCreated {
            updated: s.updated.to_rfc3339(),
            created: s.created.to_rfc3339(),
        });
    }
    for (i, a) in s.answers.iter().enumerate() {
        for (j, act) in a.actions.iter().enumerate() {
            if act.status == super::model::ActionStatus::Done && act.done_on.is_none() {
                out.push(SessionProblem::DoneWithoutDate(i, j));
            }
        }
    }
    out
}

fn parse_any_format(path: &Path, bytes: &[u8]) -> Result<Session> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        let mut loaded = parse_session(path, bytes)?;
        loaded.session.format = FORMAT;
        return Ok(loaded.session);
    }
    // serde_json's default recursion limit (128) guards against deep nesting.
    let damaged = |e: serde_json::Error| Error::Damaged {
        path: path.to_path_buf(),
        line: e.line(),
        col: e.column(),
        kind: json_kind(&e),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            kind: ProblemKind::EmptySession,
        });
    }
    let format = serde_json::from_slice::<FormatProbe>(body)
        .map_err(damaged)?
        .format;
    if format > FORMAT {
        return Err(Error::NewerFormat {
            path: path.to_path_buf(),
            format,
        });
    }
    // The same formats as a RON file: an older one is read (serde fills what it lacks), format 0
    // is no format at all.
    if format < OLDEST_FORMAT {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            kind: ProblemKind::UnknownFormat { format },
        });
    }
    let mut session = validated(path, serde_json::from_slice(body).map_err(damaged)?)?;
    session.format = FORMAT;
    Ok(session)
}

/// What a serde_json error means, in our words (its own text quotes the file's content).
fn json_kind(e: &serde_json::Error) -> ProblemKind {
    use serde_json::error::Category;
    if e.to_string().starts_with("recursion limit exceeded") {
        return ProblemKind::TooDeep { limit: 128 };
    }
    match e.classify() {
        Category::Eof => ProblemKind::UnexpectedEnd,
        Category::Io => ProblemKind::BadValue,
        Category::Syntax => ProblemKind::JsonSyntax,
        Category::Data => {
            let msg = e.to_string();
            // "missing field `x`": the name is one of our own fields, safe to show.
            const FIELDS: &[&str] = &[
                "format",
                "id",
                "created",
                "updated",
                "checklist",
                "answers",
                "item",
                "text",
                "prompt",
                "version",
                "title",
                "source",
                "scale",
                "sources",
                "groups",
                "items",
                "value",
                "label",
                "zh",
                "en",
            ];
            msg.strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
                .and_then(|f| FIELDS.iter().find(|k| **k == f))
                .map_or(ProblemKind::BadValue, |field| ProblemKind::MissingNamed {
                    field,
                })
        }
    }
}

/// Reads just the `format` field, ignoring every other field.
#[derive(serde::Deserialize)]
struct FormatProbe {
    format: u32,
}

/// The migration hook: turns a file of any supported older `format` into the current [`Session`].
///
/// Format 1 is format 2 without `from`, action ids and the actions' ledger fields, all of which
/// default to empty, so it reads as the current struct; [`Session::normalize`] (run by every read,
/// see [`validated`]) then gives its actions deterministic ids. The file on disk is left as it is
/// until the first change, which keeps the old bytes as `<id>.ron.bak` (see [`Store::save`]).
fn migrate(
    format: u32,
    text: &str,
    options: &ron::Options,
) -> std::result::Result<Session, ron::error::SpannedError> {
    match format {
        1 | FORMAT => options.from_str::<Session>(text).map(|mut s| {
            s.format = FORMAT;
            s
        }),
        older => Err(ron::error::SpannedError {
            code: ron::Error::Message(format!("unknown session format {older}")),
            span: ron::error::Span {
                start: ron::error::Position { line: 1, col: 1 },
                end: ron::error::Position { line: 1, col: 1 },
            },
        }),
    }
}

pub fn to_ron(session: &Session) -> Result<String> {
    let config = ron::ser::PrettyConfig::new()
        .escape_strings(false)
        .indentor("  ".to_string())
        .struct_names(false);
    ron::ser::to_string_pretty(session, config).map_err(|e| Error::Encode {
        what: crate::error::Encoded::Session,
        reason: e.to_string(),
    })
}

/// The error for "no session to use" given the errors of the files that could not be read: none,
/// nothing at all; one, that file's own error; more, how many and one of them.
pub fn none_readable(mut unreadable: Vec<Error>) -> Error {
    match unreadable.len() {
        0 => Error::NoSessions,
        1 => unreadable.remove(0),
        n => Error::NoReadableSessions {
            n,
            example: Box::new(unreadable.remove(0)),
        },
    }
}
