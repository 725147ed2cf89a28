//! The WordprocessingML of a [`Document`]: A4 with the GB/T 9704 margins, the title in 2号 小标宋,
//! body in 3号 仿宋 at a fixed line pitch with a two-character first-line indent, headings 一、 in 黑体
//! and (一) in 楷体, page numbers "— 1 —" as a PAGE field, a right-aligned 落款 with a signature line,
//! and tables with single borders whose header row repeats on every page.
//!
//! Written here rather than through docx-rs: docx-rs 0.4 has no `w:tblHeader` (the repeated header
//! row), numbers paragraphs from a thread-wide counter (two exports in one process differ) and zips
//! with the current time. The parts are few and fixed; the `zip` crate packs them in a fixed order
//! with fixed timestamps, so the same input gives the same bytes.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use chrono::Datelike;
use zip::write::SimpleFileOptions;

use super::{
    APPENDIX_TEXT_WIDTH, Block, Document, LINE_PITCH, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT,
    MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH, Section, TEXT_WIDTH, Table,
};
use crate::error::{Encoded, Error, Result};
use crate::i18n::Lang;
use crate::messages::export as m;

/// Font sizes in half points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt.
const SIZE_TITLE: u32 = 44;
const SIZE_BODY: u32 = 32;
const SIZE_FOOTER: u32 = 28;
const SIZE_TABLE: u32 = 24;

/// The fonts of one language. East-Asian fonts are named as Chinese offices have them; Word and
/// WPS substitute where one is missing. Latin text always has a Latin font.
struct Fonts {
    title: (&'static str, &'static str),
    body: (&'static str, &'static str),
    heading1: (&'static str, &'static str),
    heading2: (&'static str, &'static str),
    footer: (&'static str, &'static str),
    /// Whether headings and the title are bold (English has no 黑体 to carry the weight).
    bold_headings: bool,
}

const LATIN: &str = "Times New Roman";

fn fonts(lang: Lang) -> Fonts {
    match lang {
        Lang::Zh => Fonts {
            title: (LATIN, "方正小标宋简体"),
            body: (LATIN, "仿宋_GB2312"),
            heading1: (LATIN, "黑体"),
            heading2: (LATIN, "楷体_GB2312"),
            footer: (LATIN, "宋体"),
            bold_headings: false,
        },
        Lang::En => Fonts {
            title: (LATIN, "方正小标宋简体"),
            body: (LATIN, "仿宋_GB2312"),
            heading1: ("Arial", "黑体"),
            heading2: (LATIN, "楷体_GB2312"),
            footer: (LATIN, "宋体"),
            bold_headings: true,
        },
    }
}

/// `doc` in `lang` (headings' numbering, fonts, the date's form) as the bytes of a .docx file.
pub(crate) fn docx(doc: &Document, lang: Lang) -> Result<Vec<u8>> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/app.xml", APP.to_string()),
        ("docProps/core.xml", core(doc)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", document(doc, lang)),
        ("word/styles.xml", styles(lang)),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/footer1.xml", footer()),
    ];
    package(&parts).map_err(|e| Error::Encode {
        what: Encoded::Docx,
        reason: e.to_string(),
    })
}

