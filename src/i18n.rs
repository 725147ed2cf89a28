//! Languages and the message catalog.
//!
//! Every user-facing message is a [`Msg`]: one id, a Chinese and an English template with `{name}`
//! placeholders. Catalogs live next to the code that uses them (`cli`, `tui`, `report`) and are all
//! registered in [`crate::messages::CATALOGS`], so a test can prove that no message lacks a translation.

use std::fmt::{self, Display};

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn toggled(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// `--lang`, else `ZICHA_LANG`, else `LC_ALL` / `LC_MESSAGES` / `LANG` starting with `zh`, else English.
    pub fn resolve(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = flag {
            return lang;
        }
        if let Some(lang) = env("ZICHA_LANG").as_deref().and_then(Lang::parse) {
            return lang;
        }
        // POSIX: the first of these that is set and non-empty decides.
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = env(var).filter(|v| !v.is_empty()) {
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    pub fn from_env(flag: Option<Lang>) -> Lang {
        Lang::resolve(flag, |k| std::env::var(k).ok())
    }
}

impl Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One message in both languages. Placeholders are `{name}`; both templates must use the same set.
#[derive(Debug)]
pub struct Msg {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Msg {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The template with its placeholders filled in.
    pub fn fmt(&self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        fill(self.get(lang), args)
    }
}

/// Replaces each `{name}` in `template` with its argument; unknown placeholders are left as they are.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares a catalog: `catalog! { NAME = ("id", "中文", "English"), … }` makes one `pub const` per message
/// and a `pub const ALL: &[&Msg]` listing them for the translation test.
#[macro_export]
macro_rules! catalog {
    ($($name:ident = ($zh:expr, $en:expr)),* $(,)?) => {
        $(pub const $name: $crate::i18n::Msg =
            $crate::i18n::Msg { id: stringify!($name), zh: $zh, en: $en };)*
        pub const ALL: &[&$crate::i18n::Msg] = &[$(&$name),*];
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<&str> {
        let mut set = BTreeSet::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            set.insert(&after[..close]);
            rest = &after[close + 1..];
        }
        set
    }

    #[test]
    fn every_message_has_both_translations_with_the_same_placeholders() {
        let mut problems = Vec::new();
        let mut ids = BTreeSet::new();
        for (catalog, msgs) in crate::messages::CATALOGS {
            for m in *msgs {
                if !ids.insert((catalog, m.id)) {
                    problems.push(format!("{catalog}::{} is declared twice", m.id));
                }
                if m.zh.trim().is_empty() {
                    problems.push(format!("{catalog}::{} has no Chinese text", m.id));
                }
                if m.en.trim().is_empty() {
                    problems.push(format!("{catalog}::{} has no English text", m.id));
                }
                if placeholders(m.zh) != placeholders(m.en) {
                    problems.push(format!(
                        "{catalog}::{} placeholders differ: zh {:?} en {:?}",
                        m.id,
                        placeholders(m.zh),
                        placeholders(m.en)
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn language_resolution_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::resolve(Some(Lang::En), env(&[("ZICHA_LANG", "zh")])),
            Lang::En
        );
        assert_eq!(
            Lang::resolve(None, env(&[("ZICHA_LANG", "zh"), ("LANG", "en_US")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::resolve(None, env(&[("LC_ALL", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::resolve(None, env(&[("LC_ALL", "C"), ("LANG", "zh_CN")])),
            Lang::En
        );
        assert_eq!(
            Lang::resolve(None, env(&[("LC_MESSAGES", "zh_TW"), ("LANG", "en")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::resolve(None, env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(Lang::resolve(None, env(&[])), Lang::En);
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(
            fill("{a} and {b} and {c}", &[("a", &1), ("b", &"two")]),
            "1 and two and {c}"
        );
        assert_eq!(fill("open { brace", &[]), "open { brace");
    }
}
