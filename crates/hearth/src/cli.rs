//! The command line: one binary with subcommands, each with `--help`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "hearth",
    version,
    about = "Hearth: practice and recording for children's social care",
    long_about = "Hearth records the whole family on an append-only journal, served as an accessible web app and a JSON API.\n\nData lives in embedded SQLite in --data-dir (default ./data) or in PostgreSQL given by --database or HEARTH_DATABASE_URL."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data is: the embedded SQLite in a directory, or a database URL.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Directory holding the embedded SQLite database (created if missing).
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://user@host/db) or sqlite:// URL; overrides --data-dir.
    #[arg(
        long,
        value_name = "URL",
        env = "HEARTH_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free port).
    #[arg(long, default_value_t = 8080, env = "HEARTH_PORT")]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1", env = "HEARTH_BIND")]
    pub bind: String,
    /// Mark cookies Secure and send HSTS: set this when Hearth is served over HTTPS.
    #[arg(long, env = "HEARTH_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Minutes without activity before a user is signed out.
    #[arg(long, default_value_t = 30, env = "HEARTH_IDLE_MINUTES")]
    pub idle_minutes: i64,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a synthetic council on embedded SQLite (if the data directory is empty) and serve it.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Directory for the demo's SQLite database.
        #[arg(long, value_name = "DIR", default_value = "data/demo")]
        data_dir: PathBuf,
        /// Size of the demo council (1.0 is an average English council).
        #[arg(long, default_value_t = 1.0)]
        size: f64,
        /// Seed for the synthetic council.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Serve Hearth.
    Serve {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Apply database migrations (they also run when serving).
    Migrate {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Rebuild every projection from the journal.
    Rebuild {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Generate a deterministic synthetic council into an empty database.
    Synth {
        #[command(flatten)]
        data: DataArgs,
        /// Seed: the same seed gives the same council.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Size: 1.0 is an average English council; scale up for benchmarks.
        #[arg(long, default_value_t = 1.0)]
        size: f64,
        /// Give every synthetic practitioner the demo password.
        #[arg(long)]
        with_demo_logins: bool,
    },
    /// Derive a statutory return from the record, as at its collection year.
    Export {
        #[command(flatten)]
        data: DataArgs,
        #[command(subcommand)]
        collection: ExportCollection,
    },
    /// Load a statutory return into the record: its children and their journeys.
    ///
    /// Children are matched by their id in the return (the council's person id);
    /// new children are added. Steps already in a child's journey are not added
    /// twice. A file with an unreadable date is refused whole, naming the line and field.
    Import {
        #[command(flatten)]
        data: DataArgs,
        #[command(subcommand)]
        collection: ImportCollection,
    },
    /// Validate a statutory return with every rule of its collection year.
    ///
    /// Prints one CSV row per (child, rule, table, row): child_id, rule_code,
    /// table, row_id (0-based data row) and rule_type, the shape the sector's
    /// own validators print; or JSON, or a readable summary.
    Validate {
        #[command(subcommand)]
        collection: ValidateCollection,
    },
    /// The seven outcomes' measures for a year: the whole council, or one
    /// team, unit or practitioner.
    ///
    /// Children's measures count the collection year ending 31 March YEAR,
    /// the workforce measures the year to 30 September YEAR, as the DfE
    /// publishes them; --as-at gives the 12 months to that date instead.
    Outcomes {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        args: OutcomesArgs,
    },
    /// Manage user accounts.
    User {
        #[command(flatten)]
        data: DataArgs,
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    /// Add a user (the password is read from standard input, or generated and printed).
    Add {
        username: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// Discipline: social_worker, family_practitioner, practice_assistant, volunteer,
        /// domestic_abuse_specialist, mental_health_specialist, substance_use_specialist,
        /// independent_reviewing_officer, manager, data_team, administrator.
        #[arg(long)]
        discipline: String,
        /// Social Work England registration number, e.g. SW123456.
        #[arg(long)]
        registration: Option<String>,
        /// Team name to join.
        #[arg(long)]
        team: Option<String>,
        /// The user is employed through an agency.
        #[arg(long)]
        agency: bool,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Disable a user: no sign-in, sessions ended, tokens revoked.
    Disable { username: String },
    /// Set a new one-time password and print it.
    ResetPassword { username: String },
    /// Issue a new API token for the user and print it (shown once).
    Token { username: String },
}

/// Output formats of `hearth validate`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// child_id,rule_code,table,row_id,rule_type
    Csv,
    /// Every finding with its rule's message and fields, and counts by rule.
    Json,
    /// Counts by rule with the DfE message, for reading.
    Summary,
}

#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    /// Collection year, named by the year it ends (2026 is 2025/26).
    #[arg(long, default_value_t = 2026)]
    pub year: i32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Csv)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum ValidateCollection {
    /// The SSDA903 return: a folder of the DfE CSV tables (or XML files), or a zip of them.
    #[command(name = "903")]
    Ssda903 {
        /// Folder (or .zip) holding header.csv, episodes.csv, ... or .xml files.
        input: PathBuf,
        /// Last year's return, for the rules that compare with it.
        #[arg(long, value_name = "DIR")]
        prev: Option<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// The CIN census: one XML file.
    Cin {
        /// The census XML file.
        input: PathBuf,
        #[command(flatten)]
        report: ReportArgs,
    },
}

/// The latest collection year that has ended (2026 from 31 March 2026): what
/// an export takes when no year is given.
fn latest_complete_year() -> i32 {
    hearth_synth::latest_complete_collection_year(time::OffsetDateTime::now_utc().date())
}

#[derive(Subcommand, Debug)]
pub enum ExportCollection {
    /// The SSDA903 return: one CSV file per table (or one XML file).
    #[command(name = "903")]
    Ssda903 {
        /// Collection year, named by the year it ends (2026 is 2025/26); the
        /// latest complete one if not given.
        #[arg(long, default_value_t = latest_complete_year())]
        year: i32,
        /// Folder to write the tables into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// csv (the DfE upload's tables) or xml.
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// The CIN census XML.
    Cin {
        /// Collection year, named by the year it ends; the latest complete
        /// one if not given.
        #[arg(long, default_value_t = latest_complete_year())]
        year: i32,
        /// File to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The council's three-digit LA code for the header.
        #[arg(long, default_value = "201", env = "HEARTH_LA_CODE")]
        la: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCollection {
    /// An SSDA903 return: a folder of its CSV tables (or XML files).
    #[command(name = "903")]
    Ssda903 {
        input: PathBuf,
        /// The collection year the return is for (2026 is 2025/26), which its
        /// outcomes (OC2) and care leavers' answers (OC3) are recorded against.
        #[arg(long, default_value_t = 2026)]
        year: i32,
    },
    /// A CIN census XML file.
    Cin { input: PathBuf },
    /// A council's HR extract of staff contracts (CSV with the header
    /// username,start,end,fte,agency,case_holding,social_worker,leaving_reason;
    /// one row per contract), for the workforce measures. Practitioners are
    /// matched by username; a bad row refuses the whole file, naming its line
    /// and field.
    Staff { input: PathBuf },
    /// The council's child population by single year of age, for the rates
    /// per 10,000 (CSV with the header year,age,count,source; every age from
    /// 0 to 17 for each year). A year already recorded is replaced.
    Population { input: PathBuf },
}

#[derive(Args, Debug, Clone)]
pub struct OutcomesArgs {
    /// The year (2026 is the collection year 2025/26 and the workforce year
    /// to September 2026).
    #[arg(long)]
    pub year: Option<i32>,
    /// The rolling 12 months to this date (YYYY-MM-DD) instead of a year.
    #[arg(long, value_name = "DATE", conflicts_with = "year")]
    pub as_at: Option<String>,
    /// One team, by name or id.
    #[arg(long, value_name = "T", conflicts_with_all = ["unit", "worker"])]
    pub team: Option<String>,
    /// One unit, by name or id.
    #[arg(long, value_name = "U", conflicts_with = "worker")]
    pub unit: Option<String>,
    /// One practitioner, by username or id.
    #[arg(long, value_name = "W")]
    pub worker: Option<String>,
    /// Every scope: the council, each team, each unit and each practitioner
    /// (JSON: an array of reports; CSV: every scope's rows; table: a count).
    #[arg(long, conflicts_with_all = ["team", "unit", "worker"])]
    pub all_scopes: bool,
    /// Print how long reading the record and computing took, on standard error.
    #[arg(long)]
    pub timings: bool,
    /// How to print the measures.
    #[arg(long, value_enum, default_value_t = OutcomesFormat::Table)]
    pub format: OutcomesFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomesFormat {
    Table,
    Json,
    Csv,
}
