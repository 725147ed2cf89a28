//! A serde deserializer for the part of RON that zicha's own writer produces (`store::to_ron`):
//! structs as `(name: value, …)`, lists, `Some(…)`/`None`, plain decimal integers, strings without
//! escapes (`"…"`, or raw `r#"…"#` when the text has quotes), identifiers for enum variants, and
//! spaces, tabs and line breaks between them. It is five to ten times faster than `ron` on a
//! session file, because `ron` decodes every character through a general grammar (issue 16:
//! rebuilding the index for 1,000 sessions).
//!
//! It refuses everything else — comments, escapes, named structs, `#![enable]` attributes, floats,
//! other number forms, booleans, a struct where any value may stand (a checklist's bilingual
//! texts: the checklist is not read through here), unknown fields (through the types' own
//! `deny_unknown_fields`) —
//! with [`Refused`], and the caller then parses the file with `ron`. Whatever it accepts, `ron`
//! reads as the same value: each construct here is one that `ron` reads the same way, and the
//! types' derived `Deserialize` impls do the rest exactly as they do for `ron`. `tests/fastparse.rs`
//! compares the two on forged files and random edits.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

/// Not in the form zicha writes (or not valid at all): parse it with `ron` instead.
#[derive(Debug)]
pub struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not in the form zicha writes")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Refused {
        Refused
    }
}

type Result<T> = std::result::Result<T, Refused>;

/// Far deeper than any session file nests, far below `ron`'s own limit.
const MAX_DEPTH: usize = 24;

/// `T` from `text`, or [`Refused`].
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T> {
    let mut d = Deserializer {
        src: text,
        pos: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut d)?;
    d.ws()?;
    if d.pos == d.src.len() {
        Ok(value)
    } else {
        Err(Refused)
    }
}

struct Deserializer<'de> {
    src: &'de str,
    pos: usize,
    depth: usize,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'de> Deserializer<'de> {
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    /// Skips spaces, tabs and line breaks; refuses a comment (`ron` would skip it, and the
    /// caller's `ron` parse will).
    fn ws(&mut self) -> Result<()> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\n' | b'\t' | b'\r' => self.pos += 1,
                b'/' => return Err(Refused),
                _ => break,
            }
        }
        Ok(())
    }

    fn eat(&mut self, b: u8) -> Result<()> {
        self.ws()?;
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Refused)
        }
    }

    /// The identifier at the cursor (ASCII letters, digits and `_`, not starting with a digit).
    fn ident(&mut self) -> Result<&'de str> {
        self.ws()?;
        let bytes = self.src.as_bytes();
        let start = self.pos;
        match bytes.get(start) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return Err(Refused),
        }
        let mut end = start + 1;
        while bytes.get(end).is_some_and(|&b| is_ident(b)) {
            end += 1;
        }
        // `r#…` or `r"…"` is a raw string or identifier, not this identifier.
        if matches!(bytes.get(end), Some(b'#' | b'"')) {
            return Err(Refused);
        }
        self.pos = end;
        Ok(&self.src[start..end])
    }

    /// Consumes the keyword `word` if it is the whole identifier at the cursor.
    fn keyword(&mut self, word: &str) -> Result<bool> {
        self.ws()?;
        let rest = &self.src.as_bytes()[self.pos..];
        if rest.starts_with(word.as_bytes()) && !rest.get(word.len()).is_some_and(|&b| is_ident(b))
        {
            self.pos += word.len();
            return Ok(true);
        }
        Ok(false)
    }

    /// A string without escapes: `"…"` or raw `r"…"`, `r#"…"#`, … (borrowed from the input).
    fn string(&mut self) -> Result<&'de str> {
        self.ws()?;
        let bytes = self.src.as_bytes();
        match bytes.get(self.pos) {
            Some(b'"') => {
                let start = self.pos + 1;
                let len = bytes[start..]
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\')
                    .ok_or(Refused)?;
                if bytes[start + len] == b'\\' {
                    return Err(Refused);
                }
                self.pos = start + len + 1;
                Ok(&self.src[start..start + len])
            }
            Some(b'r') => {
                let hashes = bytes[self.pos + 1..]
                    .iter()
                    .take_while(|&&b| b == b'#')
                    .count();
                let open = self.pos + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    return Err(Refused);
                }
                let start = open + 1;
                let mut at = start;
                loop {
                    let len = bytes[at..].iter().position(|&b| b == b'"').ok_or(Refused)?;
                    let quote = at + len;
                    let after = &bytes[quote + 1..];
                    if after.len() >= hashes && after[..hashes].iter().all(|&b| b == b'#') {
                        self.pos = quote + 1 + hashes;
                        return Ok(&self.src[start..quote]);
                    }
                    at = quote + 1;
                }
            }
            _ => Err(Refused),
        }
    }

    /// A plain decimal integer: `0`, or digits not starting with `0`, after an optional `-`.
    fn integer(&mut self) -> Result<Integer> {
        self.ws()?;
        let bytes = self.src.as_bytes();
        let negative = bytes.get(self.pos) == Some(&b'-');
        let start = self.pos + usize::from(negative);
        let digits = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = start + digits;
        // A leading `0` only as the whole number, and never after `-` (a sign on nothing).
        let zero_first = digits > 0 && bytes[start] == b'0';
        let ok = digits > 0
            && !(zero_first && (digits > 1 || negative))
            // `1.5`, `1e3`, `1_000`, `1..2`, `0x1`, `1u8`: other forms `ron` knows.
            && !bytes.get(end).is_some_and(|&b| is_ident(b) || b == b'.');
        if !ok {
            return Err(Refused);
        }
        // With its `-`: `i64::MIN` has no positive counterpart.
        let text = &self.src[self.pos..end];
        self.pos = end;
        if negative {
            text.parse().map(Integer::Signed).map_err(|_| Refused)
        } else {
            text.parse().map(Integer::Unsigned).map_err(|_| Refused)
        }
    }

    /// After a list element or struct field: a `,`, or the closing `close` (not consumed).
    fn comma_or(&mut self, close: u8) -> Result<()> {
        self.ws()?;
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(())
            }
            Some(b) if b == close => Ok(()),
            _ => Err(Refused),
        }
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(Refused);
        }
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }
}

