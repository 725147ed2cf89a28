//! Reading many sessions of a few checklists: each file embeds its checklist, and sessions of one
//! checklist embed the same bytes. Rebuilding the index parsed that checklist (two thirds of each
//! file) and validated it again for every one of 1,000 files (issue 16).
//!
//! [`parse_session_cached`] finds the embedded checklist's bytes where zicha writes them, and when
//! this thread has seen those exact bytes before, parses the file with them replaced by a
//! one-character placeholder string and puts the checklist parsed before in its place. The result
//! is the same as [`super::store::parse_session`]'s, for every input:
//!
//! - the cached checklist was parsed from the same bytes, alone, with the same options (and one
//!   level less of nesting allowed), and a RON value's parse depends only on its bytes once the
//!   file has no `#![enable(…)]` attributes: only files that open with `(` take this path;
//! - the placeholder counts only if the `checklist` field read it, borrowed from the very address
//!   it was put at ([`checklist_field`]): a span that was not that field's value (the bytes found
//!   inside a string, say) fails to parse or fails that check, and so does a second `checklist`
//!   field;
//! - anything that fails, or any file not in the current format, is parsed again by the full
//!   path, which gives the error its true line and column. The fast path never reports an error.

use std::cell::RefCell;
use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::model::{FORMAT, Session};
use super::store::{Loaded, RECURSION_LIMIT, parse_session, validated_answers};
use crate::checklist::Checklist;
use crate::error::Result;

/// Where zicha's writer puts the embedded checklist: its value starts after this…
const OPEN: &str = "\n  checklist: (";
/// …and ends with the `)` of this.
const CLOSE: &str = "\n  ),\n  answers: [";
/// The string the checklist's bytes are replaced by (its quotes included).
const PLACEHOLDER: &str = "\"c\"";
/// Checklists kept per thread: a data dir holds sessions of a few checklists (and versions).
const KEEP: usize = 8;

struct Cached {
    bytes: String,
    checklist: Checklist,
    fingerprint: u64,
}

thread_local! {
    static CACHE: RefCell<Vec<Cached>> = const { RefCell::new(Vec::new()) };
    /// Set only while a spliced file is parsed: the placeholder's address and the checklist to put
    /// in its place.
    static SPLICE: RefCell<Option<(usize, Checklist)>> = const { RefCell::new(None) };
}

/// The `checklist` field of [`Session`]: a checklist, or, while [`parse_session_cached`] parses a
/// spliced file, the placeholder at the one address it was put at.
pub(super) fn checklist_field<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Checklist, D::Error> {
    let Some((at, checklist)) = SPLICE.with(|s| s.borrow_mut().take()) else {
        return Checklist::deserialize(d);
    };
    let s = <&'de str>::deserialize(d)?;
    if s.as_ptr() as usize == at && s.len() == PLACEHOLDER.len() - 2 {
        Ok(checklist)
    } else {
        Err(serde::de::Error::custom("not the spliced checklist"))
    }
}

/// [`parse_session`], fast for a file whose embedded checklist this thread has read before; with
/// the checklist's fingerprint when it was cached (`None`: compute it).
pub fn parse_session_cached(path: &Path, bytes: &[u8]) -> Result<(Loaded, Option<u64>)> {
    if let Some(fast) = fast(bytes) {
        return Ok(fast);
    }
    parse_session(path, bytes).map(|l| (l, None))
}

fn fast(bytes: &[u8]) -> Option<(Loaded, Option<u64>)> {
    let text = std::str::from_utf8(bytes).ok()?;
    if !text.starts_with('(') {
        return None;
    }
    let start = text.find(OPEN)? + OPEN.len() - 1;
    let (end, checklist, fingerprint) = cached(text, start)?;
    let mut spliced = String::with_capacity(text.len() - (end - start) + PLACEHOLDER.len());
    spliced.push_str(&text[..start]);
    spliced.push_str(PLACEHOLDER);
    spliced.push_str(&text[end..]);
    let at = spliced.as_ptr() as usize + start + 1;
    // The form zicha writes, read by the fast deserializer; anything else by `ron`.
    let (session, unused) =
        spliced_parse(at, checklist, || super::canonical::from_str(&spliced).ok());
    let session = match session {
        Some(session) => session,
        None => {
            let checklist = match unused {
                Some(c) => c,
                None => cached(text, start)?.1,
            };
            spliced_parse(at, checklist, || {
                super::store::ron_options().from_str(&spliced).ok()
            })
            .0?
        }
    };
    if session.format != FORMAT {
        return None;
    }
    let session = validated_answers(session)?;
    Some((
        Loaded {
            session,
            format: FORMAT,
        },
        Some(fingerprint),
    ))
}

/// `parse` run with the placeholder at `at` standing for `checklist`: the session only if it read
/// the placeholder there, and the checklist back if nothing took it.
pub(super) fn spliced_parse(
    at: usize,
    checklist: Checklist,
    parse: impl FnOnce() -> Option<Session>,
) -> (Option<Session>, Option<Checklist>) {
    SPLICE.with(|s| *s.borrow_mut() = Some((at, checklist)));
    let parsed = parse();
    // Never left set for a later parse (the field takes it when it reads it).
    let unused = SPLICE.with(|s| s.borrow_mut().take()).map(|(_, c)| c);
    (parsed.filter(|_| unused.is_none()), unused)
}

/// Where the checklist that starts at `start` ends, and the checklist its bytes make, from this
/// thread's cache or parsed and checked now; `None` when they make no valid checklist (the full
/// path then says why).
fn cached(text: &str, start: usize) -> Option<(usize, Checklist, u64)> {
    // Its `)`, and the `,` and `answers` that follow.
    let close = &CLOSE[4..];
    let rest = &text[start..];
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let hit = cache.iter().position(|c| {
            rest.starts_with(c.bytes.as_str()) && rest[c.bytes.len()..].starts_with(close)
        });
        if let Some(i) = hit {
            // Most recent first: a run of sessions of one checklist finds it at once.
            cache[..=i].rotate_right(1);
            let c = &cache[0];
            return Some((start + c.bytes.len(), c.checklist.clone(), c.fingerprint));
        }
        let span = &rest[..rest.find(CLOSE)? + 4];
        let options = super::store::ron_options().with_recursion_limit(RECURSION_LIMIT - 1);
        let checklist: Checklist = options.from_str(span).ok()?;
        if !crate::checklist::validate("", &checklist).is_empty() {
            return None;
        }
        let fingerprint = super::index::fingerprint(&checklist);
        cache.insert(
            0,
            Cached {
                bytes: span.to_string(),
                checklist: checklist.clone(),
                fingerprint,
            },
        );
        cache.truncate(KEEP);
        Some((start + span.len(), checklist, fingerprint))
    })
}
