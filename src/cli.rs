//! The command line, as clap definitions (SPEC §7). Parsing only; `commands` does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::{Lang, Msg};
use crate::messages::help as h;

#[derive(Debug, Parser)]
#[command(
    name = "zicha",
    version,
    about = "自查 — self-examination checklists in the terminal",
    long_about = "自查 — self-examination checklists in the terminal.\n\
                  Run without a command to open the home screen.",
    after_help = "Data: $ZICHA_DATA_DIR, else ~/.local/share/zicha. Language: --lang, else ZICHA_LANG, else LC_ALL/LC_MESSAGES/LANG."
)]
pub struct Cli {
    /// Language of messages and screens: zh or en
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Where sessions and user checklists live (default: $ZICHA_DATA_DIR, else the platform data dir)
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// An extra checklist file to use besides the bundled ones and the data dir's
    #[arg(long = "checklist", global = true, value_name = "FILE")]
    pub checklists: Vec<PathBuf>,
    /// Draw the first frame of the screen and exit (for start-up benchmarks)
    #[arg(long, hide = true, global = true)]
    pub bench_first_frame: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new session from a checklist and open it (prints the id with --no-open or in scripts)
    New(NewArgs),
    /// Open a session to fill in
    Fill {
        /// A session id, a unique prefix of one, or `last`
        session: String,
    },
    /// List the sessions
    List {
        #[arg(long)]
        json: bool,
    },
    /// List the checklists available to start from, or make one from a circular's text
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "A new checklist from a circular: copy its numbered text into a file (or paste it on the home \
                      screen, key p) and run\n  zicha checklists from-text circular.txt --id unit-37\n\
                      By hand: write a RON file into <data dir>/checklists/ (format: checklists/README.md) \
                      and check it with zicha check FILE."
    )]
    Checklists {
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        command: Option<ChecklistsCommand>,
    },
    /// Check checklist files and print every problem found
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Write a session as a self-review (Markdown), a ledger (CSV) or JSON
    Export(ExportArgs),
    /// What changed between two sessions of the same checklist
    Diff(DiffArgs),
    /// How ratings and actions moved across the sessions of one checklist
    Trend(TrendArgs),
    /// Summarise a unit: the latest session of each respondent of one checklist, ranked by item
    Unit(UnitArgs),
    /// Copy session files (RON or exported JSON) into the data dir: files, directories (recursively) or - (stdin)
    Import {
        #[arg(required = true, value_name = "PATH")]
        files: Vec<PathBuf>,
        /// Give an imported session a new id if its id is taken
        #[arg(long)]
        rename: bool,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff)
    Man,
}

/// The shells `zicha completions` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Subcommand)]
pub enum ChecklistsCommand {
    /// Make a checklist from a circular's numbered text (一、 （一） 1. ① …), wording kept
    #[command(
        long_about = "Make a checklist from a circular's numbered text, wording kept character for character.\n\
                      The outermost numbering becomes the groups (一、 第一部分 …), the next the items (（一） 1. ① …), \
                      anything deeper the item's hint; a list with one level is one group. Unnumbered lines \
                      continue the line above; blank lines and page numbers are dropped; the first unnumbered \
                      line is the title. Writes <data dir>/checklists/ID.ron, which zicha lists at once."
    )]
    FromText(FromTextArgs),
}