/// Zips `parts` in the given order, deflated, every entry dated 1980-01-01 00:00 and mode 0644.
fn package(parts: &[(&str, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in parts {
        zip.start_file(*name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>zicha</Application></Properties>"#;

/// Compatibility settings Word needs to lay out CJK text as Chinese offices expect: compressed
/// punctuation, no extra space between Han and Latin characters.
const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// Title and author from the document; created and modified are its date, never "now".
fn core(doc: &Document) -> String {
    let when = format!("{}T00:00:00Z", doc.date);
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    let _ = write!(out, "<dc:title>{}</dc:title>", esc(&doc.title));
    let _ = write!(
        out,
        "<dc:creator>{}</dc:creator>",
        esc(doc.author.as_deref().unwrap_or("zicha"))
    );
    let _ = write!(
        out,
        r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>"#
    );
    out
}

fn rfonts((latin, east): (&str, &str), lang: Lang) -> String {
    let hint = match lang {
        // Ambiguous punctuation (“”…) takes the Chinese font in a Chinese document.
        Lang::Zh => r#" w:hint="eastAsia""#,
        Lang::En => "",
    };
    format!(
        r#"<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"{hint}/>"#
    )
}

fn run_props(font: (&str, &str), size: u32, bold: bool, lang: Lang) -> String {
    format!(
        "<w:rPr>{}{}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>",
        rfonts(font, lang),
        if bold { "<w:b/><w:bCs/>" } else { "" }
    )
}

/// The paragraph styles every paragraph refers to, so that an editor changes one style, not each line.
fn styles(lang: Lang) -> String {
    let f = fonts(lang);
    let indent = r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#;
    let no_indent = r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#;
    let exact = format!(
        r#"<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>"#
    );
    // w:val is the language of Latin-script runs, w:eastAsia that of Han ones, in both languages
    // (as a Chinese Word's own template has it): with zh-CN for Latin text LibreOffice broke
    // English words and numbers anywhere ("not|e 1", "000|9").
    let (lang_val, east) = ("en-US", "zh-CN");
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val="{SIZE_BODY}"/><w:szCs w:val="{SIZE_BODY}"/><w:lang w:val="{lang_val}" w:eastAsia="{east}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{exact}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
        rfonts(f.body, lang)
    );
    let mut style = |id: &str, name: &str, ppr: &str, rpr: &str| {
        let _ = write!(
            out,
            r#"<w:style w:type="paragraph" w:styleId="{id}"{}><w:name w:val="{name}"/>{}<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>"#,
            if id == "Normal" {
                r#" w:default="1""#
            } else {
                ""
            },
            if id == "Normal" {
                ""
            } else {
                r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>"#
            },
        );
    };
    style(
        "Normal",
        "Normal",
        &format!("{exact}{indent}"),
        &run_props(f.body, SIZE_BODY, false, lang),
    );
    style(
        "Title",
        "Title",
        &format!(
            r#"<w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/><w:outlineLvl w:val="0"/>"#,
            LINE_PITCH * 3 / 2
        ),
        &run_props(f.title, SIZE_TITLE, f.bold_headings, lang),
    );
    style(
        "Meta",
        "Meta",
        &format!(r#"{no_indent}<w:jc w:val="center"/>"#),
        &run_props(f.heading2, SIZE_BODY, false, lang),
    );
    style(
        "Heading1",
        "heading 1",
        r#"<w:keepNext/><w:outlineLvl w:val="0"/>"#,
        &run_props(f.heading1, SIZE_BODY, f.bold_headings, lang),
    );
    style(
        "Heading2",
        "heading 2",
        r#"<w:keepNext/><w:outlineLvl w:val="1"/>"#,
        &run_props(f.heading2, SIZE_BODY, f.bold_headings, lang),
    );
    style(
        "Heading3",
        "heading 3",
        r#"<w:keepNext/><w:outlineLvl w:val="2"/>"#,
        &run_props(f.body, SIZE_BODY, f.bold_headings, lang),
    );
    style(
        "Placeholder",
        "Placeholder",
        "",
        &format!(
            "<w:rPr>{}<w:color w:val=\"666666\"/></w:rPr>",
            rfonts(f.body, lang)
        ),
    );
    style(
        "Closing",
        "Closing",
        // GB/T 9704: the date ends four characters from the right margin.
        r#"<w:ind w:firstLineChars="0" w:firstLine="0" w:rightChars="400" w:right="1280"/><w:jc w:val="right"/>"#,
        &run_props(f.body, SIZE_BODY, false, lang),
    );
    // Table text and the footer keep their own line height, off the body's line grid.
    let table_spacing = r#"<w:snapToGrid w:val="0"/><w:spacing w:before="40" w:after="40" w:line="300" w:lineRule="atLeast"/>"#;
    style(
        "TableText",
        "Table Text",
        &format!(r#"{table_spacing}{no_indent}<w:jc w:val="left"/>"#),
        &run_props(f.body, SIZE_TABLE, false, lang),
    );
    style(
        "TableHead",
        "Table Heading",
        &format!(r#"{table_spacing}{no_indent}<w:jc w:val="center"/>"#),
        &run_props(f.heading1, SIZE_TABLE, f.bold_headings, lang),
    );
    style(
        "Footer",
        "footer",
        &format!(r#"<w:snapToGrid w:val="0"/>{no_indent}<w:jc w:val="center"/>"#),
        &run_props(f.footer, SIZE_FOOTER, false, lang),
    );
    out.push_str("</w:styles>");
    out
}

/// "— 1 —" at the foot of every page, the number a PAGE field so that Word renumbers after edits.
fn footer() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    )
}

/// The body: title, header block, the body sections in order, the closing block, the appendices,
/// the page setup.
fn document(doc: &Document, lang: Lang) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>"#
    );
    para(&mut out, "Title", &doc.title);
    for line in &doc.meta {
        para(&mut out, "Meta", line);
    }
    if let Some((heading, items)) = &doc.notice {
        para(&mut out, "Meta", heading);
        for item in items {
            para(&mut out, "Meta", item);
        }
    }
    // One blank line between the header block and the text, as in a printed 材料.
    para(&mut out, "Normal", "");
    for section in &doc.body {
        write_section(&mut out, section, lang, TEXT_WIDTH, false);
    }
    if doc.appendices.is_empty() {
        closing(&mut out, doc, lang, "");
        out.push_str(&sect_pr(false));
    } else {
        // The 落款's date ends the portrait section; the appendices (wide tables) follow in a
        // landscape one, each on a page of its own, as 附件 do. The page numbers run on.
        closing(&mut out, doc, lang, &sect_pr(false));
        for (i, section) in doc.appendices.iter().enumerate() {
            if i > 0 {
                out.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
            }
            write_section(&mut out, section, lang, APPENDIX_TEXT_WIDTH, true);
        }
        out.push_str(&sect_pr(true));
    }
    out.push_str("</w:body></w:document>");
    out
}

/// A section's page setup: A4 portrait with the GB/T 9704 margins, or A4 landscape with the same
/// margins turned with the page (the binding edge stays where it was), and the page-number footer.
fn sect_pr(landscape: bool) -> String {
    let (w, h, orient, top, right, bottom, left) = if landscape {
        (
            PAGE_HEIGHT,
            PAGE_WIDTH,
            r#" w:orient="landscape""#,
            MARGIN_LEFT,
            MARGIN_TOP,
            MARGIN_RIGHT,
            MARGIN_BOTTOM,
        )
    } else {
        (
            PAGE_WIDTH,
            PAGE_HEIGHT,
            "",
            MARGIN_TOP,
            MARGIN_RIGHT,
            MARGIN_BOTTOM,
            MARGIN_LEFT,
        )
    };
    format!(
        r#"<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="{w}" w:h="{h}"{orient}/><w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="851" w:footer="1134" w:gutter="0"/><w:pgNumType w:fmt="decimal"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>"#
    )
}

/// `width`: the type area's width, for tables. `fresh_page`: the section starts a page, so its
/// heading need not keep with what follows: LibreOffice, asked to keep a heading with a table row
/// taller than the rest of the page, moves the table to the next page and leaves the heading alone.
fn write_section(out: &mut String, section: &Section, lang: Lang, width: u32, fresh_page: bool) {
    if let Some(heading) = &section.heading {
        if fresh_page {
            let _ = write!(
                out,
                r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:keepNext w:val="0"/></w:pPr>"#
            );
            run(out, heading);
            out.push_str("</w:p>");
        } else {
            para(out, "Heading1", heading);
        }
    }
    let mut second = 0;
    for block in &section.blocks {
        match block {
            Block::Subheading(text) => {
                second += 1;
                para(
                    out,
                    "Heading2",
                    &format!("{}{text}", second_number(second, lang)),
                );
            }
            Block::Point(text) => para(out, "Heading3", text),
            Block::Para(text) => para(out, "Normal", text),
            Block::Placeholder(text) => para(out, "Placeholder", text),
            Block::Table(table) => write_table(out, table, width),
        }
    }
}

/// 落款: a signature line when wanted, then its lines (name, unit) and the date, right-aligned.
/// `sect_pr`, when not empty, ends a section with the date's paragraph (no empty page after it).
fn closing(out: &mut String, doc: &Document, lang: Lang, sect_pr: &str) {
    para(out, "Normal", "");
    // The signature line, name and unit keep with the date: a page break inside the 落款 left the
    // signature on one page and whose it is on the next.
    if doc.closing.signature {
        para_keep_next(out, "Closing", m::DOCX_SIGNATURE.get(lang));
    }
    for line in &doc.closing.lines {
        para_keep_next(out, "Closing", line);
    }
    // GB/T 9704 writes 2026年3月5日 (no leading zeros); ISO 8601 pads them.
    let d = doc.date;
    let (month, day) = match lang {
        Lang::Zh => (d.month().to_string(), d.day().to_string()),
        Lang::En => (format!("{:02}", d.month()), format!("{:02}", d.day())),
    };
    let date = m::DOCX_DATE.fmt(lang, &[("y", &d.year()), ("m", &month), ("d", &day)]);
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:pStyle w:val="Closing"/>{sect_pr}</w:pPr>"#
    );
    run(out, &date);
    out.push_str("</w:p>");
}

/// (一), (二), … in Chinese; A., B., … in English.
fn second_number(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（{}）", chinese_number(n)),
        Lang::En => {
            let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
            match letters.get(n.wrapping_sub(1)) {
                Some(&c) => format!("{}. ", c as char),
                None => format!("{n}. "),
            }
        }
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 25 → 二十五; beyond 99, Arabic digits.
pub(crate) fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let tens = if tens == 1 { "" } else { DIGITS[tens] };
            let ones = if ones == 0 { "" } else { DIGITS[ones] };
            format!("{tens}十{ones}")
        }
        _ => n.to_string(),
    }
}

/// A paragraph that Word and LibreOffice keep on one page with the paragraph after it.
fn para_keep_next(out: &mut String, style: &str, text: &str) {
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/><w:keepNext/></w:pPr>"#
    );
    run(out, text);
    out.push_str("</w:p>");
}

