//! Summaries of every session, for lists, without parsing 1,000 full files at each start.
//!
//! `sessions/.index.bin` caches one [`Summary`] per session file together with the file's identity
//! (size, modification and change times, inode). A cached summary is used only when the file's
//! identity is unchanged, so the index can never disagree with the files: any write, by zicha or by
//! hand, changes the identity and the file is parsed again. The index is a cache: if it is missing,
//! damaged, of another version or unwritable, everything still works, only slower (it is rebuilt
//! silently). Its layout (version 7) is described at [`IndexRef`]; an import hands its summaries in
//! ([`Fresh`]) so that the next start finds the index warm.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::{Progress, Rating, Respondent, Session};
use crate::checklist::Text;
use crate::error::{Error, Result};

const INDEX_FILE: &str = ".index.bin";
/// Where versions up to 5 kept the index (JSON): removed when the new one is written.
const FORMER_INDEX_FILE: &str = ".index.json";
// 4: fingerprints hash the JSON form (issue 16); 5: checklists once, integers, rows (issue 16);
// 6: the same rows in postcard's binary form instead of JSON, a quarter of the decoding (issue 16);
// 7: ratings packed a byte each (issue 16).
// An index of another version is rebuilt.
const INDEX_VERSION: u32 = 7;
/// An index larger than this is ignored (10,000 sessions make a few MiB).
const MAX_INDEX_BYTES: u64 = 256 * 1024 * 1024;

/// What a list needs to show about one session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub checklist: String,
    /// Shared by every summary of one checklist read from the index (one copy, not 10,000).
    pub checklist_title: Arc<Text>,
    pub checklist_version: u32,
    pub label: Option<String>,
    pub name: Option<String>,
    pub unit: Option<String>,
    /// The session this one was carried forward from.
    pub from: Option<String>,
    pub created: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    pub rated: usize,
    pub items: usize,
    /// Due dates of the open actions (`None`: no date), so that "overdue" can be counted for any day.
    pub open_dues: Vec<Option<NaiveDate>>,
    /// Every item's rating, in the embedded checklist's item order (for trend).
    pub ratings: Vec<Rating>,
    /// Tells embedded checklists apart: sessions with equal fingerprints embed the same checklist, so
    /// a report needs to load only one of them to know every item's text.
    pub fingerprint: u64,
}

impl Summary {
    pub fn of(s: &Session) -> Summary {
        Summary::of_cached(s, &mut Fingerprints::default())
    }

    /// [`Summary::of`], remembering the fingerprints of checklists seen before (sessions of one
    /// checklist embed equal copies: comparing is much cheaper than hashing each again).
    pub fn of_cached(s: &Session, fingerprints: &mut Fingerprints) -> Summary {
        Summary::with_fingerprint(s, fingerprints.of(&s.checklist))
    }

    /// [`Summary::of`] for a session whose checklist's [`fingerprint`] is known already.
    pub fn with_fingerprint(s: &Session, fingerprint: u64) -> Summary {
        let p = s.progress(NaiveDate::MIN);
        Summary {
            id: s.id.clone(),
            checklist: s.checklist.id.clone(),
            checklist_title: Arc::new(s.checklist.title.clone()),
            checklist_version: s.checklist.version,
            label: s.label.clone(),
            name: s.name.clone(),
            unit: s.unit.clone(),
            from: s.from.clone(),
            created: s.created,
            updated: s.updated,
            rated: p.rated,
            items: p.items,
            open_dues: s
                .answers
                .iter()
                .flat_map(|a| &a.actions)
                .filter(|a| a.is_open())
                .map(|a| a.due)
                .collect(),
            ratings: s.answers.iter().map(|a| a.rating).collect(),
            fingerprint,
        }
    }

    pub fn progress(&self, today: NaiveDate) -> Progress {
        Progress {
            rated: self.rated,
            items: self.items,
            open_actions: self.open_dues.len(),
            overdue_actions: self
                .open_dues
                .iter()
                .filter(|&&d| super::model::past_due(d, today))
                .count(),
        }
    }

