//! Every kind of malformed checklist gets every problem reported, at the right place, in plain words.
//! Table-driven: each case is a broken file and the exact lines `zicha check` would print for it.

use zicha::checklist::parse;
use zicha::i18n::Lang;

/// A small valid checklist; most cases below break one thing in it.
const VALID: &str = r#"(
    id: "my-list",
    version: 1,
    title: (zh: "我的清单", en: "My list"),
    source: "Written by us",
    scale: [
        (value: 0, label: (zh: "无", en: "None")),
        (value: 1, label: (zh: "有", en: "Present")),
    ],
    sources: [(id: "self", label: (zh: "自己找", en: "Found by oneself"))],
    causes: [(id: "ideals", prompt: "理想信念")],
    groups: [
        (id: "g1", title: "第一组", items: [(id: "i1", text: "第一条"), (id: "i2", text: "第二条", hint: "提示")]),
        (id: "g2", title: "第二组", items: [(id: "i3", text: "第三条")]),
    ],
)
"#;

fn with(from: &str, to: &str) -> Vec<u8> {
    assert!(
        VALID.contains(from),
        "test case replaces text that is not there: {from}"
    );
    VALID.replacen(from, to, 1).into_bytes()
}

fn problems(bytes: &[u8]) -> Vec<String> {
    match parse("t.ron", bytes) {
        Ok(_) => Vec::new(),
        Err(ps) => ps.iter().map(|p| p.render(Lang::En)).collect(),
    }
}

#[test]
fn the_valid_base_file_loads() {
    let c = parse("t.ron", VALID.as_bytes()).expect("base case must be valid");
    assert_eq!(c.item_count(), 3);
    assert_eq!(
        c.groups[0].items[1].hint.as_ref().map(|h| h.zh.as_str()),
        Some("提示")
    );
}

