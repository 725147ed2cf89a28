//! Reading a checklist from RON text and reporting *every* problem in it.
//!
//! Serde stops at the first error, so user files are parsed in two steps: ron turns the text into a
//! generic value tree (syntax errors carry line and column), then a walker builds the typed
//! [`Checklist`] from that tree, collecting every wrong type, missing or unknown field on the way with
//! its field path. [`super::validate`] then adds the semantic checks (ids, scale, empty groups).

use ron::Value;
use ron::value::Number;

use super::model::{CausePrompt, Checklist, FindingSource, Group, Item, Level, Text};
use super::problem::{Location, Problem, ProblemKind};
use super::validate;

/// A checklist file may be at most this large; real ones are a few KiB.
pub const MAX_CHECKLIST_BYTES: u64 = 1024 * 1024;

/// ron's nesting limit; deeper input is an error, not a stack overflow.
const RECURSION_LIMIT: usize = 64;

/// Parses and validates `bytes` read from `file` (used only to name it in problems).
pub fn parse(file: &str, bytes: &[u8]) -> Result<Checklist, Vec<Problem>> {
    let problem = |at, kind| {
        vec![Problem {
            file: file.to_string(),
            at,
            kind,
        }]
    };
    if bytes.len() as u64 > MAX_CHECKLIST_BYTES {
        return Err(problem(
            Location::Field(String::new()),
            ProblemKind::TooLarge {
                bytes: bytes.len() as u64,
                limit: MAX_CHECKLIST_BYTES,
            },
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = line_col(bytes, e.valid_up_to());
            return Err(problem(
                Location::Pos { line, col },
                ProblemKind::InvalidUtf8,
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(problem(
            Location::Pos { line: 1, col: 1 },
            ProblemKind::EmptyFile,
        ));
    }
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let value: Value = match options.from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Err(problem(
                Location::Pos {
                    line: e.span.start.line,
                    col: e.span.start.col,
                },
                syntax_kind(&e.code),
            ));
        }
    };
    let mut walker = Walker {
        file,
        problems: Vec::new(),
    };
    // Every problem in one pass (SPEC §2): the walker stands a placeholder in for each bad part, so
    // the semantic checks still run on the rest. A semantic problem inside a part the walker already
    // reported (the empty text of a missing field) is the same problem, told once.
    let checklist = walker.checklist(&value);
    let mut problems = walker.problems;
    if let Some(checklist) = &checklist {
        let reported: Vec<String> = problems
            .iter()
            .filter_map(|p| match &p.at {
                Location::Field(path) => Some(path.clone()),
                Location::Pos { .. } => None,
            })
            .collect();
        problems.extend(
            validate::validate(file, checklist)
                .into_iter()
                .filter(|p| match &p.at {
                    Location::Field(path) => !reported.iter().any(|r| within(path, r)),
                    Location::Pos { .. } => true,
                }),
        );
    }
    match checklist {
        Some(c) if problems.is_empty() => Ok(c),
        _ => Err(problems),
    }
}

/// True when field path `path` is `outer` or lies inside it (`groups[1].id` in `groups[1]`, not in
/// `groups[10]`).
fn within(path: &str, outer: &str) -> bool {
    path == outer
        || path
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// What a ron error means, in our words: never ron's own text where it would name our internal
/// types (`FormatProbe`), tell the user to change parser options (`recursion_limit`) or quote what
/// the file holds (a linked `/etc/shadow` must not have its first word echoed).
pub(crate) fn syntax_kind(code: &ron::Error) -> ProblemKind {
    use ron::Error as E;
    let expected = |what: &'static str| ProblemKind::Expected { what };
    match code {
        E::ExceededRecursionLimit => ProblemKind::TooDeep {
            limit: RECURSION_LIMIT,
        },
        E::Eof => ProblemKind::UnexpectedEnd,
        E::MissingStructField { field, .. } => ProblemKind::MissingNamed { field },
        E::DuplicateStructField { field, .. } => ProblemKind::DuplicateField { field },
        E::NoSuchStructField { expected, .. } => ProblemKind::UnknownField { allowed: expected },
        E::NoSuchEnumVariant { expected, .. } => ProblemKind::UnknownVariant { allowed: expected },
        E::ExpectedArray => expected("["),
        E::ExpectedArrayEnd => expected("]"),
        E::ExpectedComma => expected(","),
        E::ExpectedMap => expected("{"),
        E::ExpectedMapColon => expected(":"),
        E::ExpectedMapEnd => expected("}"),
        E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedDifferentStructName { .. } => expected("("),
        E::ExpectedStructLikeEnd => expected(")"),
        E::ExpectedString | E::ExpectedStringEnd | E::ExpectedByteString => expected("\""),
        E::ExpectedBoolean => expected("true / false"),
        E::ExpectedOption | E::ExpectedOptionEnd => expected("Some(…) / None"),
        E::ExpectedUnit => expected("()"),
        E::ExpectedInteger | E::ExpectedFloat | E::IntegerOutOfBounds => expected("0-9"),
        E::ExpectedChar => expected("'…'"),
        E::ExpectedIdentifier | E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) => {
            expected("a-z")
        }
        E::TrailingCharacters => ProblemKind::TrailingText,
        E::UnclosedBlockComment | E::UnclosedLineComment => ProblemKind::UnexpectedEnd,
        E::Utf8Error(_) => ProblemKind::InvalidUtf8,
        // serde's own messages (`invalid type: string "…"`) quote the file: say what, not what it held.
        _ => ProblemKind::BadValue,
    }
}

/// 1-based line and column (in characters) of byte `offset`, counting only the valid UTF-8 before it.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "bool",
        Value::Char(_) => "char",
        Value::Map(_) => "struct",
        Value::Number(Number::F32(_) | Number::F64(_)) => "float",
        Value::Number(_) => "integer",
        Value::Option(_) => "option",
        Value::String(_) => "string",
        Value::Bytes(_) => "bytes",
        Value::Seq(_) => "list",
        Value::Unit => "()",
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// Walks a ron value tree into typed data, noting every problem rather than stopping at the first.
struct Walker<'f> {
    file: &'f str,
    problems: Vec<Problem>,
}

/// The fields of one struct in the tree, checked against the names it may have.
struct Fields<'v> {
    path: String,
    entries: Vec<(&'v str, &'v Value)>,
}

