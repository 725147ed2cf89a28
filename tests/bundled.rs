//! The bundled checklists are the published lists, character for character (see CONTENT.md). These
//! tests pin their shape and a hash of every item text, so an accidental edit fails loudly; a deliberate
//! one updates the pinned hash in the same commit and says why.

use zicha::checklist::{Checklist, bundled};

fn load_all() -> Vec<Checklist> {
    bundled::all()
        .into_iter()
        .map(|(name, parsed)| match parsed {
            Ok(c) => c,
            Err(problems) => panic!("bundled {name} is invalid: {problems:#?}"),
        })
        .collect()
}

/// FNV-1a over "group-id \t item-id \t zh \t en \n" lines: stable across platforms and Rust versions.
fn item_text_hash(c: &Checklist) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for (g, i) in c.items() {
        for b in format!("{}\t{}\t{}\t{}\n", g.id, i.id, i.text.zh, i.text.en).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

#[test]
fn bundled_checklists_have_the_published_shape() {
    let all = load_all();
    let shape: Vec<(String, Vec<(String, usize)>)> = all
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.groups
                    .iter()
                    .map(|g| (g.id.clone(), g.items.len()))
                    .collect(),
            )
        })
        .collect();
    let own = |v: Vec<(&str, usize)>| {
        v.into_iter()
            .map(|(g, n)| (g.to_string(), n))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shape,
        vec![
            (
                "four-winds-25".to_string(),
                own(vec![
                    ("formalism", 6),
                    ("bureaucratism", 6),
                    ("hedonism", 6),
                    ("extravagance", 7)
                ])
            ),
            (
                "special-rectification-21".to_string(),
                own(vec![("areas", 7), ("problems", 10), ("grassroots", 4)])
            ),
        ]
    );
    assert_eq!(all[0].item_count(), 25);
    assert_eq!(all[1].item_count(), 21);
}

#[test]
fn bundled_item_texts_are_pinned() {
    let hashes: Vec<(String, String)> = load_all()
        .iter()
        .map(|c| (c.id.clone(), format!("{:016x}", item_text_hash(c))))
        .collect();
    assert_eq!(
        hashes,
        vec![
            ("four-winds-25".to_string(), "1a20c9b8f081e745".to_string()),
            (
                "special-rectification-21".to_string(),
                "85e56801bb0b5d90".to_string()
            ),
        ],
        "an item text changed: if that was deliberate, check it against CONTENT.md and update the pin"
    );
}

#[test]
fn bundled_checklists_share_the_scale_sources_and_causes() {
    let all = load_all();
    for c in &all {
        let scale: Vec<(i64, &str, &str)> = c
            .scale
            .iter()
            .map(|l| (l.value, l.label.zh.as_str(), l.label.en.as_str()))
            .collect();
        assert_eq!(
            scale,
            vec![
                (0, "不存在", "Not present"),
                (1, "轻微", "Minor"),
                (2, "一般", "Moderate"),
                (3, "较突出", "Notable"),
                (4, "突出", "Serious")
            ]
        );
        let sources: Vec<(&str, &str)> = c
            .sources
            .iter()
            .map(|s| (s.id.as_str(), s.label.zh.as_str()))
            .collect();
        assert_eq!(
            sources,
            vec![
                ("masses", "群众提"),
                ("self", "自己找"),
                ("superior", "上级点"),
                ("peers", "互相帮"),
                ("collective", "集体议")
            ]
        );
        let causes: Vec<(&str, &str)> = c
            .causes
            .iter()
            .map(|p| (p.id.as_str(), p.prompt.zh.as_str()))
            .collect();
        assert_eq!(
            causes,
            vec![
                ("ideals", "理想信念"),
                ("purpose", "宗旨意识"),
                ("party-spirit", "党性修养"),
                ("conduct", "道德品行")
            ]
        );
        assert!(
            c.source.en.contains("English glosses by zicha"),
            "{} must say the glosses are ours",
            c.id
        );
        // CONTENT.md's guidance line, with the full-width commas of Chinese typography.
        let guidance = "逐一对照查找，实事求是地查找问题，防止以工作问题代替“四风”问题，以班子存在的问题代替个人存在的问题。";
        let description = c.description.as_ref().expect("a description");
        assert!(description.zh.starts_with(guidance), "{}", c.id);
        // A user of the binary has no checklists/README.md: the description names the command.
        for text in [&description.zh, &description.en] {
            assert!(text.contains("zicha checklists from-text"), "{}", c.id);
            assert!(!text.contains("README"), "{}", c.id);
        }
    }
}

#[test]
fn spot_check_items_against_the_source_text() {
    let all = load_all();
    let text = |c: &Checklist, id: &str| {
        c.items()
            .find(|(_, i)| i.id == id)
            .map(|(_, i)| i.text.zh.clone())
    };
    assert_eq!(text(&all[0], "f3").as_deref(), Some("文山会海"));
    assert_eq!(text(&all[0], "e7").as_deref(), Some("以权谋私、腐化堕落"));
    assert_eq!(text(&all[1], "a5").as_deref(), Some("“三公”经费开支过大"));
    assert_eq!(
        text(&all[1], "g4").as_deref(),
        Some("拖欠群众钱款、克扣群众财物")
    );
}

/// Each item row of CONTENT.md's tables (`| id | zh | en |`) matches the bundled item exactly.
/// CONTENT.md lives in the project's shared docs beside the repo (`../shared`), as on CI.
#[test]
fn bundled_items_match_content_md_row_by_row() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/CONTENT.md");
    let Ok(content) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let rows: std::collections::HashMap<String, (String, String)> = content
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l
                .trim()
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split('|')
                .map(str::trim)
                .collect();
            (cells.len() == 3).then(|| {
                (
                    cells[0].to_string(),
                    (cells[1].to_string(), cells[2].to_string()),
                )
            })
        })
        .collect();
    let mut checked = 0;
    for c in load_all() {
        for (_, item) in c.items() {
            let (zh, en) = rows
                .get(&item.id)
                .unwrap_or_else(|| panic!("{} not in CONTENT.md", item.id));
            assert_eq!(
                (&item.text.zh, &item.text.en),
                (zh, en),
                "item {} of {}",
                item.id,
                c.id
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 46);
}
