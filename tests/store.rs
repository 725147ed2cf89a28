//! The session store keeps a person's notes safe: durable atomic writes that never leave a half file,
//! one writer per session, private permissions, damaged files left alone, old formats backed up.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;

use chrono::DateTime;
use zicha::checklist::bundled;
use zicha::error::Error;
use zicha::i18n::Lang;
use zicha::session::file::{WriteStage, atomic_write, atomic_write_with};
use zicha::session::{NewSession, Rating, Session, Store};

fn four_winds() -> zicha::checklist::Checklist {
    bundled::all()
        .remove(0)
        .1
        .expect("bundled checklist is valid")
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap()
}

fn new_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("data"));
    (dir, store)
}

fn mode(p: &std::path::Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn created_session_is_private_and_reads_back_equal() {
    let (_t, store) = new_store();
    let meta = NewSession {
        label: Some("2014年第一季度".into()),
        name: Some("张三".into()),
        unit: None,
        from: None,
    };
    let s = store.create(four_winds(), meta, now()).unwrap();
    assert_eq!(s.id, "20261123-four-winds-25");
    let path = store.session_path(&s.id);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(store.root()), 0o700);
    assert_eq!(mode(&store.sessions_dir()), 0o700);
    let loaded = store.load(&s.id).unwrap();
    assert_eq!(loaded.session, s);
    assert_eq!(loaded.session.answers.len(), 25);
}

#[test]
fn files_stay_private_under_a_permissive_umask() {
    // umask is process-wide; this test only creates files inside its own temp dir.
    let old = unsafe { libc_umask(0) };
    let (_t, store) = new_store();
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    store.save(&s, 1).unwrap();
    unsafe { libc_umask(old) };
    assert_eq!(mode(store.root()), 0o700);
    assert_eq!(mode(&store.session_path(&s.id)), 0o600);
}

unsafe extern "C" {
    #[link_name = "umask"]
    fn libc_umask(mask: u32) -> u32;
}

#[test]
fn second_session_of_the_day_gets_a_suffix() {
    let (_t, store) = new_store();
    let a = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let b = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    assert_eq!(
        (a.id.as_str(), b.id.as_str()),
        ("20261123-four-winds-25", "20261123-four-winds-25-2")
    );
}

#[test]
fn a_failure_between_write_and_rename_leaves_the_old_file_whole() {
    let (_t, store) = new_store();
    let mut s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let path = store.session_path(&s.id);
    let before = fs::read(&path).unwrap();
    s.answers[0].rating = Rating::Value(3);
    let bytes = zicha::session::store::to_ron(&s).unwrap();
    for stage in [WriteStage::Created, WriteStage::Written, WriteStage::Synced] {
        let err = atomic_write_with(&path, bytes.as_bytes(), &mut |at| {
            if at == stage {
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "disk full (injected)",
                ))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err:?}");
        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "old file changed after a failure at {stage:?}"
        );
        let leftovers: Vec<_> = fs::read_dir(store.sessions_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "temp file left behind after {stage:?}: {leftovers:?}"
        );
    }
    atomic_write(&path, bytes.as_bytes()).unwrap();
    assert_eq!(
        store.load(&s.id).unwrap().session.answers[0].rating,
        Rating::Value(3)
    );
}

#[test]
fn an_unwritable_sessions_dir_fails_the_save_and_keeps_the_old_file() {
    if unsafe { geteuid() } == 0 {
        // root ignores directory permissions; the injected-failure test above covers the same path.
        eprintln!("skipped: running as root");
        return;
    }
    let (_t, store) = new_store();
    let mut s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let before = fs::read(store.session_path(&s.id)).unwrap();
    fs::set_permissions(store.sessions_dir(), fs::Permissions::from_mode(0o500)).unwrap();
    s.answers[0].manifestation = "会议太多".into();
    let err = store.save(&s, 1).unwrap_err();
    fs::set_permissions(store.sessions_dir(), fs::Permissions::from_mode(0o700)).unwrap();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert_eq!(fs::read(store.session_path(&s.id)).unwrap(), before);
}

unsafe extern "C" {
    fn geteuid() -> u32;
}

#[test]
fn a_target_that_is_a_directory_fails_cleanly() {
    let (_t, store) = new_store();
    store.ensure().unwrap();
    let path = store.session_path("x");
    fs::create_dir(&path).unwrap();
    let err = atomic_write(&path, b"(format: 1)").unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(path.is_dir());
}

#[test]
fn a_data_dir_that_is_a_file_is_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("data");
    fs::write(&file, "not a dir").unwrap();
    let store = Store::at(&file);
    let err = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap_err();
    assert!(matches!(err, Error::DataDirNotDir(_)), "{err:?}");
    assert!(
        err.render(zicha::i18n::Lang::En)
            .contains("is not a directory")
    );
    assert!(matches!(store.summaries(), Err(Error::DataDirNotDir(_))));
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a dir");
}