    /// The summary with the texts a list shows (label, name, unit, checklist title) as one line
    /// each, control and bidi characters made visible. Field by field: cheap for 10,000 sessions.
    pub fn shown(mut self) -> Summary {
        let line = |s: &mut String| {
            if let std::borrow::Cow::Owned(safe) = crate::sanitize::line(s) {
                *s = safe;
            }
        };
        for s in [&mut self.label, &mut self.name, &mut self.unit]
            .into_iter()
            .flatten()
        {
            line(s);
        }
        // Shared with the other summaries of its checklist: copied only when it has something
        // to show.
        let plain = |s: &str| matches!(crate::sanitize::line(s), std::borrow::Cow::Borrowed(_));
        if !(plain(&self.checklist_title.zh) && plain(&self.checklist_title.en)) {
            let title = Arc::make_mut(&mut self.checklist_title);
            line(&mut title.zh);
            line(&mut title.en);
        }
        self
    }

    /// Who the session is about (the same trimming as [`Session::respondent`]).
    pub fn respondent(&self) -> Respondent {
        Respondent::new(self.name.as_deref(), self.unit.as_deref())
    }

    /// [`Summary::respondent`] borrowed (name, unit): for comparing 10,000 rows without a copy.
    pub fn who(&self) -> (Option<&str>, Option<&str>) {
        fn clean(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        (clean(&self.name), clean(&self.unit))
    }

    /// The label if set, else the id (see [`super::model::display_name`]).
    pub fn display_label(&self) -> &str {
        super::model::display_name(self.label.as_deref(), &self.id)
    }
}

/// FNV-1a over the checklist's JSON form, streamed into the hash (no string built): stable across
/// runs and platforms, unlike `DefaultHasher`. (It was the RON form: `ron` escapes one character at a
/// time, and that was ≈ 40 % of rebuilding the index, issue 16.)
pub fn fingerprint(c: &crate::checklist::Checklist) -> u64 {
    let mut h = Fnv::default();
    // Writing into memory cannot fail; a checklist always serialises.
    let _ = serde_json::to_writer(&mut h, c);
    h.0
}

/// FNV-1a, 64 bits: as a writer for [`fingerprint`], and as a `Hasher` for short keys where
/// SipHash's strength buys nothing (grouping a list of one's own sessions).
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(self, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fingerprints of the last few checklists seen (see [`Summary::of_cached`]).
#[derive(Default)]
pub struct Fingerprints(Vec<(crate::checklist::Checklist, u64)>);

impl Fingerprints {
    const KEEP: usize = 8;

    pub fn of(&mut self, c: &crate::checklist::Checklist) -> u64 {
        if let Some(i) = self.0.iter().position(|(seen, _)| seen == c) {
            // Most recent first: a run of sessions of one checklist finds it at once.
            self.0[..=i].rotate_right(1);
            return self.0[0].1;
        }
        let f = fingerprint(c);
        self.0.insert(0, (c.clone(), f));
        self.0.truncate(Self::KEEP);
        f
    }
}

/// One line of a session list: a summary, or a file that could not be read and why.
#[derive(Debug)]
pub enum Entry {
    Ok(Summary),
    Damaged {
        id: String,
        path: PathBuf,
        error: Error,
    },
}

/// A file's identity: any write to it changes at least one of these. Times are seconds and
/// nanoseconds (plain 64-bit integers: serde_json reads an `i128` through a string buffer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Identity {
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    inode: u64,
}

/// Stats the files of one dir by name, relative to the dir's descriptor (no walk of the whole path
/// for each of 10,000 files, no path built).
struct DirStat {
    #[cfg(unix)]
    dir: Option<rustix::fd::OwnedFd>,
    path: PathBuf,
}

impl DirStat {
    fn open(dir: &Path) -> DirStat {
        DirStat {
            #[cfg(unix)]
            dir: rustix::fs::open(
                dir,
                rustix::fs::OFlags::RDONLY
                    | rustix::fs::OFlags::DIRECTORY
                    | rustix::fs::OFlags::CLOEXEC,
                rustix::fs::Mode::empty(),
            )
            .ok(),
            path: dir.to_path_buf(),
        }
    }