impl<'f> Walker<'f> {
    fn report(&mut self, path: impl Into<String>, kind: ProblemKind) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            at: Location::Field(path.into()),
            kind,
        });
    }

    fn wrong_type(&mut self, path: &str, expected: &'static str, v: &Value) {
        self.report(
            path,
            ProblemKind::WrongType {
                expected,
                found: kind_of(v),
            },
        );
    }

    /// Opens a struct: reports unknown fields and returns the known ones.
    fn fields<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        allowed: &'static [&'static str],
    ) -> Option<Fields<'v>> {
        let Value::Map(map) = v else {
            self.wrong_type(path, "struct", v);
            return None;
        };
        let mut entries = Vec::with_capacity(map.len());
        for (k, val) in map.iter() {
            match k {
                Value::String(name) if allowed.contains(&name.as_str()) => {
                    entries.push((name.as_str(), val))
                }
                Value::String(name) => {
                    self.report(join(path, name), ProblemKind::UnknownField { allowed })
                }
                other => self.wrong_type(path, "struct with named fields", other),
            }
        }
        Some(Fields {
            path: path.to_string(),
            entries,
        })
    }

    fn get<'v>(
        &mut self,
        f: &Fields<'v>,
        name: &str,
        required: bool,
    ) -> Option<(&'v Value, String)> {
        let path = join(&f.path, name);
        match f.entries.iter().find(|(n, _)| *n == name) {
            // `Some(x)` for an optional field is accepted as well as the bare value.
            Some((_, Value::Option(Some(inner)))) if !required => Some((inner.as_ref(), path)),
            Some((_, Value::Option(None))) if !required => None,
            Some((_, v)) => Some((v, path)),
            None => {
                if required {
                    self.report(path, ProblemKind::MissingField);
                }
                None
            }
        }
    }

    fn string(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(path, "string", other);
                None
            }
        }
    }

    fn text(&mut self, v: &Value, path: &str) -> Option<Text> {
        match v {
            Value::String(s) => Some(Text::same(s.clone())),
            Value::Map(_) => {
                let f = self.fields(v, path, &["zh", "en"])?;
                let zh = self
                    .get(&f, "zh", true)
                    .and_then(|(v, p)| self.string(v, &p));
                let en = self
                    .get(&f, "en", true)
                    .and_then(|(v, p)| self.string(v, &p));
                Some(Text { zh: zh?, en: en? })
            }
            other => {
                self.wrong_type(path, r#"string or (zh: "…", en: "…")"#, other);
                None
            }
        }
    }

    fn integer(&mut self, v: &Value, path: &str) -> Option<i64> {
        let n = match v {
            Value::Number(n) => match *n {
                Number::I8(x) => Some(i64::from(x)),
                Number::I16(x) => Some(i64::from(x)),
                Number::I32(x) => Some(i64::from(x)),
                Number::I64(x) => Some(x),
                Number::U8(x) => Some(i64::from(x)),
                Number::U16(x) => Some(i64::from(x)),
                Number::U32(x) => Some(i64::from(x)),
                Number::U64(x) => match i64::try_from(x) {
                    Ok(x) => Some(x),
                    Err(_) => {
                        self.report(
                            path,
                            ProblemKind::NumberRange {
                                value: x.to_string(),
                            },
                        );
                        return None;
                    }
                },
                _ => None,
            },
            _ => None,
        };
        if n.is_none() {
            self.wrong_type(path, "integer", v);
        }
        n
    }

    fn seq<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v [Value]> {
        match v {
            Value::Seq(items) => Some(items),
            other => {
                self.wrong_type(path, "list", other);
                None
            }
        }
    }

    /// Each element of a list through `each`; a bad element (already reported) is replaced by
    /// `placeholder` so that the others keep their index for the semantic checks.
    fn list<T>(
        &mut self,
        v: &Value,
        path: &str,
        mut each: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
        placeholder: impl Fn() -> T,
    ) -> Option<Vec<T>> {
        let items = self.seq(v, path)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(each(self, item, &format!("{path}[{i}]")).unwrap_or_else(&placeholder));
        }
        Some(out)
    }

    fn required_text(&mut self, f: &Fields, name: &str) -> Option<Text> {
        self.get(f, name, true).and_then(|(v, p)| self.text(v, &p))
    }

    fn optional_text(&mut self, f: &Fields, name: &str) -> Result<Option<Text>, ()> {
        match self.get(f, name, false) {
            Some((v, p)) => self.text(v, &p).map(Some).ok_or(()),
            None => Ok(None),
        }
    }

    fn required_string(&mut self, f: &Fields, name: &str) -> Option<String> {
        self.get(f, name, true)
            .and_then(|(v, p)| self.string(v, &p))
    }

    fn checklist(&mut self, v: &Value) -> Option<Checklist> {
        const FIELDS: &[&str] = &[
            "id",
            "version",
            "title",
            "description",
            "source",
            "scale",
            "sources",
            "causes",
            "groups",
        ];
        let f = self.fields(v, "", FIELDS)?;
        let id = self.required_string(&f, "id");
        let version = self.get(&f, "version", true).and_then(|(v, p)| {
            let n = self.integer(v, &p)?;
            match u32::try_from(n) {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    self.report(
                        p,
                        ProblemKind::NumberRange {
                            value: n.to_string(),
                        },
                    );
                    None
                }
            }
        });
        let title = self.required_text(&f, "title");
        let description = self.optional_text(&f, "description");
        let source = self.required_text(&f, "source");
        let scale = self
            .get(&f, "scale", true)
            .and_then(|(v, p)| self.list(v, &p, Self::level, placeholder_level));
        let sources = self
            .get(&f, "sources", true)
            .and_then(|(v, p)| self.list(v, &p, Self::finding_source, placeholder_source));
        let causes = match self.get(&f, "causes", false) {
            Some((v, p)) => self.list(v, &p, Self::cause, placeholder_cause),
            None => Some(Vec::new()),
        };
        let groups = self
            .get(&f, "groups", true)
            .and_then(|(v, p)| self.list(v, &p, Self::group, placeholder_group));
        // Bad parts stand in as placeholders (see `parse`); the problems list says what they were.
        Some(Checklist {
            id: id.unwrap_or_default(),
            version: version.unwrap_or(1),
            title: title.unwrap_or_else(placeholder_text),
            description: description.ok().flatten(),
            source: source.unwrap_or_else(placeholder_text),
            scale: scale.unwrap_or_default(),
            sources: sources.unwrap_or_default(),
            causes: causes.unwrap_or_default(),
            groups: groups.unwrap_or_default(),
        })
    }

    fn level(&mut self, v: &Value, path: &str) -> Option<Level> {
        let f = self.fields(v, path, &["value", "label", "description"])?;
        let value = self
            .get(&f, "value", true)
            .and_then(|(v, p)| self.integer(v, &p));
        let label = self.required_text(&f, "label");
        let description = self.optional_text(&f, "description");
        let base = placeholder_level();
        Some(Level {
            value: value.unwrap_or(base.value),
            label: label.unwrap_or(base.label),
            description: description.ok().flatten(),
        })
    }

    fn finding_source(&mut self, v: &Value, path: &str) -> Option<FindingSource> {
        let f = self.fields(v, path, &["id", "label"])?;
        let id = self.required_string(&f, "id");
        let label = self.required_text(&f, "label");
        Some(FindingSource {
            id: id.unwrap_or_default(),
            label: label.unwrap_or_else(placeholder_text),
        })
    }

    fn cause(&mut self, v: &Value, path: &str) -> Option<CausePrompt> {
        let f = self.fields(v, path, &["id", "prompt"])?;
        let id = self.required_string(&f, "id");
        let prompt = self.required_text(&f, "prompt");
        Some(CausePrompt {
            id: id.unwrap_or_default(),
            prompt: prompt.unwrap_or_else(placeholder_text),
        })
    }

    fn group(&mut self, v: &Value, path: &str) -> Option<Group> {
        let f = self.fields(v, path, &["id", "title", "items"])?;
        let id = self.required_string(&f, "id");
        let title = self.required_text(&f, "title");
        let items = self
            .get(&f, "items", true)
            .and_then(|(v, p)| self.list(v, &p, Self::item, placeholder_item));
        Some(Group {
            id: id.unwrap_or_default(),
            title: title.unwrap_or_else(placeholder_text),
            items: items.unwrap_or_default(),
        })
    }

    fn item(&mut self, v: &Value, path: &str) -> Option<Item> {
        let f = self.fields(v, path, &["id", "text", "hint"])?;
        let id = self.required_string(&f, "id");
        let text = self.required_text(&f, "text");
        let hint = self.optional_text(&f, "hint");
        Some(Item {
            id: id.unwrap_or_default(),
            text: text.unwrap_or_else(placeholder_text),
            hint: hint.ok().flatten(),
        })
    }
}

// Placeholders for parts that were reported bad: texts not empty (a missing `title.en` is one
// problem, not also an empty `title`), ids empty (their problem falls in the reported path and is
// dropped), values never equal to a real one.
fn placeholder_text() -> Text {
    Text::same("?")
}

fn placeholder_level() -> Level {
    Level {
        value: i64::MIN,
        label: placeholder_text(),
        description: None,
    }
}

fn placeholder_source() -> FindingSource {
    FindingSource {
        id: String::new(),
        label: placeholder_text(),
    }
}

fn placeholder_cause() -> CausePrompt {
    CausePrompt {
        id: String::new(),
        prompt: placeholder_text(),
    }
}

fn placeholder_group() -> Group {
    Group {
        id: String::new(),
        title: placeholder_text(),
        items: Vec::new(),
    }
}

fn placeholder_item() -> Item {
    Item {
        id: String::new(),
        text: placeholder_text(),
        hint: None,
    }
}