enum Integer {
    Signed(i64),
    Unsigned(u64),
}

impl Integer {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Integer::Signed(v) => visitor.visit_i64(v),
            Integer::Unsigned(v) => visitor.visit_u64(v),
        }
    }
}

macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.integer()?.visit(visitor)
        }
    )*};
}

/// An unsigned type takes no sign at all here (whether `ron` reads `-0` as one is not our guess).
macro_rules! unsigned {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.integer()? {
                Integer::Unsigned(v) => visitor.visit_u64(v),
                Integer::Signed(_) => Err(Refused),
            }
        }
    )*};
}

macro_rules! refused {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
            Err(Refused)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Refused;

    /// What a `Rating` is read with: an integer, a string, `None`, `Some(…)` or `()`.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.ws()?;
        match self.peek() {
            Some(b'0'..=b'9' | b'-') => self.integer()?.visit(visitor),
            Some(b'"' | b'r') => visitor.visit_borrowed_str(self.string()?),
            Some(b'N' | b'S') => self.deserialize_option(visitor),
            // Exactly `()`, as `ron` reads a unit here (`( )` it reads as something else).
            Some(b'(') if self.src.as_bytes()[self.pos..].starts_with(b"()") => {
                self.pos += 2;
                visitor.visit_unit()
            }
            _ => Err(Refused),
        }
    }

    integers! { deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 }

    unsigned! { deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 }

    refused! {
        deserialize_bool deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_map deserialize_ignored_any
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.string()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.keyword("None")? {
            return visitor.visit_none();
        }
        if !self.keyword("Some")? {
            return Err(Refused);
        }
        self.eat(b'(')?;
        let v = self.nested(|d| visitor.visit_some(&mut *d))?;
        self.comma_or(b')')?;
        self.eat(b')')?;
        Ok(v)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value> {
        Err(Refused)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value> {
        Err(Refused)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.eat(b'[')?;
        let v = self.nested(|d| visitor.visit_seq(List { d }))?;
        self.eat(b']')?;
        Ok(v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Refused)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value> {
        Err(Refused)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.eat(b'(')?;
        let v = self.nested(|d| visitor.visit_map(Fields { d }))?;
        self.eat(b')')?;
        Ok(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(Variant { d: self })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }
}

/// The elements of a list, up to its `]`.
struct List<'a, 'de> {
    d: &'a mut Deserializer<'de>,
}

impl<'de> de::SeqAccess<'de> for List<'_, 'de> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        self.d.ws()?;
        if self.d.peek() == Some(b']') {
            return Ok(None);
        }
        let v = seed.deserialize(&mut *self.d)?;
        self.d.comma_or(b']')?;
        Ok(Some(v))
    }
}

/// The fields of a struct, up to its `)`.
struct Fields<'a, 'de> {
    d: &'a mut Deserializer<'de>,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        self.d.ws()?;
        if self.d.peek() == Some(b')') {
            return Ok(None);
        }
        let name = self.d.ident()?;
        self.d.eat(b':')?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        let v = seed.deserialize(&mut *self.d)?;
        self.d.comma_or(b')')?;
        Ok(v)
    }
}