#[derive(Debug, Args)]
pub struct FromTextArgs {
    /// The text (UTF-8, as saved from Word or copied from a PDF), or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The new checklist's id: lowercase letters, digits and -, e.g. unit-37
    #[arg(long)]
    pub id: String,
    /// The title (default: the first unnumbered line of the text, else the id)
    #[arg(long)]
    pub title: Option<String>,
    /// Copy the rating scale, finding sources and cause prompts from this checklist
    #[arg(long, value_name = "CHECKLIST", default_value = crate::checklist::from_text::DEFAULT_LIKE)]
    pub like: String,
    /// Write here instead of <data dir>/checklists/ID.ron (- for standard output)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Checklist id (see `zicha checklists`)
    pub checklist: String,
    /// A label such as "2014年第一季度"
    #[arg(long)]
    pub label: Option<String>,
    /// Respondent's name
    #[arg(long)]
    pub name: Option<String>,
    /// Respondent's unit
    #[arg(long)]
    pub unit: Option<String>,
    /// Carry forward from this session (id, unique prefix or `last`): its name, unit and open actions
    #[arg(long, value_name = "SESSION")]
    pub from: Option<String>,
    /// Only create the session and print its id
    #[arg(long)]
    pub no_open: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
    /// The self-review as a Word document
    Docx,
    /// The ledger as an Excel workbook
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A session id, a unique prefix of one, or `last`
    pub session: String,
    #[arg(long, value_enum, default_value = "md")]
    pub format: ExportFormat,
    /// Write to this file instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists
    #[arg(long)]
    pub force: bool,
    /// The date printed in the review and used for due-date grouping (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier session (default: the one before B, or the second latest)
    pub a: Option<String>,
    /// The later session
    pub b: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Checklist id (default: the checklist of the most recently updated session)
    pub checklist: Option<String>,
    /// Only this respondent's sessions (default: the most recent session's respondent)
    #[arg(long)]
    pub name: Option<String>,
    /// Only sessions of this unit (with --name, or alone)
    #[arg(long)]
    pub unit: Option<String>,
    /// Only the last N sessions
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UnitFormat {
    Text,
    Md,
    Json,
    Csv,
    Docx,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct UnitArgs {
    /// Checklist id (default: the checklist of the most recent session)
    pub checklist: Option<String>,
    /// Only sessions with this label
    #[arg(long)]
    pub label: Option<String>,
    /// Only respondents of this unit
    #[arg(long)]
    pub unit: Option<String>,
    /// Who should hand in: names one a line, or a CSV with a 姓名 or name column
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: UnitFormat,
    /// Write to this file instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists
    #[arg(long)]
    pub force: bool,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        _ => Err(format!(
            "{s:?} is not a language zicha speaks: use zh or en"
        )),
    }
}

/// Where each help text goes: `""` is the program, `"cmd"` a subcommand, `"cmd.arg"` / `".arg"` an
/// argument of a subcommand / of the program.
const HELP_TEXTS: &[(&str, &Msg)] = &[
    ("", &h::ABOUT),
    (".lang", &h::LANG),
    (".data_dir", &h::DATA_DIR),
    (".checklists", &h::CHECKLIST_FILE),
    ("new", &h::NEW),
    ("new.checklist", &h::NEW_CHECKLIST),
    ("new.label", &h::NEW_LABEL),
    ("new.name", &h::NEW_NAME),
    ("new.unit", &h::NEW_UNIT),
    ("new.no_open", &h::NEW_NO_OPEN),
    ("new.from", &h::NEW_FROM),
    ("fill", &h::FILL),
    ("fill.session", &h::SESSION),
    ("list", &h::LIST),
    ("list.json", &h::JSON),
    ("checklists", &h::CHECKLISTS),
    ("checklists.json", &h::JSON),
    ("check", &h::CHECK),
    ("check.files", &h::CHECK_FILES),
    ("check.json", &h::JSON),
    ("export", &h::EXPORT),
    ("export.session", &h::SESSION),
    ("export.format", &h::FORMAT),
    ("export.output", &h::OUTPUT),
    ("export.force", &h::FORCE),
    ("export.date", &h::DATE),
    ("diff", &h::DIFF),
    ("diff.a", &h::DIFF_A),
    ("diff.b", &h::DIFF_B),
    ("diff.format", &h::FORMAT),
    ("trend", &h::TREND),
    ("trend.checklist", &h::TREND_CHECKLIST),
    ("trend.last", &h::TREND_LAST),
    ("trend.name", &h::TREND_NAME),
    ("trend.unit", &h::TREND_UNIT),
    ("trend.format", &h::FORMAT),
    ("import", &h::IMPORT),
    ("import.files", &h::IMPORT_FILES),
    ("import.rename", &h::IMPORT_RENAME),
    ("unit", &h::UNIT),
    ("unit.checklist", &h::UNIT_CHECKLIST),
    ("unit.label", &h::UNIT_LABEL),
    ("unit.unit", &h::UNIT_UNIT),
    ("unit.roster", &h::UNIT_ROSTER),
    ("unit.format", &h::FORMAT),
    ("unit.output", &h::OUTPUT),
    ("unit.force", &h::FORCE),
    ("from-text", &h::FROM_TEXT),
    ("from-text.long", &h::FROM_TEXT_LONG),
    ("from-text.file", &h::FROM_TEXT_FILE),
    ("from-text.id", &h::FROM_TEXT_ID),
    ("from-text.title", &h::FROM_TEXT_TITLE),
    ("from-text.like", &h::FROM_TEXT_LIKE),
    ("from-text.output", &h::FROM_TEXT_OUTPUT),
    ("from-text.force", &h::FORCE),
    ("completions", &h::COMPLETIONS),
    ("completions.shell", &h::COMPLETIONS_SHELL),
    ("man", &h::MAN),
];

fn help_text(key: &str, lang: Lang) -> Option<&'static str> {
    HELP_TEXTS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, m)| m.get(lang))
}