    /// The identity of `name` in the dir (following a symlink, like `fs::metadata`).
    fn identity(&self, name: &str) -> Option<Identity> {
        #[cfg(unix)]
        if let Some(dir) = &self.dir {
            let st = rustix::fs::statat(dir, name, rustix::fs::AtFlags::empty()).ok()?;
            #[allow(clippy::unnecessary_cast)]
            return Some(Identity {
                len: st.st_size as u64,
                mtime: (st.st_mtime as i64, st.st_mtime_nsec as i64),
                ctime: (st.st_ctime as i64, st.st_ctime_nsec as i64),
                inode: st.st_ino as u64,
            });
        }
        identity(&self.path.join(name))
    }
}

fn identity(path: &Path) -> Option<Identity> {
    let m = fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Identity {
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
            inode: m.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let mtime = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Identity {
            len: m.len(),
            mtime: (mtime.as_secs() as i64, i64::from(mtime.subsec_nanos())),
            ctime: (0, 0),
            inode: 0,
        })
    }
}

/// Summaries that the caller has just made from sessions it wrote (an import), each with the
/// identity its file had right after: [`summaries_with`] takes one instead of parsing the file
/// again, but only while the file still has that identity (so a write in between is never missed).
#[derive(Default)]
pub struct Fresh(HashMap<String, (Identity, Summary)>);

impl Fresh {
    /// Records `summary` for the file at `path` as it is now; a file that cannot be read is left out
    /// (it will be parsed when listed).
    pub fn add(&mut self, path: &Path, summary: Summary) {
        if let Some(ident) = identity(path) {
            self.0.insert(summary.id.clone(), (ident, summary));
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

// ----------------------------------------------------------------------------------- on disk
//
// Versions 6 and 7 (issue 16): what the home screen reads at every start, kept lean. Each checklist
// (id, version, title, fingerprint) is written once, in `checklists`; each session is one row in
// `entries`, sorted by id, naming its checklist by position; times are integers (seconds,
// nanoseconds, offset), due dates are days from the common era, ratings a byte string ([`Ratings`]). The rows
// are in postcard's binary form (varints, length-prefixed strings): decoding 10,000 rows of JSON
// was the largest part of the first frame. Reading it is a merge of two sorted lists (the ids in
// the dir, the entries), no map, no date parsing. A crafted file is only a cache miss: every length
// is checked against the bytes that are there, and allocations are bounded by them.

/// A timestamp as written: seconds since the epoch, nanoseconds, offset east of UTC in seconds.
type Stamp = (i64, u32, i32);

fn stamp(t: &DateTime<FixedOffset>) -> Stamp {
    (
        t.timestamp(),
        t.timestamp_subsec_nanos(),
        t.offset().local_minus_utc(),
    )
}

fn from_stamp((secs, nanos, offset): Stamp) -> Option<DateTime<FixedOffset>> {
    let offset = FixedOffset::east_opt(offset)?;
    Some(DateTime::from_timestamp(secs, nanos)?.with_timezone(&offset))
}

/// Every item's rating of a row in one byte string (issue 16: 25 ratings a row decoded one by one
/// through serde were a fifth of reading the index): a byte each, `0` not rated, `1` not
/// applicable, `2 + v` for a value `v` of 0 to 252; any other value is `255` and its eight bytes,
/// little-endian.
struct Ratings(Vec<Rating>);

const RATED_FROM: u8 = 2;
const RATING_WIDE: u8 = 255;

fn pack(ratings: &[Rating]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ratings.len());
    for r in ratings {
        match *r {
            Rating::Unrated => out.push(0),
            Rating::NotApplicable => out.push(1),
            Rating::Value(v) => match u8::try_from(v) {
                Ok(small) if small < RATING_WIDE - RATED_FROM => out.push(small + RATED_FROM),
                _ => {
                    out.push(RATING_WIDE);
                    out.extend_from_slice(&v.to_le_bytes());
                }
            },
        }
    }
    out
}

fn unpack(mut bytes: &[u8]) -> Option<Vec<Rating>> {
    let one = |b: u8| match b {
        0 => Rating::Unrated,
        1 => Rating::NotApplicable,
        small => Rating::Value(i64::from(small - RATED_FROM)),
    };
    if !bytes.contains(&RATING_WIDE) {
        // Every rating a byte: one pass the compiler can unroll.
        return Some(bytes.iter().map(|&b| one(b)).collect());
    }
    let mut out = Vec::with_capacity(bytes.len());
    while let Some((&b, rest)) = bytes.split_first() {
        bytes = rest;
        out.push(match b {
            RATING_WIDE => {
                let (wide, rest) = bytes.split_first_chunk::<8>()?;
                bytes = rest;
                Rating::Value(i64::from_le_bytes(*wide))
            }
            small => one(small),
        });
    }
    Some(out)
}

/// [`Ratings`] as written.
struct PackedRef(Vec<u8>);

impl Serialize for PackedRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Ratings {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ratings;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("packed ratings")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> std::result::Result<Ratings, E> {
                unpack(v)
                    .map(Ratings)
                    .ok_or_else(|| E::custom("a rating cut short"))
            }
        }
        d.deserialize_bytes(V)
    }
}