/// An enum value: a variant's name, then `(value)` for a newtype variant.
struct Variant<'a, 'de> {
    d: &'a mut Deserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = Refused;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self)> {
        let name = self.d.ident()?;
        let v = seed.deserialize(de::value::BorrowedStrDeserializer::<Refused>::new(name))?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Refused;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.d.eat(b'(')?;
        let v = self.d.nested(|d| seed.deserialize(&mut *d))?;
        self.d.comma_or(b')')?;
        self.d.eat(b')')?;
        Ok(v)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Refused)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(Refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Rating, Session};

    fn four_winds_session() -> Session {
        let c = crate::checklist::bundled::all()
            .into_iter()
            .find_map(|(_, c)| c.ok())
            .unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap();
        let mut s = Session::new("20261123-x".into(), c, now);
        s.answers[0].rating = Rating::Value(3);
        s.answers[1].rating = Rating::NotApplicable;
        s.answers[0].manifestation = "引号 \"x\" 与 r#\"y\"# 和 \\".into();
        s.label = Some("多行\n  缩进".into());
        s.position = Some(crate::session::Position {
            item: "f1".into(),
            field: crate::session::Field::Action(0),
        });
        s
    }

    /// `text` read here with its checklist spliced out, as `fastparse` reads it.
    fn read(text: &str, s: &Session) -> Option<Session> {
        let start = text.find("\n  checklist: (").unwrap() + "\n  checklist: ".len();
        let end = text.find("\n  ),\n  answers: [").unwrap() + "\n  )".len();
        let spliced = format!("{}\"c\"{}", &text[..start], &text[end..]);
        let at = spliced.as_ptr() as usize + start + 1;
        super::super::fastparse::spliced_parse(at, s.checklist.clone(), || {
            from_str::<Session>(&spliced).ok()
        })
        .0
    }

    #[test]
    fn reads_what_zicha_writes_once_the_checklist_is_spliced_out() {
        let s = four_winds_session();
        let text = crate::session::store::to_ron(&s).unwrap();
        assert_eq!(read(&text, &s), Some(s.clone()));
        // Not the text with its checklist: a checklist's bilingual texts are not read here.
        assert!(from_str::<Session>(&text).is_err());
    }

    #[test]
    fn refuses_what_ron_might_read_otherwise() {
        let s = four_winds_session();
        let text = crate::session::store::to_ron(&s).unwrap();
        assert!(read(&text, &s).is_some());
        for (from, to) in [
            ("rating: 3,", "rating: ( ),"),
            ("rating: 3,", "rating: 3.0,"),
            ("rating: 3,", "rating: 0x3,"),
            ("rating: 3,", "rating: 03,"),
            ("rating: 3,", "rating: +3,"),
            ("rating: 3,", "rating: 3u8,"),
            ("rating: 3,", "rating: 3, // 注"),
            ("rating: 3,", "rating: true,"),
            ("rating: 3,", "rating: -0,"),
            ("format: 2,", "format: -2,"),
            ("field: action(0)", "field: action(-0)"),
            ("field: action(0)", "field: action(+0)"),
            ("format: 2,", "format: 2_0,"),
            ("id: \"20261123-x\"", "id: \"20261123-\\x\""),
            ("id: \"20261123-x\"", "id: \"20261123-\\u{78}\""),
            ("id: \"20261123-x\"", "r#id: \"20261123-x\""),
            ("label: Some(", "label: Some /* */ ("),
            ("(\n  format", "Session(\n  format"),
            ("manifestation: \"\",", "manifestation: b\"\","),
            ("manifestation: \"\",", "manifestation: \"\"\u{b},"),
            ("manifestation: \"\",", "manifestation: \"\"\u{2028},"),
            ("field: action(0)", "field: r#rating"),
        ] {
            let edited = text.replacen(from, to, 1);
            assert_ne!(edited, text, "{to}");
            assert!(read(&edited, &s).is_none(), "{to}");
        }
        assert!(read(&format!("{text} x"), &s).is_none());
    }
}
