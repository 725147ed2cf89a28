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
        // Read back by `Reason::of` (the parser's text is English; ours is said in the user's language).
        _ => Err(serde::de::Error::custom(format!("{BAD_LANGUAGE}{s}"))),
    }
}

/// The start of the error `lang` reports, so that [`Reason::of`] can tell it from the parser's own.
const BAD_LANGUAGE: &str = "zicha: bad language: ";

/// Why the settings file was not used: the file, 1-based line and column (if known), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub pos: Option<(usize, usize)>,
    pub reason: Reason,
}

/// What is wrong with the settings file, said in the user's language when drawn. The TOML parser's
/// messages are English; the common ones are mapped to our own words, the rest kept as a detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    NotUtf8,
    /// The file could not be read: the error rendered in each language.
    Read {
        zh: String,
        en: String,
    },
    BadLanguage(String),
    UnknownKey(String),
    /// `borders` is neither `unicode` nor `ascii`.
    BadBorders,
    DuplicateKey,
    /// A number or a table where text was wanted, and so on.
    WrongType,
    /// Text without quotes (`language = zh`).
    Unquoted,
    /// The parser wanted this character here (`=`, `]`, `"`).
    Expected(String),
    /// Anything else: the parser's own text.
    Other(String),
}

impl Reason {
    /// Reads the TOML parser's message.
    pub fn of(message: &str) -> Reason {
        let msg = message.trim();
        let quoted = |s: &str| {
            let rest = s.split_once('`')?.1;
            Some(rest.split_once('`')?.0.to_string())
        };
        if let Some(v) = msg.strip_prefix(BAD_LANGUAGE) {
            Reason::BadLanguage(v.to_string())
        } else if msg.starts_with("unknown field") {
            quoted(msg).map_or_else(|| Reason::Other(msg.into()), Reason::UnknownKey)
        } else if msg.starts_with("unknown variant") {
            Reason::BadBorders
        } else if msg.starts_with("duplicate key") {
            Reason::DuplicateKey
        } else if msg.starts_with("invalid type") || msg.starts_with("wanted ") {
            Reason::WrongType
        } else if msg.contains("must be quoted") {
            Reason::Unquoted
        } else if let Some((_, after)) = msg.split_once("expected `") {
            Reason::Expected(after.split('`').next().unwrap_or_default().to_string())
        } else {
            Reason::Other(msg.to_string())
        }
    }

    pub fn render(&self, lang: Lang) -> String {
        match self {
            Reason::NotUtf8 => m::CONFIG_NOT_UTF8.get(lang).to_string(),
            Reason::Read { zh, en } => match lang {
                Lang::Zh => zh.clone(),
                Lang::En => en.clone(),
            },
            Reason::BadLanguage(v) => m::CONFIG_BAD_LANGUAGE.fmt(lang, &[("value", v)]),
            Reason::UnknownKey(k) => m::CONFIG_UNKNOWN_KEY.fmt(lang, &[("key", k)]),
            Reason::BadBorders => m::CONFIG_BAD_BORDERS.get(lang).to_string(),
            Reason::DuplicateKey => m::CONFIG_DUPLICATE.get(lang).to_string(),
            Reason::WrongType => m::CONFIG_WRONG_TYPE.get(lang).to_string(),
            Reason::Unquoted => m::CONFIG_UNQUOTED.get(lang).to_string(),
            Reason::Expected(what) => m::CONFIG_EXPECTED.fmt(lang, &[("what", what)]),
            Reason::Other(detail) => m::CONFIG_SYNTAX.fmt(lang, &[("detail", detail)]),
        }
    }
}

impl ConfigError {
    pub fn render(&self, lang: Lang) -> String {
        let place = match self.pos {
            Some((line, col)) => format!("{}:{line}:{col}", self.file.display()),
            None => self.file.display().to_string(),
        };
        m::CONFIG_BROKEN.fmt(
            lang,
            &[("place", &place), ("reason", &self.reason.render(lang))],
        )
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
        let fail = |pos, reason: Reason| {
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
            Err(e) => {
                let reason = Reason::Read {
                    zh: e.render(Lang::Zh),
                    en: e.render(Lang::En),
                };
                return fail(None, reason);
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return fail(None, Reason::NotUtf8);
        };
        match Config::parse(&text) {
            Ok(c) => (c, None),
            Err((pos, reason)) => fail(pos, reason),
        }
    }

    /// Parses TOML text; an error carries its 1-based line and column.
    #[allow(clippy::result_large_err)]
    pub fn parse(text: &str) -> Result<Config, (Option<(usize, usize)>, Reason)> {
        toml::from_str::<Config>(text).map_err(|e| {
            let pos = e.span().map(|span| line_col(text, span.start));
            (pos, Reason::of(e.message()))
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
        assert_eq!(reason, Reason::BadBorders);
        let (pos, _) = Config::parse("name = \"a\"\nlanguage = \"fr\"\n").unwrap_err();
        assert_eq!(pos.map(|p| p.0), Some(2));
        let (pos, _) = Config::parse("nmae = \"a\"\n").unwrap_err();
        assert_eq!(pos, Some((1, 1)));
        let (pos, _) = Config::parse("\n\nname = \n").unwrap_err();
        assert_eq!(pos.map(|p| p.0), Some(3));
    }

    #[test]
    fn the_parsers_english_becomes_our_words_in_both_languages() {
        let cases = [
            ("language = \"fr\"\n", Reason::BadLanguage("fr".into())),
            ("lang = \"zh\"\n", Reason::UnknownKey("lang".into())),
            ("name = \"a\"\nname = \"b\"\n", Reason::DuplicateKey),
            ("export_dir = 5\n", Reason::WrongType),
            ("borders = 3\n", Reason::WrongType),
            ("language = zh\n", Reason::Unquoted),
            ("name \"x\"\n", Reason::Expected("=".into())),
            ("[x\n", Reason::Expected("]".into())),
        ];
        for (text, want) in cases {
            let (_, reason) = Config::parse(text).unwrap_err();
            assert_eq!(reason, want, "{text:?}");
            let zh = reason.render(Lang::Zh);
            assert!(
                !zh.contains("expected") && !zh.contains("invalid") && !zh.contains("unknown"),
                "{zh}"
            );
        }
    }

    #[test]
    fn a_missing_file_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let (c, err) = Config::load_from(&dir.path().join("none.toml"));
        assert_eq!(c, Config::default());
        assert!(err.is_none());
    }
}
