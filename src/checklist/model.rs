//! The checklist as data: what a published list of items looks like once loaded.
//!
//! These types are shared by the loader (user RON files), the session files (which embed a checklist)
//! and the JSON export. They hold no behaviour beyond small look-ups.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::i18n::Lang;

/// A text in both languages. In a file it is either a plain string (the same in both) or `(zh: "…", en: "…")`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            zh: s.clone(),
            en: s,
        }
    }

    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// True when either language contains `needle` (case-insensitive for ASCII/Latin text).
    pub fn contains_ignore_case(&self, needle_lower: &str) -> bool {
        self.zh.to_lowercase().contains(needle_lower)
            || self.en.to_lowercase().contains(needle_lower)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if self.zh == self.en {
            serializer.serialize_str(&self.zh)
        } else {
            let mut s = serializer.serialize_struct("Text", 2)?;
            s.serialize_field("zh", &self.zh)?;
            s.serialize_field("en", &self.en)?;
            s.end()
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a string or (zh: "…", en: "…")"#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::same(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text::same(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let (mut zh, mut en) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "zh" => zh = Some(map.next_value::<String>()?),
                        "en" => en = Some(map.next_value::<String>()?),
                        other => return Err(de::Error::unknown_field(other, &["zh", "en"])),
                    }
                }
                match (zh, en) {
                    (Some(zh), Some(en)) => Ok(Text { zh, en }),
                    (None, _) => Err(de::Error::missing_field("zh")),
                    (_, None) => Err(de::Error::missing_field("en")),
                }
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// One level of the rating scale. Higher value = more serious.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub value: i64,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// Where a finding came from (群众提, 自己找, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingSource {
    pub id: String,
    pub label: Text,
}

/// A prompt of the cause analysis (原因剖析).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CausePrompt {
    pub id: String,
    pub prompt: Text,
}

/// One thing to examine oneself against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub title: Text,
    pub items: Vec<Item>,
}

/// A published list of items in groups, with a rating scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub id: String,
    pub version: u32,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    pub source: Text,
    pub scale: Vec<Level>,
    pub sources: Vec<FindingSource>,
    #[serde(default)]
    pub causes: Vec<CausePrompt>,
    pub groups: Vec<Group>,
}

impl Checklist {
    /// All items in order, with the group each belongs to.
    pub fn items(&self) -> impl Iterator<Item = (&Group, &Item)> {
        self.groups
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| (g, i)))
    }

    pub fn item_count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }

    pub fn level(&self, value: i64) -> Option<&Level> {
        self.scale.iter().find(|l| l.value == value)
    }

    /// The least serious level ("not present"); problems are ratings above it.
    pub fn lowest_value(&self) -> Option<i64> {
        self.scale.iter().map(|l| l.value).min()
    }

    pub fn finding_source(&self, id: &str) -> Option<&FindingSource> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn cause(&self, id: &str) -> Option<&CausePrompt> {
        self.causes.iter().find(|c| c.id == id)
    }
}