/// The open actions' due dates of a row (days from the common era, or null), decoded straight
/// into dates.
struct Dues(Vec<Option<NaiveDate>>);

impl<'de> Deserialize<'de> for Dues {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Dues;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("due dates")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Dues, A::Error> {
                use serde::de::Error;
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(d) = seq.next_element::<Option<i32>>()? {
                    out.push(match d {
                        None => None,
                        Some(days) => Some(
                            NaiveDate::from_num_days_from_ce_opt(days)
                                .ok_or_else(|| A::Error::custom("bad date"))?,
                        ),
                    });
                }
                Ok(Dues(out))
            }
        }
        d.deserialize_seq(V)
    }
}

/// One checklist as written: id, version, title (zh, en), fingerprint.
#[derive(Serialize, Deserialize)]
struct ChecklistRow(String, u32, String, String, u64);

/// One session as read: id, file identity (len, mtime ns, ctime ns, inode), checklist position,
/// label, name, unit, from, created, updated, rated, items, open dues (days from CE), ratings.
#[derive(Deserialize)]
struct Row(
    String,
    (u64, (i64, i64), (i64, i64), u64),
    usize,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Stamp,
    Stamp,
    usize,
    usize,
    Dues,
    Ratings,
);

/// [`Row`] as written, borrowing from the summary.
#[derive(Serialize)]
struct RowRef<'a>(
    &'a str,
    (u64, (i64, i64), (i64, i64), u64),
    usize,
    &'a Option<String>,
    &'a Option<String>,
    &'a Option<String>,
    &'a Option<String>,
    Stamp,
    Stamp,
    usize,
    usize,
    Vec<Option<i32>>,
    PackedRef,
);

/// The index as stored, in postcard's form of `{version: 7, checklists: [[id, version, zh, en,
/// fingerprint], …], entries: [[id, [len, [mtime s, ns], [ctime s, ns], inode], checklist, label,
/// name, unit, from, [created s, ns, offset], [updated …], rated, items, [due days…], ratings as bytes],
/// …]}`, entries in id order. `version` comes first, so that another version is told before the
/// rest is decoded. Written from the summaries it borrows; read by [`Decoded`].
#[derive(Serialize)]
struct IndexRef<'a> {
    version: u32,
    checklists: Vec<ChecklistRow>,
    entries: Vec<RowRef<'a>>,
}

impl Row {
    /// The cached summary, or `None` if the row does not make sense (then the file is parsed).
    fn into_summary(
        self,
        checklists: &[ChecklistRow],
        titles: &[Arc<Text>],
    ) -> Option<(Identity, Summary)> {
        let Row(
            id,
            (len, mtime, ctime, inode),
            c,
            label,
            name,
            unit,
            from,
            created,
            updated,
            rated,
            items,
            dues,
            ratings,
        ) = self;
        let ChecklistRow(checklist, version, _, _, fingerprint) = checklists.get(c)?;
        let summary = Summary {
            id,
            checklist: checklist.clone(),
            checklist_title: Arc::clone(titles.get(c)?),
            checklist_version: *version,
            label,
            name,
            unit,
            from,
            created: from_stamp(created)?,
            updated: from_stamp(updated)?,
            rated,
            items,
            open_dues: dues.0,
            ratings: ratings.0,
            fingerprint: *fingerprint,
        };
        let ident = Identity {
            len,
            mtime,
            ctime,
            inode,
        };
        Some((ident, summary))
    }
}

/// The index's summaries, in id order, and the file identity each was made from (two lists, not
/// one of pairs: the summaries go to the caller as they are).
#[derive(Default)]
struct Cached {
    idents: Vec<Identity>,
    summaries: Vec<Summary>,
}

impl Cached {
    fn len(&self) -> usize {
        self.summaries.len()
    }

    fn is_empty(&self) -> bool {
        self.summaries.is_empty()
    }

