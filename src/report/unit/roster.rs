//! The roster: who should hand in. A text file of names, one a line (blank lines and `#` comments
//! skipped), or a CSV whose header has a 姓名 or name column (and optionally 单位 or unit, which then
//! tells apart two people of one name). A UTF-8 BOM is tolerated, as Excel writes one.

use std::path::Path;

use super::model::Member;
use crate::checklist::ProblemKind;
use crate::error::{Error, Result};

/// Roster files larger than this are refused (a roster of 100,000 names is far below it).
pub const MAX_ROSTER_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    pub name: String,
    pub unit: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Roster {
    pub entries: Vec<RosterEntry>,
}

impl Roster {
    /// Parses a roster file's bytes; `path` is only for messages.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Roster> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let (line, col) = crate::checklist::load::line_col(bytes, e.valid_up_to());
            Error::Damaged {
                path: path.to_path_buf(),
                line,
                col,
                kind: ProblemKind::InvalidUtf8,
            }
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let mut roster = if first.contains(',') {
            Self::parse_csv(path, text)?
        } else {
            Roster {
                entries: text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(|name| RosterEntry {
                        name: name.to_string(),
                        unit: None,
                    })
                    .collect(),
            }
        };
        let mut seen = std::collections::HashSet::new();
        roster
            .entries
            .retain(|e| seen.insert((e.name.clone(), e.unit.clone())));
        Ok(roster)
    }

    fn parse_csv(path: &Path, text: &str) -> Result<Roster> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let bad = |line: usize, msg: String| Error::Damaged {
            path: path.to_path_buf(),
            line,
            col: 1,
            kind: ProblemKind::Unreadable(msg),
        };
        let headers = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
        let find = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
        };
        let Some(name_col) = find(&["姓名", "name"]) else {
            return Err(Error::RosterNoNameColumn(path.to_path_buf()));
        };
        let unit_col = find(&["单位", "unit"]);
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                bad(line, e.to_string())
            })?;
            let Some(name) = record.get(name_col).filter(|n| !n.is_empty()) else {
                continue;
            };
            entries.push(RosterEntry {
                name: name.to_string(),
                unit: unit_col
                    .and_then(|c| record.get(c))
                    .filter(|u| !u.is_empty())
                    .map(String::from),
            });
        }
        Ok(Roster { entries })
    }

    /// Whether `member` answers to roster entry `e`: the same name, and the same unit where both
    /// give one. A member who gave no unit answers to the only entry of that name (with two
    /// entries of the name, the unit is needed to tell which).
    fn answers(&self, e: &RosterEntry, member: &Member) -> bool {
        if member.respondent.name.as_deref() != Some(e.name.as_str()) {
            return false;
        }
        match (&e.unit, &member.respondent.unit) {
            (None, _) => true,
            (Some(u), Some(m)) => u == m,
            (Some(_), None) => self.entries.iter().filter(|x| x.name == e.name).count() == 1,
        }
    }

    /// The roster's names that no member answers to ([`Roster::answers`]). In roster order.
    pub fn missing(&self, members: &[Member]) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| !members.iter().any(|m| self.answers(e, m)))
            .map(|e| match &e.unit {
                Some(u) if self.entries.iter().filter(|x| x.name == e.name).count() > 1 => {
                    format!("{} ({u})", e.name)
                }
                _ => e.name.clone(),
            })
            .collect()
    }

    /// The members (indices) who answer to no entry of the roster: they handed in although the
    /// roster does not name them (a misspelt name, another unit's member).
    pub fn not_on(&self, members: &[Member]) -> Vec<usize> {
        (0..members.len())
            .filter(|&i| !self.entries.iter().any(|e| self.answers(e, &members[i])))
            .collect()
    }
}
