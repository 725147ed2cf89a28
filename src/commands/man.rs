//! `zicha man`: one manual page that holds everything, in the chosen language. clap_mangen writes
//! the top command's sections and would point at `zicha-export(1)` and the like, pages nobody
//! installs; so the page is put together here: the top command's synopsis, description and options,
//! then every command with its own synopsis and options, then the environment, the files and the
//! exit status.

use std::io;

use clap_mangen::Man;

use crate::i18n::Lang;
use crate::messages::help as h;

/// The manual page as roff.
pub fn page(lang: Lang) -> io::Result<String> {
    let cmd = crate::cli::command(lang);
    let man = Man::new(cmd.clone());
    let mut out = String::new();
    let chunk = |render: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| -> io::Result<String> {
        let mut buf = Vec::new();
        render(&mut buf)?;
        Ok(String::from_utf8_lossy(&buf).into_owned())
    };
    out.push_str(&chunk(&|b| man.render_title(b))?);
    out.push_str(&headed(
        &chunk(&|b| man.render_name_section(b))?,
        h::MAN_NAME.get(lang),
    ));
    out.push_str(&headed(
        &chunk(&|b| man.render_synopsis_section(b))?,
        h::MAN_SYNOPSIS.get(lang),
    ));
    out.push_str(&headed(
        &chunk(&|b| man.render_description_section(b))?,
        h::MAN_DESCRIPTION.get(lang),
    ));
    out.push_str(&without_preamble(&chunk(&|b| {
        man.render_options_section(b)
    })?));
    out.push_str(&format!(".SH {}\n", roff_text(h::MAN_COMMANDS.get(lang))));
    for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
        command(&mut out, sub, &format!("zicha {}", sub.get_name()), lang)?;
    }
    for (heading, body) in [
        (&h::MAN_ENVIRONMENT, &h::MAN_ENVIRONMENT_TEXT),
        (&h::MAN_FILES, &h::MAN_FILES_TEXT),
        (&h::MAN_EXIT, &h::MAN_EXIT_TEXT),
    ] {
        out.push_str(&format!(".SH {}\n", roff_text(heading.get(lang))));
        // Each line of the text is "TERM\tmeaning": a tagged paragraph.
        for line in body.get(lang).lines() {
            match line.split_once('\t') {
                Some((term, meaning)) => out.push_str(&format!(
                    ".TP\n\\fB{}\\fR\n{}\n",
                    roff_text(term),
                    roff_text(meaning)
                )),
                None => out.push_str(&format!(".PP\n{}\n", roff_text(line))),
            }
        }
    }
    out.push_str(&format!(
        ".SH {}\nv{}\n",
        roff_text(h::MAN_VERSION.get(lang)),
        env!("CARGO_PKG_VERSION")
    ));
    Ok(out)
}

/// One command: a subsection with what it does, its synopsis and its options; then its own
/// commands (`checklists from-text`), the same way.
fn command(out: &mut String, cmd: &clap::Command, path: &str, lang: Lang) -> io::Result<()> {
    let cmd = cmd
        .clone()
        .bin_name(path.to_string())
        .display_name(path.to_string());
    let man = Man::new(cmd.clone());
    out.push_str(&format!(".SS {}\n", roff_text(path)));
    if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
        for para in about.to_string().lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!(".PP\n{}\n", roff_text(para)));
        }
    }
    let mut buf = Vec::new();
    man.render_synopsis_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    out.push_str(&body_only(&String::from_utf8_lossy(&buf), lang));
    for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
        command(out, sub, &format!("{path} {}", sub.get_name()), lang)?;
    }
    Ok(())
}

/// The apostrophe preamble that every rendered chunk starts with; the page needs it once, first.
fn without_preamble(roff: &str) -> String {
    roff.lines()
        .filter(|l| !l.starts_with(".ie \\n(.g") && !l.starts_with(".el .ds Aq"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A chunk with its `.SH` heading said in the page's language.
fn headed(roff: &str, heading: &str) -> String {
    without_preamble(roff)
        .lines()
        .map(|l| match l.strip_prefix(".SH ") {
            Some(_) => format!(".SH {}\n", roff_text(heading)),
            None => format!("{l}\n"),
        })
        .collect()
}

/// Chunks under a command's subsection: each `.SH` heading (SYNOPSIS, 参数, 选项) becomes a bold
/// paragraph heading, so that the command's synopsis and options stay inside the subsection.
fn body_only(roff: &str, lang: Lang) -> String {
    without_preamble(roff)
        .lines()
        .map(|l| match l.strip_prefix(".SH ") {
            Some("SYNOPSIS") => format!(".PP\n\\fB{}\\fR\n", roff_text(h::MAN_SYNOPSIS.get(lang))),
            Some(heading) => format!(".PP\n\\fB{heading}\\fR\n"),
            None => format!("{l}\n"),
        })
        .collect()
}

/// Text for a roff line: backslashes and hyphens escaped, a leading `.` or `'` made literal.
fn roff_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            c => out.push(c),
        }
    }
    if out.starts_with('.') || out.starts_with('\'') {
        out.insert_str(0, "\\&");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_and_its_options_are_on_the_one_page() {
        for lang in [Lang::Zh, Lang::En] {
            let page = page(lang).unwrap();
            for name in [
                "new", "fill", "export", "diff", "trend", "unit", "import", "check",
            ] {
                assert!(
                    page.contains(&format!(".SS zicha {name}\n")),
                    "{lang:?} {name}"
                );
            }
            assert!(page.contains(".SS zicha checklists from\\-text\n"));
            for opt in ["\\-\\-from", "\\-\\-roster", "\\-\\-force", "\\-\\-date"] {
                assert!(page.contains(opt), "{lang:?} {opt}");
            }
            assert!(
                !page.contains("zicha\\-new(1)"),
                "no page that is never installed"
            );
            assert!(page.contains("ZICHA_DATA_DIR") && page.contains("ZICHA_CONFIG"));
            assert_eq!(page.matches(".ds Aq").count(), 2, "one preamble");
        }
        let zh = page(Lang::Zh).unwrap();
        assert!(zh.contains(".SH 退出状态") && zh.contains(".SH 环境变量"));
        assert!(!zh.contains(".SH OPTIONS") && !zh.contains(".SH NAME"));
    }
}