    fn into_iter(self) -> impl Iterator<Item = (Identity, Summary)> {
        self.idents.into_iter().zip(self.summaries)
    }
}

/// The index file decoded straight into [`Cached`]: each row becomes its summary as it is read,
/// with no list of rows in between (issue 16: a list of 1,000 rows is some 70 pages of fresh
/// memory, and each page a fault).
struct Decoded(Cached);

impl<'de> Deserialize<'de> for Decoded {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct File;
        impl<'de> serde::de::Visitor<'de> for File {
            type Value = Decoded;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a summary index")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Decoded, A::Error> {
                use serde::de::Error;
                let missing = || A::Error::custom("index cut short");
                let version: u32 = seq.next_element()?.ok_or_else(missing)?;
                if version != INDEX_VERSION {
                    return Err(A::Error::custom("another version"));
                }
                let checklists: Vec<ChecklistRow> = seq.next_element()?.ok_or_else(missing)?;
                let titles: Vec<Arc<Text>> = checklists
                    .iter()
                    .map(|ChecklistRow(_, _, zh, en, _)| {
                        Arc::new(Text {
                            zh: zh.clone(),
                            en: en.clone(),
                        })
                    })
                    .collect();
                let rows = Rows {
                    checklists: &checklists,
                    titles: &titles,
                };
                Ok(Decoded(seq.next_element_seed(rows)?.ok_or_else(missing)?))
            }
        }
        d.deserialize_struct("IndexFile", &["version", "checklists", "entries"], File)
    }
}

/// The `entries` of the index, each [`Row`] made a summary as it is decoded.
struct Rows<'a> {
    checklists: &'a [ChecklistRow],
    titles: &'a [Arc<Text>],
}

impl<'de> serde::de::DeserializeSeed<'de> for Rows<'_> {
    type Value = Cached;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Cached, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Rows<'_> {
    type Value = Cached;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("index rows")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Cached, A::Error> {
        // The count is the file's word: room for it only up to what a real index holds.
        let room = seq.size_hint().unwrap_or(0).min(1 << 16);
        let mut out = Cached {
            idents: Vec::with_capacity(room),
            summaries: Vec::with_capacity(room),
        };
        while let Some(row) = seq.next_element::<Row>()? {
            if let Some((ident, summary)) = row.into_summary(self.checklists, self.titles) {
                out.idents.push(ident);
                out.summaries.push(summary);
            }
        }
        Ok(out)
    }
}

/// Reads the index; anything unreadable, damaged or of another version is an empty one.
fn read_index(path: &Path) -> Cached {
    // Bounded, regular files only: a FIFO or a huge file in its place must not hang the listing.
    let Some(Decoded(mut cached)) = super::file::read_limited(path, MAX_INDEX_BYTES)
        .ok()
        .filter(|b| matches!(postcard::take_from_bytes::<u32>(b), Ok((INDEX_VERSION, _))))
        .and_then(|b| postcard::from_bytes::<Decoded>(&b).ok())
    else {
        return Cached::default();
    };
    // Written in id order; a hand-edited file may not be.
    if !cached.summaries.is_sorted_by(|a, b| a.id < b.id) {
        let mut pairs: Vec<(Identity, Summary)> = cached.into_iter().collect();
        pairs.sort_by(|a, b| a.1.id.cmp(&b.1.id));
        let (idents, summaries) = pairs.into_iter().unzip();
        cached = Cached { idents, summaries };
    }
    cached
}

