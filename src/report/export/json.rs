//! The whole session as JSON, for scripts: the contract of SPEC §7 (`export --format json`).
//!
//! It is the session's own serde form, so `zicha import` reads it back into an equal session. The
//! field names are a contract: `tests/export.rs` pins them.

use crate::error::{Encoded, Error, Result};
use crate::session::Session;

/// The session as pretty-printed JSON with a final newline.
pub fn json(session: &Session) -> Result<String> {
    let mut text = serde_json::to_string_pretty(session).map_err(|e| Error::Encode {
        what: Encoded::Json,
        reason: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}
