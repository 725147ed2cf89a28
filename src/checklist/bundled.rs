//! The checklists compiled into the binary, so zicha runs with no files installed.

use super::model::Checklist;

/// File name and text of each bundled checklist, in the order they are listed.
pub const FILES: &[(&str, &str)] = &[
    (
        "four-winds-25.ron",
        include_str!("../../checklists/four-winds-25.ron"),
    ),
    (
        "special-rectification-21.ron",
        include_str!("../../checklists/special-rectification-21.ron"),
    ),
];

/// Parses every bundled checklist. They are tested to be valid, so a failure here is a build defect;
/// it is still returned as problems rather than a panic.
pub fn all() -> Vec<(&'static str, Result<Checklist, Vec<super::Problem>>)> {
    FILES
        .iter()
        .map(|(name, text)| (*name, super::parse(name, text.as_bytes())))
        .collect()
}
