//! Semantic checks on a well-typed checklist: ids, uniqueness, the scale, empty groups and texts.
//!
//! Used for user files, for imported sessions' embedded checklists and, in a test, for the bundled ones.

use std::collections::HashMap;

use super::model::{Checklist, Text};
use super::problem::{Location, Problem, ProblemKind};

/// Scale values must have a digit key each (the fill screen rates with `0`–`9`).
pub const SCALE_VALUES: std::ops::RangeInclusive<i64> = 0..=9;
pub const MIN_LEVELS: usize = 2;
pub const MAX_LEVELS: usize = 10;
pub const MAX_ID_LEN: usize = 64;

/// Lowercase ASCII letters, digits and `-`, not empty, not starting or ending with `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

pub fn validate(file: &str, c: &Checklist) -> Vec<Problem> {
    let mut v = Validator {
        file,
        problems: Vec::new(),
    };
    v.id(&c.id, "id");
    v.text(&c.title, "title");
    v.text(&c.source, "source");
    if let Some(d) = &c.description {
        v.text(d, "description");
    }

    if !(MIN_LEVELS..=MAX_LEVELS).contains(&c.scale.len()) {
        v.report(
            "scale",
            ProblemKind::ScaleLevels {
                count: c.scale.len(),
            },
        );
    }
    let mut values: HashMap<i64, String> = HashMap::new();
    for (i, level) in c.scale.iter().enumerate() {
        let path = format!("scale[{i}].value");
        if !SCALE_VALUES.contains(&level.value) {
            v.report(&path, ProblemKind::ScaleValueRange { value: level.value });
        }
        match values.get(&level.value) {
            Some(first) => {
                let first = first.clone();
                v.report(
                    &path,
                    ProblemKind::DuplicateScaleValue {
                        value: level.value,
                        first,
                    },
                );
            }
            None => {
                values.insert(level.value, path);
            }
        }
        v.text(&level.label, &format!("scale[{i}].label"));
    }

    let mut source_ids = HashMap::new();
    for (i, s) in c.sources.iter().enumerate() {
        v.unique_id(&mut source_ids, &s.id, format!("sources[{i}].id"));
        v.text(&s.label, &format!("sources[{i}].label"));
    }
    let mut cause_ids = HashMap::new();
    for (i, cause) in c.causes.iter().enumerate() {
        v.unique_id(&mut cause_ids, &cause.id, format!("causes[{i}].id"));
        v.text(&cause.prompt, &format!("causes[{i}].prompt"));
    }

    if c.groups.is_empty() {
        v.report("groups", ProblemKind::NoGroups);
    }
    let mut group_ids = HashMap::new();
    // Item ids are unique across the whole checklist: diff and trend match items by id alone.
    let mut item_ids = HashMap::new();
    for (g, group) in c.groups.iter().enumerate() {
        v.unique_id(&mut group_ids, &group.id, format!("groups[{g}].id"));
        v.text(&group.title, &format!("groups[{g}].title"));
        if group.items.is_empty() {
            v.report(&format!("groups[{g}].items"), ProblemKind::EmptyGroup);
        }
        for (i, item) in group.items.iter().enumerate() {
            v.unique_id(
                &mut item_ids,
                &item.id,
                format!("groups[{g}].items[{i}].id"),
            );
            v.text(&item.text, &format!("groups[{g}].items[{i}].text"));
        }
    }
    v.problems
}

struct Validator<'f> {
    file: &'f str,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn report(&mut self, path: &str, kind: ProblemKind) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            at: Location::Field(path.to_string()),
            kind,
        });
    }

    fn id(&mut self, id: &str, path: &str) -> bool {
        let ok = is_valid_id(id);
        if !ok {
            self.report(path, ProblemKind::BadId { id: id.to_string() });
        }
        ok
    }

    fn unique_id(&mut self, seen: &mut HashMap<String, String>, id: &str, path: String) {
        if !self.id(id, &path) {
            return;
        }
        match seen.get(id) {
            Some(first) => {
                let kind = ProblemKind::DuplicateId {
                    id: id.to_string(),
                    first: first.clone(),
                };
                self.report(&path, kind);
            }
            None => {
                seen.insert(id.to_string(), path);
            }
        }
    }

    fn text(&mut self, t: &Text, path: &str) {
        if t.zh.trim().is_empty() || t.en.trim().is_empty() {
            self.report(path, ProblemKind::EmptyText);
        }
    }
}
