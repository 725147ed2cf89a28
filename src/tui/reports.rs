//! What the export, Compare and Trend actions read and write: the two sessions of a diff, the
//! sessions of a trend, an export written to a file. `update` calls these; the reports themselves are
//! the pure `crate::report` functions, shared with the command line.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::app::ExportForm;
use crate::error::Result;
use crate::i18n::Lang;
use crate::output::write_output;
use crate::report::export;
use crate::report::trend::{self, Trend};
use crate::session::{Session, Store, Summary};

/// Loads two sessions to compare, the earlier (by `created`, then id) first.
pub fn load_pair(store: &Store, x: &str, y: &str) -> Result<(Session, Session)> {
    // Shown to a person: control and bidi characters from the files made visible.
    let x = crate::sanitize::shown(store.load(x)?.session);
    let y = crate::sanitize::shown(store.load(y)?.session);
    if (y.created, &y.id) < (x.created, &x.id) {
        Ok((y, x))
    } else {
        Ok((x, y))
    }
}

/// The trend of `checklist` over the sessions `ids`, from the store's summary index (the same path as
/// `zicha trend`). A file that cannot be read is left out: the home list already shows it as damaged.
pub fn load_trend(
    store: &Store,
    checklist: &str,
    ids: &[String],
    today: NaiveDate,
) -> Result<Trend> {
    let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    let sessions: Vec<Summary> = store
        .summaries()?
        .into_iter()
        .filter_map(|e| match e {
            crate::session::index::Entry::Ok(s) if wanted.contains(s.id.as_str()) => Some(s),
            _ => None,
        })
        .collect();
    // Shown to a person: control and bidi characters from the files made visible.
    let sessions = sessions.into_iter().map(Summary::shown).collect();
    let points = trend::points_of_summaries(sessions, today, |id| {
        Ok(crate::sanitize::shown(store.load(id)?.session.checklist))
    })?;
    Ok(trend::trend_of_points(checklist, points, None))
}

/// The unit summary of `checklist` (the same path as `zicha unit`: who from the summary index, then
/// only the latest session of each respondent parsed), with the roster file if one is given.
pub fn load_unit(
    store: &Store,
    checklist: &str,
    roster: Option<&Path>,
    today: NaiveDate,
) -> Result<crate::report::unit::Unit> {
    use crate::report::unit as runit;
    let roster = match roster {
        Some(path) => {
            let bytes = crate::session::file::read_limited(path, runit::MAX_ROSTER_BYTES)?;
            Some(runit::Roster::parse(path, &bytes)?)
        }
        None => None,
    };
    let summaries = store
        .summaries()?
        .into_iter()
        .filter_map(|e| match e {
            crate::session::index::Entry::Ok(s) => Some(s),
            crate::session::index::Entry::Damaged { .. } => None,
        })
        .collect();
    let filter = runit::Filter {
        checklist: checklist.to_string(),
        ..runit::Filter::default()
    };
    let mut forms = runit::Forms::default();
    let members = runit::latest_per_respondent(summaries, &filter)
        .iter()
        .filter_map(|s| store.load(&s.id).ok())
        .map(|l| runit::Member::of(&l.session, today, &mut forms))
        .collect();
    Ok(runit::build(&filter, members, roster.as_ref(), today))
}

/// Which missing folders an export may create: zicha's export folder (the settings' or its default),
/// and the typed folder once the user has been told it is missing and pressed Enter again (`make`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Folders<'a> {
    pub home: Option<&'a Path>,
    pub make: bool,
}

/// What an export wrote: the path (absolute, so the status line says exactly where), and the folder
/// it created for it, if it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub path: PathBuf,
    pub created: Option<PathBuf>,
}

/// Renders the form's session in its format and writes it to the typed path; `force` replaces an
/// existing file.
pub fn write_export(
    store: &Store,
    form: &ExportForm,
    folders: Folders,
    force: bool,
    lang: Lang,
    today: NaiveDate,
) -> Result<Exported> {
    let path = form.target();
    // The review opens with last time when the session was carried forward and that one is readable.
    let previous = form
        .session
        .from
        .as_deref()
        .and_then(|from| store.load(from).ok())
        .map(|l| l.session);
    let bytes =
        export::render_with_previous(&form.session, previous.as_ref(), form.format, lang, today)?;
    let name = export::file_name(&form.session, form.format);
    // zicha's export folder (the settings' or its default) is made when first used, with its missing
    // parents, private (0700); any other folder only once the user has confirmed it (a typo must not
    // scatter new folders about).
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let home = folders
        .home
        .is_some_and(|home| std::path::absolute(home).is_ok_and(|h| h == folder));
    let mut created = None;
    if (home || folders.make) && !folder.as_os_str().is_empty() && !folder.exists() {
        crate::session::file::create_private_dir(&folder)?;
        created = Some(folder);
    }
    write_output(store, &path, &bytes, force, &name)?;
    Ok(Exported { path, created })
}

/// `~/x` is `x` in the home directory, as a shell would read it: people type paths that way, and a
/// directory literally named `~` in the current directory is never what they mean.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match typed.strip_prefix("~/") {
        Some(rest) => match home() {
            Some(h) => h.join(rest),
            None => PathBuf::from(typed),
        },
        None if typed == "~" => home().unwrap_or_else(|| PathBuf::from(typed)),
        None => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_tilde_is_the_home_directory() {
        let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()) else {
            return;
        };
        assert_eq!(expand_home("~/自查/a.md"), home.join("自查/a.md"));
        assert_eq!(expand_home("a/~/b.md"), PathBuf::from("a/~/b.md"));
        assert_eq!(expand_home("~x.md"), PathBuf::from("~x.md"));
    }
}
