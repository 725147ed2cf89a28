//! The user's settings file (TOML): `$ZICHA_CONFIG`, else `config.toml` in the platform config dir
//! (`~/.config/zicha/config.toml` on Linux). Every key is optional; a missing file is no settings.
//!
//! A broken file never stops zicha: [`Config::load`] returns the defaults and a message naming the file,
//! line and column, which the commands print on stderr and the TUI shows in its status line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::i18n::Lang;
use crate::messages::errors as m;

/// How boxes are drawn: the Unicode box-drawing set, or ASCII for terminals that draw ambiguous-width
/// characters two columns wide.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Borders {
    #[default]
    Unicode,
    Ascii,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `zh` or `en`; used when neither `--lang` nor `ZICHA_LANG` is set.
    #[serde(default, deserialize_with = "lang")]
    pub language: Option<Lang>,
    /// Respondent's name and unit filled in for new sessions.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    /// Where the TUI's export popup writes (default: [`default_export_dir`]). `~/` is the home dir.
    #[serde(default)]
    pub export_dir: Option<PathBuf>,
    #[serde(default)]
    pub borders: Borders,
}

fn lang<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
    let s = String::deserialize(d)?;
    match s.as_str() {
        "zh" => Ok(Some(Lang::Zh)),
        "en" => Ok(Some(Lang::En)),
        _ => Err(serde::de::Error::custom(format!(
            "language {s:?}: use \"zh\" or \"en\""
        ))),
    }
}

/// Why the settings file was not used: the file, 1-based line and column (if known), the parser's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub pos: Option<(usize, usize)>,
    pub reason: String,
}

impl ConfigError {
    pub fn render(&self, lang: Lang) -> String {
        let place = match self.pos {
            Some((line, col)) => format!("{}:{line}:{col}", self.file.display()),
            None => self.file.display().to_string(),
        };
        m::CONFIG_BROKEN.fmt(lang, &[("place", &place), ("reason", &self.reason)])
    }
}

/// The settings file's path: `$ZICHA_CONFIG` if set, else the platform config dir's `config.toml`.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ZICHA_CONFIG").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "zicha").map(|d| d.config_dir().join("config.toml"))
}

/// Settings files are a few lines; anything bigger is not one.
const MAX_CONFIG_BYTES: u64 = 64 * 1024;

impl Config {
    /// The settings, or the defaults and why the file could not be used. A missing file is no error.
    pub fn load() -> (Config, Option<ConfigError>) {
        match path() {
            Some(p) => Config::load_from(&p),
            None => (Config::default(), None),
        }
    }

    pub fn load_from(path: &Path) -> (Config, Option<ConfigError>) {
        let fail = |pos, reason: String| {
            (
                Config::default(),
                Some(ConfigError {
                    file: path.to_path_buf(),
                    pos,
                    reason,
                }),
            )
        };
        let bytes = match crate::session::file::read_limited(path, MAX_CONFIG_BYTES) {
            Ok(b) => b,
            Err(crate::error::Error::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                return (Config::default(), None);
            }
            Err(e) => return fail(None, e.render(Lang::En)),
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return fail(None, "not UTF-8 text".to_string());
        };
        match Config::parse(&text) {
            Ok(c) => (c, None),
            Err((pos, reason)) => fail(pos, reason),
        }
    }

    /// Parses TOML text; an error carries its 1-based line and column.
    #[allow(clippy::result_large_err)]
    pub fn parse(text: &str) -> Result<Config, (Option<(usize, usize)>, String)> {
        toml::from_str::<Config>(text).map_err(|e| {
            let pos = e.span().map(|span| line_col(text, span.start));
            (pos, e.message().trim().to_string())
        })
    }

    /// `export_dir` with a leading `~/` made the home directory.
    pub fn export_dir(&self) -> Option<PathBuf> {
        let dir = self.export_dir.as_ref()?;
        if let Ok(rest) = dir.strip_prefix("~")
            && let Some(home) = directories::BaseDirs::new()
        {
            return Some(home.home_dir().join(rest));
        }
        Some(dir.clone())
    }
}

/// Where the TUI's export popup writes when the settings name no folder: `zicha` in the platform's
/// documents folder (`~/Documents/zicha`, or the XDG documents dir on Linux), else `~/zicha-exports`.
/// The README says so. Created (0700) when the first export is written into it.
pub fn default_export_dir() -> Option<PathBuf> {
    if let Some(docs) =
        directories::UserDirs::new().and_then(|u| u.document_dir().map(Path::to_path_buf))
        && docs.is_dir()
    {
        return Some(docs.join("zicha"));
    }
    directories::BaseDirs::new().map(|d| d.home_dir().join("zicha-exports"))
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_read() {
        let c = Config::parse(
            "language = \"en\"\nname = \"张三\"\nunit = \"办公室\"\nexport_dir = \"/tmp/x\"\nborders = \"ascii\"\n",
        )
        .unwrap();
        assert_eq!(c.language, Some(Lang::En));
        assert_eq!(c.name.as_deref(), Some("张三"));
        assert_eq!(c.unit.as_deref(), Some("办公室"));
        assert_eq!(c.export_dir, Some(PathBuf::from("/tmp/x")));
        assert_eq!(c.borders, Borders::Ascii);
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn a_broken_file_names_line_and_column() {
        let (pos, reason) = Config::parse("name = \"a\"\nborders = \"round\"\n").unwrap_err();
        assert_eq!(pos, Some((2, 11)));
        assert!(
            reason.contains("round") || reason.contains("variant"),
            "{reason}"
        );
        let (pos, _) = Config::parse("name = \"a\"\nlanguage = \"fr\"\n").unwrap_err();
        assert_eq!(pos.map(|p| p.0), Some(2));
        let (pos, _) = Config::parse("nmae = \"a\"\n").unwrap_err();
        assert_eq!(pos, Some((1, 1)));
        let (pos, _) = Config::parse("\n\nname = \n").unwrap_err();
        assert_eq!(pos.map(|p| p.0), Some(3));
    }

    #[test]
    fn a_missing_file_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let (c, err) = Config::load_from(&dir.path().join("none.toml"));
        assert_eq!(c, Config::default());
        assert!(err.is_none());
    }
}