fn para(out: &mut String, style: &str, text: &str) {
    let _ = write!(out, r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#);
    run(out, text);
    out.push_str("</w:p>");
}

/// One run of text; tabs become `w:tab`, characters XML cannot hold are left out.
fn run(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            out.push_str("<w:tab/>");
        }
        if !piece.is_empty() {
            let _ = write!(out, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(piece));
        }
    }
    out.push_str("</w:r>");
}

/// A table: full text width, columns sized by their content ([`Table::widths`]), single borders,
/// the header row repeated on every page.
fn write_table(out: &mut String, table: &Table, width: u32) {
    let widths = table.widths(width);
    let width: u32 = widths.iter().sum();
    let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#
    );
    for w in &widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    out.push_str(r#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#);
    for (name, w) in table.columns.iter().zip(&widths) {
        cell(out, *w, "TableHead", std::slice::from_ref(name), true);
    }
    out.push_str("</w:tr>");
    for row in &table.rows {
        // A row of a few lines is kept on one page (a measure cut after its first line read as an
        // empty row at the top of the next); a taller one may break, or it would leave half a page
        // empty, and one taller than a page could not be shown at all.
        let lines = row
            .iter()
            .zip(&widths)
            .map(|(lines, &w)| super::wrapped_lines(lines, w))
            .max()
            .unwrap_or(1);
        if lines <= KEEP_ROW_LINES {
            out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        } else {
            out.push_str("<w:tr>");
        }
        for (i, (lines, w)) in row.iter().zip(&widths).enumerate() {
            let centred = table.centred.get(i).copied().unwrap_or(false);
            cell(out, *w, "TableText", lines, centred);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// Rows of at most this many lines never break across pages.
const KEEP_ROW_LINES: u32 = 6;

fn cell(out: &mut String, width: u32, style: &str, lines: &[String], centred: bool) {
    let _ = write!(
        out,
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="{}"/></w:tcPr>"#,
        if style == "TableHead" {
            "center"
        } else {
            "top"
        }
    );
    // A cell must hold at least one paragraph.
    let empty = [String::new()];
    let lines = if lines.is_empty() { &empty[..] } else { lines };
    for line in lines {
        let _ = write!(out, r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>"#);
        if centred && style != "TableHead" {
            out.push_str(r#"<w:jc w:val="center"/>"#);
        }
        out.push_str("</w:pPr>");
        run(out, line);
        out.push_str("</w:p>");
    }
    out.push_str("</w:tc>");
}

/// Escapes XML's special characters and leaves out what XML 1.0 cannot hold at all (control
/// characters other than tab and newline, lone surrogates cannot occur in a `str`, U+FFFE/U+FFFF).
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_read_as_written() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(25), "二十五");
        assert_eq!(chinese_number(100), "100");
    }

    #[test]
    fn text_is_escaped_and_what_xml_cannot_hold_is_left_out() {
        assert_eq!(esc("a<b>&\"c\u{1}\u{7f}"), "a&lt;b&gt;&amp;&quot;c\u{7f}");
        assert_eq!(esc("\u{FFFF}x"), "x");
    }
}