/// The clap definition with every help text, heading and the help/version flags in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    let cmd = Cli::command()
        .long_about(h::LONG_ABOUT.get(lang))
        .after_help(h::AFTER_HELP.get(lang))
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(h::VERSION.get(lang)),
        );
    localize(cmd, "", lang)
}

fn localize(mut cmd: clap::Command, name: &str, lang: Lang) -> clap::Command {
    let template = format!(
        "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        h::USAGE.get(lang)
    );
    if let Some(about) = help_text(name, lang) {
        // The long text, when the catalog has one; else the short one, so that `--help` never
        // falls back to the English doc comment.
        cmd = cmd.about(about);
        if !name.is_empty() {
            let long = help_text(&format!("{name}.long"), lang).unwrap_or(about);
            cmd = cmd.long_about(long);
        }
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let key = format!("{name}.{id}");
        let text = help_text(&key, lang);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                h::ARGUMENTS
            } else {
                h::OPTIONS
            };
            let a = a.help_heading(heading.get(lang));
            let Some(t) = text else { return a };
            if lang == Lang::En || !a.get_action().takes_values() {
                return a.help(t);
            }
            // clap lists the choices and the default in English ("Possible values", "[default:
            // md]", a choice's doc comment): say them in the help text instead.
            let choices: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let sep = crate::messages::compare::LIST_SEP.get(lang);
            let mut extra = Vec::new();
            if !choices.is_empty() {
                extra.push(h::CHOICES.fmt(lang, &[("list", &choices.join(sep))]));
            }
            if !defaults.is_empty() {
                extra.push(h::DEFAULT.fmt(lang, &[("value", &defaults.join(sep))]));
            }
            if extra.is_empty() {
                return a.help(t);
            }
            a.help(format!("{t}（{}）", extra.join("；")))
                .hide_possible_values(true)
                .hide_default_value(true)
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(&sub, |c| localize(c, &sub, lang));
    }
    cmd.help_template(template)
        .subcommand_help_heading(h::COMMANDS.get(lang))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(h::HELP.get(lang))
                .help_heading(h::OPTIONS.get(lang))
                .global(name.is_empty()),
        )
}

/// Parses the arguments with help in `lang`.
pub fn parse_from<I, T>(args: I, lang: Lang) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::FromArgMatches;
    let mut cmd = command(lang);
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