fn write_index(path: &Path, out: &[Entry], idents: &[Identity]) {
    let mut checklists: Vec<ChecklistRow> = Vec::new();
    let mut position: HashMap<(u64, &str, u32), usize> = HashMap::new();
    let mut entries = Vec::with_capacity(out.len());
    for (e, ident) in out.iter().zip(idents) {
        let Entry::Ok(s) = e else { continue };
        let key = (s.fingerprint, s.checklist.as_str(), s.checklist_version);
        let c = match position.get(&key) {
            // Equal fingerprints, ids and versions with another title are not worth a guess.
            Some(&c)
                if checklists[c].2 == s.checklist_title.zh
                    && checklists[c].3 == s.checklist_title.en =>
            {
                c
            }
            _ => {
                checklists.push(ChecklistRow(
                    s.checklist.clone(),
                    s.checklist_version,
                    s.checklist_title.zh.clone(),
                    s.checklist_title.en.clone(),
                    s.fingerprint,
                ));
                position.insert(key, checklists.len() - 1);
                checklists.len() - 1
            }
        };
        entries.push(RowRef(
            &s.id,
            (ident.len, ident.mtime, ident.ctime, ident.inode),
            c,
            &s.label,
            &s.name,
            &s.unit,
            &s.from,
            stamp(&s.created),
            stamp(&s.updated),
            s.rated,
            s.items,
            s.open_dues
                .iter()
                .map(|d| d.map(|d| d.num_days_from_ce()))
                .collect(),
            PackedRef(pack(&s.ratings)),
        ));
    }
    let file = IndexRef {
        version: INDEX_VERSION,
        checklists,
        entries,
    };
    if let Ok(bytes) = postcard::to_stdvec(&file) {
        // A cache: failing to write it (read-only dir, full disk) must not fail the listing.
        let _ = super::file::replace_cache(path, &bytes);
    }
    // The JSON index of versions up to 5, left by an older zicha: nothing reads it any more.
    if let Some(dir) = path.parent() {
        let _ = fs::remove_file(dir.join(FORMER_INDEX_FILE));
    }
}

/// Summaries of the sessions `ids` in `dir` (sorted by id, as given), `read` parsing one file. Parses
/// only files that changed since the index was written, and rewrites the index (best effort) when
/// anything changed. The store calls this; the index knows the cache file, not the store.
pub fn summaries(
    dir: &Path,
    ids: Vec<String>,
    session_path: impl Fn(&str) -> PathBuf,
    read: impl Fn(&Path) -> Result<(Session, Option<u64>)> + Sync,
) -> Vec<Entry> {
    summaries_with(dir, || Ok(ids), session_path, read, Fresh::default()).unwrap_or_default()
}

/// [`summaries`] of the ids `list` gives, taking the summaries in `fresh` for files not in the
/// index yet (or changed since) as long as each file still has the identity recorded with its
/// summary. The index is decoded on a second thread while this one lists and stats the files, and
/// files to parse are parsed on as many threads as there are cores (issue 16: the first start
/// after an import or with the index deleted).
pub fn summaries_with(
    dir: &Path,
    list: impl FnOnce() -> Result<Vec<String>>,
    session_path: impl Fn(&str) -> PathBuf,
    read: impl Fn(&Path) -> Result<(Session, Option<u64>)> + Sync,
    fresh: Fresh,
) -> Result<Vec<Entry>> {
    let (cached, ids) = read_while(dir, list);
    let listed = stat_all(dir, ids?);
    Ok(merge(dir, listed, cached, session_path, read, fresh))
}

/// What [`summaries_quick`] found.
pub enum Quick {
    /// The index's summaries, not yet checked against the dir and its files (see
    /// [`Unverified::holds`]).
    Cached(Vec<Summary>, Unverified),
    /// There was no index: every summary, read as [`summaries_with`] reads them.
    Read(Vec<Entry>),
}

/// The identities the index's summaries were made from, in id order: what [`Quick::Cached`] has
/// not checked yet.
pub struct Unverified {
    dir: PathBuf,
    idents: Vec<Identity>,
}

impl Unverified {
    /// True while the sessions dir holds exactly the sessions shown and every file still has the
    /// identity its cached summary was made from, so that the summaries were exact. `listed`: the
    /// ids in the dir, sorted (one read of it, [`super::store::Store::scan`]); `shown`: the ids
    /// of the summaries, sorted. A session added, removed, edited by hand or replaced: `false`,
    /// and the caller reads the list again with [`summaries_with`].
    pub fn holds(&self, listed: &[String], shown: &[&str]) -> bool {
        if listed.len() != self.idents.len() || shown.len() != listed.len() {
            return false;
        }
        let stat = DirStat::open(&self.dir);
        listed
            .iter()
            .zip(shown)
            .zip(&self.idents)
            .all(|((id, shown), ident)| {
                id == shown && stat.identity(&format!("{id}.ron")) == Some(*ident)
            })
    }
}