#[test]
fn malformed_checklists_report_every_problem_with_its_position() {
    let huge = format!("(id: \"x\", title: \"{}\")", "长".repeat(4 * 1024 * 1024));
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "empty file",
            b"".to_vec(),
            vec![
                "t.ron:1:1: the file is empty. Write a checklist into it; checklists/README.md has an example.",
            ],
        ),
        (
            "only whitespace",
            b"  \n\n ".to_vec(),
            vec![
                "t.ron:1:1: the file is empty. Write a checklist into it; checklists/README.md has an example.",
            ],
        ),
        (
            "invalid utf-8 on line 3",
            with("Written by us", "Written \u{1}")
                .iter()
                .map(|&b| if b == 1 { 0xff } else { b })
                .collect(),
            vec!["t.ron:5:22: the file is not valid UTF-8 text. Save it with UTF-8 encoding."],
        ),
        (
            "missing comma",
            with("version: 1,", "version: 1"),
            vec!["t.ron:4:5: syntax error: expected `,` here."],
        ),
        (
            "unclosed string",
            b"(id: \"abc".to_vec(),
            vec!["t.ron:1:6: syntax error: expected `\"` here."],
        ),
        (
            "file cut off mid-word",
            VALID.as_bytes()[..200].to_vec(),
            vec!["t.ron:8:20: syntax error: expected `:` here."],
        ),
        (
            "file cut off after a comma",
            VALID.as_bytes()[..VALID.find("version").unwrap()].to_vec(),
            vec!["t.ron:2:19: unexpected end of file: a bracket or quote is not closed."],
        ),
        (
            "deep nesting",
            deep.into_bytes(),
            vec![
                "t.ron:1:33: brackets are nested too deeply (more than 64 levels). A checklist needs only a few.",
            ],
        ),
        (
            "a 10 MB string",
            huge.into_bytes(),
            vec!["t.ron: the file is too large (12.0 MiB); the limit is 1.0 MiB."],
        ),
        (
            "not a struct at top level",
            b"[1, 2, 3]".to_vec(),
            vec!["t.ron: wrong type: expected struct, found list."],
        ),
        (
            "wrong type for version and title",
            with("version: 1,", "version: \"one\", title: 5,")
                .into_iter()
                .collect::<Vec<u8>>()
                .pipe_replace("title: (zh: \"我的清单\", en: \"My list\"),", ""),
            vec![
                "t.ron: version: wrong type: expected integer, found string.",
                "t.ron: title: wrong type: expected string or (zh: \"…\", en: \"…\"), found integer.",
            ],
        ),
        (
            "unknown fields at two depths",
            with(
                "source: \"Written by us\",",
                "source: \"Written by us\", colour: 3,",
            )
            .pipe_replace(
                "(id: \"i3\", text: \"第三条\")",
                "(id: \"i3\", txt: \"第三条\")",
            ),
            vec![
                "t.ron: colour: unknown field (allowed here: id, version, title, description, source, scale, sources, causes, groups). Check the spelling.",
                "t.ron: groups[1].items[0].txt: unknown field (allowed here: id, text, hint). Check the spelling.",
                "t.ron: groups[1].items[0].text: missing field: it is required.",
            ],
        ),
        (
            "missing fields",
            with("    version: 1,\n", "").pipe_replace("    source: \"Written by us\",\n", ""),
            vec![
                "t.ron: version: missing field: it is required.",
                "t.ron: source: missing field: it is required.",
            ],
        ),
        (
            "text with only zh",
            with("(zh: \"我的清单\", en: \"My list\")", "(zh: \"我的清单\")"),
            vec!["t.ron: title.en: missing field: it is required."],
        ),
        (
            "duplicate item ids across groups",
            with("(id: \"i3\"", "(id: \"i1\""),
            vec![
                "t.ron: groups[1].items[0].id: duplicate id \"i1\", first used at groups[0].items[0].id. Ids must be unique.",
            ],
        ),
        (
            "duplicate group ids",
            with("(id: \"g2\"", "(id: \"g1\""),
            vec![
                "t.ron: groups[1].id: duplicate id \"g1\", first used at groups[0].id. Ids must be unique.",
            ],
        ),
        (
            "bad id characters",
            with("id: \"my-list\"", "id: \"My List\"").pipe_replace("(id: \"i2\"", "(id: \"第二\""),
            vec![
                "t.ron: id: invalid id \"My List\": use lowercase ASCII letters, digits and -, not starting or ending with -, at most 64 characters.",
                "t.ron: groups[0].items[1].id: invalid id \"第二\": use lowercase ASCII letters, digits and -, not starting or ending with -, at most 64 characters.",
            ],
        ),
        (
            "empty group",
            with("items: [(id: \"i3\", text: \"第三条\")]", "items: []"),
            vec![
                "t.ron: groups[1].items: the group has no items. Add at least one, or remove the group.",
            ],
        ),
        (
            "no groups",
            with(
                "(id: \"g1\", title: \"第一组\", items: [(id: \"i1\", text: \"第一条\"), (id: \"i2\", text: \"第二条\", hint: \"提示\")]),\n        (id: \"g2\", title: \"第二组\", items: [(id: \"i3\", text: \"第三条\")]),",
                "",
            ),
            vec!["t.ron: groups: the checklist has no groups. Add at least one group with items."],
        ),
        (
            "a one-level scale",
            with(
                "        (value: 1, label: (zh: \"有\", en: \"Present\")),\n",
                "",
            ),
            vec!["t.ron: scale: the scale has 1 levels; it needs 2 to 10."],
        ),
        (
            "duplicate scale values",
            with("(value: 1,", "(value: 0,"),
            vec![
                "t.ron: scale[1].value: scale value 0 is used twice, first at scale[0].value. Each level needs its own value.",
            ],
        ),
        (
            "scale value without a digit key",
            with("(value: 1,", "(value: 12,"),
            vec![
                "t.ron: scale[1].value: scale value 12 is out of range: use 0 to 9 (each level gets a digit key).",
            ],
        ),
        (
            "float where an integer belongs",
            with("(value: 1,", "(value: 1.5,"),
            vec!["t.ron: scale[1].value: wrong type: expected integer, found float."],
        ),
        (
            "negative version",
            with("version: 1,", "version: -3,"),
            vec!["t.ron: version: the number -3 is out of range."],
        ),
        (
            "empty text",
            with("text: \"第一条\"", "text: \"  \""),
            vec![
                "t.ron: groups[0].items[0].text: the text is empty (both Chinese and English need content).",
            ],
        ),
        (
            "groups is not a list",
            with("groups: [", "groups: (a: 1), x: [").pipe_replace("    ],\n)", "    ],\n)"),
            vec![
                "t.ron: x: unknown field (allowed here: id, version, title, description, source, scale, sources, causes, groups). Check the spelling.",
                "t.ron: groups: wrong type: expected list, found struct.",
            ],
        ),
        (
            "duplicate source and cause ids",
            with(
                "sources: [(id: \"self\", label: (zh: \"自己找\", en: \"Found by oneself\"))]",
                "sources: [(id: \"self\", label: \"a\"), (id: \"self\", label: \"b\")]",
            )
            .pipe_replace(
                "causes: [(id: \"ideals\", prompt: \"理想信念\")]",
                "causes: [(id: \"ideals\", prompt: \"a\"), (id: \"ideals\", prompt: \"\")]",
            ),
            vec![
                "t.ron: sources[1].id: duplicate id \"self\", first used at sources[0].id. Ids must be unique.",
                "t.ron: causes[1].id: duplicate id \"ideals\", first used at causes[0].id. Ids must be unique.",
                "t.ron: causes[1].prompt: the text is empty (both Chinese and English need content).",
            ],
        ),
    ];
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for (name, bytes, expected) in &cases {
        let got = problems(bytes);
        if got != *expected {
            failures.push(format!(
                "case {name:?}:\n  expected {expected:#?}\n  got      {got:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn problems_are_translated_into_chinese() {
    let problems = parse("t.ron", &with("(id: \"i3\"", "(id: \"i1\"")).unwrap_err();
    let zh: Vec<String> = problems.iter().map(|p| p.render(Lang::Zh)).collect();
    assert_eq!(
        zh,
        vec![
            "t.ron: groups[1].items[0].id: id「i1」重复，首次出现于 groups[0].items[0].id。id 必须唯一。"
        ]
    );
}

/// `Vec<u8>` text replacement, for building cases from cases.
trait PipeReplace {
    fn pipe_replace(self, from: &str, to: &str) -> Vec<u8>;
}

impl PipeReplace for Vec<u8> {
    fn pipe_replace(self, from: &str, to: &str) -> Vec<u8> {
        let s = String::from_utf8(self).expect("test input is UTF-8");
        assert!(
            s.contains(from),
            "test case replaces text that is not there: {from}"
        );
        s.replacen(from, to, 1).into_bytes()
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse("fuzz.ron", &bytes);
        }

        /// Byte-level mutations of a valid file: overwrite, delete and insert at random places.
        #[test]
        fn on_mutations_of_a_valid_file(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..8)
        ) {
            let mut bytes = VALID.as_bytes().to_vec();
            for (at, op, byte) in edits {
                if bytes.is_empty() { break; }
                let i = at.index(bytes.len());
                match op {
                    0 => bytes[i] = byte,
                    1 => { bytes.remove(i); }
                    _ => bytes.insert(i, byte),
                }
            }
            if let Err(problems) = parse("fuzz.ron", &bytes) {
                prop_assert!(!problems.is_empty());
                for p in problems {
                    prop_assert!(!p.render(Lang::En).is_empty());
                    prop_assert!(!p.render(Lang::Zh).is_empty());
                }
            }
        }

        /// Structural mutations: splice pieces of RON syntax into token boundaries.
        #[test]
        fn on_token_splices(
            at in any::<prop::sample::Index>(),
            piece in prop::sample::select(vec!["(", ")", "[", "]", ",", ":", "\"", "Some(", "None", "1e999", "-", "r#\"", "'x'", "{", "}", "#![enable(implicit_some)]"]),
        ) {
            let boundaries: Vec<usize> = VALID.char_indices().filter(|(_, c)| !c.is_alphanumeric()).map(|(i, _)| i).collect();
            let i = boundaries[at.index(boundaries.len())];
            let mut s = VALID.to_string();
            s.insert_str(i, piece);
            let _ = parse("fuzz.ron", s.as_bytes());
        }
    }
}