/// A usage error (exit 2) in `lang`. clap words its own errors in English; in Chinese the common
/// kinds are said again from the error's context (the argument, the value, what is allowed, the
/// usage line), and any other kind keeps clap's text. `None` for English: clap's text is right.
pub fn usage_error(e: &clap::Error, lang: Lang) -> Option<String> {
    use crate::messages::cli as m;
    use clap::error::{ContextKind as K, ContextValue as V, ErrorKind};
    if lang == Lang::En {
        return None;
    }
    let strings = |kind: K| -> Vec<String> {
        match e.get(kind) {
            Some(V::String(s)) => vec![s.clone()],
            Some(V::Strings(v)) => v.clone(),
            Some(V::StyledStr(s)) => vec![s.to_string()],
            Some(V::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    };
    let one = |kind: K| strings(kind).into_iter().next().unwrap_or_default();
    let sep = crate::messages::compare::LIST_SEP.get(lang);
    let mut lines = Vec::new();
    match e.kind() {
        ErrorKind::UnknownArgument => {
            let arg = one(K::InvalidArg);
            lines.push(m::USAGE_UNKNOWN_ARG.fmt(lang, &[("arg", &arg)]));
            let suggested = strings(K::SuggestedArg);
            if !suggested.is_empty() {
                lines.push(m::USAGE_DID_YOU_MEAN.fmt(lang, &[("list", &suggested.join(sep))]));
            } else if arg.starts_with('-') {
                lines.push(m::USAGE_AS_VALUE.fmt(lang, &[("arg", &arg)]));
            }
        }
        ErrorKind::InvalidSubcommand => {
            lines.push(m::USAGE_UNKNOWN_COMMAND.fmt(lang, &[("arg", &one(K::InvalidSubcommand))]));
            let suggested = strings(K::SuggestedSubcommand);
            if !suggested.is_empty() {
                lines.push(m::USAGE_DID_YOU_MEAN.fmt(lang, &[("list", &suggested.join(sep))]));
            }
        }
        ErrorKind::InvalidValue => {
            let (arg, value) = (one(K::InvalidArg), one(K::InvalidValue));
            lines.push(if value.is_empty() {
                m::USAGE_NEEDS_VALUE.fmt(lang, &[("arg", &arg)])
            } else {
                m::USAGE_BAD_VALUE.fmt(lang, &[("arg", &arg), ("value", &value)])
            });
            let valid = strings(K::ValidValue);
            if !valid.is_empty() {
                lines.push(m::USAGE_VALID_VALUES.fmt(lang, &[("list", &valid.join(sep))]));
            }
        }
        ErrorKind::ValueValidation => {
            let (arg, value) = (one(K::InvalidArg), one(K::InvalidValue));
            lines.push(m::USAGE_BAD_VALUE.fmt(lang, &[("arg", &arg), ("value", &value)]));
            // The parser's reason is English (chrono's, or ours for --lang): say what is wanted.
            let hint = if arg.starts_with("--date") {
                Some(&m::USAGE_WANT_DATE)
            } else if arg.starts_with("--lang") {
                Some(&m::USAGE_WANT_LANG)
            } else if arg.starts_with("--last") {
                Some(&m::USAGE_WANT_NUMBER)
            } else {
                None
            };
            if let Some(hint) = hint {
                lines.push(hint.get(lang).to_string());
            }
        }
        ErrorKind::MissingRequiredArgument => {
            lines.push(m::USAGE_MISSING.fmt(lang, &[("list", &strings(K::InvalidArg).join(sep))]));
        }
        ErrorKind::ArgumentConflict => {
            lines.push(m::USAGE_CONFLICT.fmt(
                lang,
                &[
                    ("arg", &one(K::InvalidArg)),
                    ("other", &strings(K::PriorArg).join(sep)),
                ],
            ));
        }
        _ => return None,
    }
    let usage = one(K::Usage);
    let usage = usage.trim();
    if let Some(rest) = usage.strip_prefix("Usage:") {
        lines.push(String::new());
        lines.push(format!("{}{}", h::USAGE.get(lang), rest.trim()));
    }
    lines.push(String::new());
    lines.push(m::USAGE_MORE.get(lang).to_string());
    Some(format!("zicha: {}\n", lines.join("\n")))
}

/// The language asked for with `--lang` before the arguments are parsed (help must already speak it).
pub fn lang_flag(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(v) = value.and_then(|v| parse_lang(v).ok()) {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and option has a help text in the catalog, so none is left in English in zh.
    #[test]
    fn every_command_and_option_has_a_translated_help() {
        fn walk(cmd: &clap::Command, name: &str, missing: &mut Vec<String>) {
            if help_text(name, Lang::Zh).is_none() {
                missing.push(name.to_string());
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if a.is_hide_set() || id == "help" || id == "version" {
                    continue;
                }
                let key = format!("{name}.{id}");
                if help_text(&key, Lang::Zh).is_none() {
                    missing.push(key);
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, sub.get_name(), missing);
            }
        }
        use clap::CommandFactory;
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no help text for {missing:?}");
        command(Lang::Zh).debug_assert();
        command(Lang::En).debug_assert();
    }

    #[test]
    fn the_lang_flag_is_seen_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_flag(&args(&["zicha", "--lang", "zh", "-h"])),
            Some(Lang::Zh)
        );
        assert_eq!(
            lang_flag(&args(&["zicha", "list", "--lang=en"])),
            Some(Lang::En)
        );
        assert_eq!(lang_flag(&args(&["zicha", "--", "--lang=en"])), None);
        assert_eq!(lang_flag(&args(&["zicha", "--lang"])), None);
    }
}
