//! The command line, as clap definitions (SPEC §7). Parsing only; `commands` does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

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