#[test]
fn truncated_session_is_listed_as_damaged_and_left_byte_for_byte() {
    let (_t, store) = new_store();
    let good = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let bad = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let path = store.session_path(&bad.id);
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let cut = fs::read(&path).unwrap();
    let listed = store.summaries().unwrap();
    assert_eq!(listed.len(), 2);
    match &listed[0] {
        zicha::session::index::Entry::Ok(s) => assert_eq!(s.id, good.id),
        other => panic!("good session not listed as ok: {other:?}"),
    }
    match &listed[1] {
        zicha::session::index::Entry::Damaged {
            id,
            error: Error::Damaged { line, col, .. },
            ..
        } => {
            assert_eq!(id, &bad.id);
            assert!(*line > 1 && *col >= 1);
        }
        other => panic!("truncated session not listed as damaged: {other:?}"),
    }
    assert_eq!(
        fs::read(&path).unwrap(),
        cut,
        "a damaged file must never be rewritten"
    );
}

#[test]
fn a_session_from_a_newer_zicha_asks_for_an_upgrade() {
    let (_t, store) = new_store();
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let path = store.session_path(&s.id);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("format: 2,", "format: 99,", 1);
    fs::write(&path, &text).unwrap();
    let err = store.load(&s.id).unwrap_err();
    assert!(
        matches!(err, Error::NewerFormat { format: 99, .. }),
        "{err:?}"
    );
    assert!(err.render(zicha::i18n::Lang::En).contains("upgrade zicha"));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn first_save_after_an_upgrade_keeps_the_old_bytes_as_bak() {
    let (_t, store) = new_store();
    let mut s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let path = store.session_path(&s.id);
    let original = fs::read(&path).unwrap();
    // A session read from an older format is saved with that format as `loaded_format`.
    s.answers[0].rating = Rating::Value(1);
    store.save(&s, 0).unwrap();
    let bak = path.with_extension("ron.bak");
    assert_eq!(fs::read(&bak).unwrap(), original);
    assert_eq!(mode(&bak), 0o600);
    s.answers[0].rating = Rating::Value(2);
    store.save(&s, 0).unwrap();
    assert_eq!(
        fs::read(&bak).unwrap(),
        original,
        "the .bak keeps the first, pre-upgrade bytes"
    );
}

#[test]
fn one_writer_per_session() {
    let (_t, store) = new_store();
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let lock = store.lock(&s.id).unwrap();
    // A second lock in the same process uses a new file description, as another process would.
    match store.lock(&s.id) {
        Err(Error::Locked { id, pid }) => {
            assert_eq!(id, s.id);
            assert_eq!(pid, Some(std::process::id()));
        }
        other => panic!("second writer was not refused: {other:?}"),
    }
    drop(lock);
    assert!(
        store.lock(&s.id).is_ok(),
        "the lock is released when the first writer closes"
    );
}

#[test]
fn session_ids_resolve_by_prefix_and_last() {
    let (_t, store) = new_store();
    let a = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let later = DateTime::parse_from_rfc3339("2026-11-24T09:00:00+08:00").unwrap();
    let mut b = store
        .create(four_winds(), NewSession::default(), later)
        .unwrap();
    b.updated = later;
    store.save(&b, 1).unwrap();
    assert_eq!(store.resolve(&a.id).unwrap(), a.id);
    assert_eq!(store.resolve("20261124").unwrap(), b.id);
    assert_eq!(store.resolve("last").unwrap(), b.id);
    assert!(matches!(
        store.resolve("2026"),
        Err(Error::Ambiguous { .. })
    ));
    assert!(matches!(
        store.resolve("nope"),
        Err(Error::SessionNotFound(_))
    ));
}

#[test]
fn a_session_whose_answers_do_not_fit_its_checklist_is_invalid_not_silently_fixed() {
    let (_t, store) = new_store();
    let mut s: Session = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    s.answers[0].rating = Rating::Value(7);
    s.answers[1].sources = vec!["nobody".into()];
    let path = store.session_path(&s.id);
    fs::write(&path, zicha::session::store::to_ron(&s).unwrap()).unwrap();
    match store.load(&s.id) {
        Err(Error::Invalid { problems, .. }) => {
            let rendered: Vec<String> = problems
                .iter()
                .map(|p| p.render(zicha::i18n::Lang::En))
                .collect();
            let zh: Vec<String> = problems_zh(&store, &s.id);
            assert_eq!(zh[0], "answers[0].rating：7 不在清单的评分等级中");
            assert_eq!(
                rendered,
                vec![
                    "answers[0].rating: 7 is not on the checklist's scale",
                    "answers[1].sources: no finding source \"nobody\" in the checklist",
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

fn problems_zh(store: &Store, id: &str) -> Vec<String> {
    match store.load(id) {
        Err(Error::Invalid { problems, .. }) => {
            problems.iter().map(|p| p.render(Lang::Zh)).collect()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_summary_index_never_disagrees_with_the_files() {
    let (_t, store) = new_store();
    let mut s = store
        .create(
            four_winds(),
            NewSession {
                label: Some("AAAA".into()),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let label = |store: &Store| match &store.summaries().unwrap()[0] {
        zicha::session::index::Entry::Ok(sum) => sum.label.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(label(&store).as_deref(), Some("AAAA"));
    assert!(
        store.sessions_dir().join(".index.bin").exists(),
        "the first listing writes the index"
    );
    // A hand edit of the same length, outside zicha.
    let path = store.session_path(&s.id);
    let text = fs::read_to_string(&path).unwrap().replace("AAAA", "BBBB");
    fs::write(&path, text).unwrap();
    assert_eq!(label(&store).as_deref(), Some("BBBB"));
    // A save through the store.
    s.label = Some("第三次".into());
    store.save(&s, 1).unwrap();
    assert_eq!(label(&store).as_deref(), Some("第三次"));
    // Damage after indexing is seen, not hidden by the cache.
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..100]).unwrap();
    assert!(matches!(
        store.summaries().unwrap()[0],
        zicha::session::index::Entry::Damaged { .. }
    ));
    // A damaged index is only a cache miss.
    fs::write(store.sessions_dir().join(".index.bin"), "garbage").unwrap();
    assert_eq!(store.summaries().unwrap().len(), 1);
}

#[test]
fn write_new_never_replaces_a_file_and_leaves_no_temp_behind() {
    let (_t, store) = new_store();
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let path = store.session_path(&s.id);
    let before = fs::read(&path).unwrap();
    let err = zicha::session::file::write_new(&path, b"(format: 1)").unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), before);
    let names: Vec<String> = fs::read_dir(store.sessions_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![format!("{}.ron", s.id)]);
}

#[test]
fn stale_index_temp_files_are_cleaned_but_fresh_ones_are_left_to_their_writer() {
    let (_t, store) = new_store();
    store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let stale = store.sessions_dir().join("..index.bin.4242.tmp");
    let fresh = store.sessions_dir().join("..index.bin.4343.tmp");
    fs::write(&stale, "half").unwrap();
    fs::write(&fresh, "half").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    store.summaries().unwrap();
    assert!(
        !stale.exists(),
        "a temp file from a writer killed an hour ago is removed"
    );
    assert!(
        fresh.exists(),
        "a temp file another zicha may be writing now is left alone"
    );
}

/// A session file as zicha 0.1 (session format 1) wrote it: actions without ids or ledger fields.
const FORMAT_1: &str = include_str!("fixtures/format1.ron");

#[test]
fn a_format_1_file_opens_upgrades_on_the_first_change_and_keeps_its_bak() {
    let (_t, store) = new_store();
    store.ensure().unwrap();
    let id = "20260315-four-winds-25";
    let path = store.session_path(id);
    fs::write(&path, FORMAT_1).unwrap();
    let bak = path.with_extension("ron.bak");

    // Reading (and listing) migrates in memory only: the file stays format 1, byte for byte.
    let loaded = store.load(id).unwrap();
    assert_eq!(loaded.format, 1);
    let mut s = loaded.session;
    assert_eq!(s.format, 2);
    let f3 = s.answer("f3").unwrap();
    let ids: Vec<&str> = f3.actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [format!("{id}-1"), format!("{id}-2")]);
    assert_eq!(
        store.load(id).unwrap().session,
        s,
        "migration is deterministic"
    );
    store.summaries().unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), FORMAT_1);
    assert!(!bak.exists());

    // The first change writes format 2 and keeps the old bytes beside it.
    s.answers[0].rating = Rating::Value(1);
    store.save(&s, loaded.format).unwrap();
    assert_eq!(fs::read_to_string(&bak).unwrap(), FORMAT_1);
    assert_eq!(mode(&bak), 0o600);
    let again = store.load(id).unwrap();
    assert_eq!(again.format, 2);
    assert_eq!(
        again.session, s,
        "the ids given on migration are the ones saved"
    );

    // Later changes leave the .bak alone.
    let mut s = again.session;
    s.answers[0].rating = Rating::Value(2);
    store.save(&s, again.format).unwrap();
    assert_eq!(fs::read_to_string(&bak).unwrap(), FORMAT_1);
}

#[test]
fn a_format_1_json_export_imports_with_fresh_action_ids() {
    let s =
        zicha::session::store::parse_session(std::path::Path::new("f1.ron"), FORMAT_1.as_bytes())
            .unwrap()
            .session;
    // The JSON zicha 0.1 exported: format 1, no `from`, actions without ids or ledger fields.
    let mut v = serde_json::to_value(&s).unwrap();
    v["format"] = 1.into();
    v.as_object_mut().unwrap().remove("from");
    for a in v["answers"].as_array_mut().unwrap() {
        for act in a["actions"].as_array_mut().unwrap() {
            let o = act.as_object_mut().unwrap();
            o.retain(|k, _| ["text", "due", "status", "done_on", "note"].contains(&k.as_str()));
        }
    }
    let bytes = serde_json::to_vec(&v).unwrap();
    let back = zicha::session::store::parse_any(std::path::Path::new("f1.json"), &bytes).unwrap();
    assert_eq!(back.format, 2);
    assert_eq!(back, s, "the same ids as reading the RON");
}