/// For a first frame (issue 16): when the index holds any summary, the cached summaries at once,
/// before the dir is read or a file stat-ed (reading a dir of 1,000 sessions and 10,000 `stat`
/// calls were a third of the home screen's first frame); the caller checks them with
/// [`Unverified::holds`] right after drawing, before it reads any key, and reads the list again
/// if they no longer hold. With no index, the full [`summaries_with`] of the ids `list` gives.
pub fn summaries_quick(
    dir: &Path,
    index: Prefetch,
    list: impl FnOnce() -> Result<Vec<String>>,
    session_path: impl Fn(&str) -> PathBuf,
    read: impl Fn(&Path) -> Result<(Session, Option<u64>)> + Sync,
) -> Result<Quick> {
    let cached = index.take();
    if !cached.is_empty() {
        let Cached { idents, summaries } = cached;
        let unverified = Unverified {
            dir: dir.to_path_buf(),
            idents,
        };
        return Ok(Quick::Cached(summaries, unverified));
    }
    let mut ids = list()?;
    if !ids.is_sorted() {
        ids.sort();
    }
    let listed = stat_all(dir, ids);
    Ok(Quick::Read(merge(
        dir,
        listed,
        cached,
        session_path,
        read,
        Fresh::default(),
    )))
}

/// The index of a sessions dir being decoded on a thread of its own, started as soon as the dir is
/// known (the TUI starts it before it loads the checklists: issue 16), taken by
/// [`summaries_quick`].
pub struct Prefetch {
    path: PathBuf,
    reader: Option<std::thread::JoinHandle<Cached>>,
}

impl Prefetch {
    pub fn start(dir: &Path) -> Prefetch {
        let path = dir.join(INDEX_FILE);
        let reader = {
            let path = path.clone();
            std::thread::Builder::new()
                .spawn(move || read_index(&path))
                .ok()
        };
        Prefetch { path, reader }
    }

    fn take(self) -> Cached {
        match self.reader {
            // A panic in the decoder is only a cache miss.
            Some(reader) => reader.join().unwrap_or_default(),
            // No thread to be had: read it here.
            None => read_index(&self.path),
        }
    }
}

/// The index, decoded on a second thread, and what `list` gives (sorted), listed on this one.
fn read_while(
    dir: &Path,
    list: impl FnOnce() -> Result<Vec<String>>,
) -> (Cached, Result<Vec<String>>) {
    let index_path = dir.join(INDEX_FILE);
    std::thread::scope(|sc| {
        let reader = std::thread::Builder::new().spawn_scoped(sc, || read_index(&index_path));
        let listed = list().map(|mut ids| {
            if !ids.is_sorted() {
                ids.sort();
            }
            ids
        });
        let cached = match reader {
            Ok(handle) => handle.join().unwrap_or_default(),
            // No thread to be had: read it here.
            Err(_) => read_index(&index_path),
        };
        (cached, listed)
    })
}

/// Each id with its file's identity; a file gone since the listing is left out.
fn stat_all(dir: &Path, ids: Vec<String>) -> Vec<(String, Identity)> {
    let stat = DirStat::open(dir);
    ids.into_iter()
        .filter_map(|id| stat.identity(&format!("{id}.ron")).map(|i| (id, i)))
        .collect()
}

/// The summaries of the files `listed`: cached ones where the identity is unchanged, fresh ones
/// where they still hold, the rest parsed; the index rewritten when anything changed.
fn merge(
    dir: &Path,
    listed: Vec<(String, Identity)>,
    cached: Cached,
    session_path: impl Fn(&str) -> PathBuf,
    read: impl Fn(&Path) -> Result<(Session, Option<u64>)> + Sync,
    mut fresh: Fresh,
) -> Vec<Entry> {
    let index_path = dir.join(INDEX_FILE);
    let cached_len = cached.len();
    let mut changed = false;
    let mut used = 0;
    // Each readable session's summary goes to `out` once (a placeholder where a file is to be
    // parsed); the index to write borrows from it.
    let mut out: Vec<Option<Entry>> = Vec::with_capacity(listed.len());
    let mut to_parse: Vec<(usize, String)> = Vec::new();
    let mut cached = cached.into_iter().peekable();
    for (id, ident) in &listed {
        // Both lists are sorted by id: skip the entries of files that are gone.
        while cached.next_if(|(_, s)| s.id < *id).is_some() {}
        // A cache, never an authority: an entry counts only for the file it is keyed by, and only
        // if it names that same session (a hand-edited `"../../evil"` is ignored).
        if let Some((cached_ident, summary)) = cached.next_if(|(_, s)| s.id == *id) {
            used += 1;
            if cached_ident == *ident {
                out.push(Some(Entry::Ok(summary)));
                continue;
            }
        }
        changed = true;
        if let Some((known, summary)) = fresh.0.remove(id)
            && known == *ident
            && summary.id == *id
        {
            out.push(Some(Entry::Ok(summary)));
            continue;
        }
        to_parse.push((out.len(), id.clone()));
        out.push(None);
    }
    for (slot, entry) in parse_all(to_parse, &session_path, &read) {
        out[slot] = Some(entry);
    }
    let out: Vec<Entry> = out.into_iter().flatten().collect();
    // Entries not used belong to files that are gone.
    changed |= used != cached_len;
    if changed {
        let idents: Vec<Identity> = listed.iter().map(|(_, i)| *i).collect();
        write_index(&index_path, &out, &idents);
        remove_stale_index_temps(dir);
    }
    out
}

/// Parses the files of `ids` (each with its slot), on up to as many threads as there are cores
/// when there are enough of them to be worth it.
fn parse_all(
    ids: Vec<(usize, String)>,
    session_path: &impl Fn(&str) -> PathBuf,
    read: &(impl Fn(&Path) -> Result<(Session, Option<u64>)> + Sync),
) -> Vec<(usize, Entry)> {
    let jobs: Vec<(usize, PathBuf, String)> = ids
        .into_iter()
        .map(|(slot, id)| (slot, session_path(&id), id))
        .collect();
    let one = |jobs: &[(usize, PathBuf, String)]| {
        let mut fingerprints = Fingerprints::default();
        jobs.iter()
            .map(|(slot, path, id)| {
                let entry = match read(path) {
                    Ok((session, Some(fingerprint))) => {
                        Entry::Ok(Summary::with_fingerprint(&session, fingerprint))
                    }
                    Ok((session, None)) => {
                        Entry::Ok(Summary::of_cached(&session, &mut fingerprints))
                    }
                    Err(error) => Entry::Damaged {
                        id: id.clone(),
                        path: path.clone(),
                        error,
                    },
                };
                (*slot, entry)
            })
            .collect::<Vec<_>>()
    };
    // Asked only when there are files enough: `available_parallelism` reads the cgroup files.
    if jobs.len() < 32 {
        return one(&jobs);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(4);
    if threads < 2 {
        return one(&jobs);
    }
    let chunk = jobs.len().div_ceil(threads);
    std::thread::scope(|sc| {
        let mut chunks = jobs.chunks(chunk);
        let first = chunks.next().unwrap_or(&[]);
        let handles: Vec<_> = chunks
            .map(|c| {
                (
                    c,
                    std::thread::Builder::new().spawn_scoped(sc, move || one(c)),
                )
            })
            .collect();
        let mut all = one(first);
        for (c, h) in handles {
            match h {
                Ok(h) => match h.join() {
                    Ok(part) => all.extend(part),
                    // A panic in a parser is a bug; parse that part here, where it surfaces.
                    Err(_) => all.extend(one(c)),
                },
                Err(_) => all.extend(one(c)),
            }
        }
        all
    })
}

/// Removes `..index.bin.<pid>.tmp` files (and `..index.json.…` of older versions) left by a zicha
/// killed while writing the index. Only files
/// older than a minute: a younger one may belong to another zicha writing the index right now.
fn remove_stale_index_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_temp = name.to_str().is_some_and(|n| {
            super::file::temp_of(n, INDEX_FILE) || super::file::temp_of(n, FORMER_INDEX_FILE)
        });
        if !is_temp {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 60);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_ratings_read_back_whatever_the_value() {
        let all = [
            Rating::Unrated,
            Rating::NotApplicable,
            Rating::Value(0),
            Rating::Value(4),
            Rating::Value(252),
            Rating::Value(253),
            Rating::Value(-1),
            Rating::Value(i64::MIN),
            Rating::Value(i64::MAX),
        ];
        let packed = pack(&all);
        // One byte each for the usual values.
        assert_eq!(&packed[..5], &[0, 1, 2, 6, 254]);
        assert_eq!(unpack(&packed).as_deref(), Some(&all[..]));
        // A wide value cut short is damage, not a guess.
        assert_eq!(unpack(&packed[..packed.len() - 1]), None);
    }
}
