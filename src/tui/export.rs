//! `e`: the people of the view on screen written as CSV, in the screen's order, the
//! header first (the file's name says the range and origin). The columns are those of
//! `export --group-by user` (one rule for both, in `crate::export`); the file is 0600.
//! In a person's detail, their rows, each saying whose it is (and the file's name too).
//! `E`: the view's report as HTML, built by `crate::report` as `clarityq-usage report`
//! builds it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::person::PersonRow;
use crate::export::csv_field;
use crate::model::Usage;

/// One file to write, everything in it decided by `update` from the state on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportJob {
    pub usage: Arc<Usage>,
    /// Indexes into `usage.users()`, in the order on screen (without a previous period).
    pub order: Vec<u32>,
    /// With the previous period: the people on screen, in its order, dormant ones too,
    /// written with their change columns.
    pub compared: Option<(Arc<Usage>, Vec<crate::analytics::PersonChange>)>,
    /// The view in the file's name (range and origin; first who, for a person's rows).
    pub name: String,
    /// In a person's detail: that person's rows, written instead of the people.
    pub person: Option<PersonFile>,
    /// With `[teams]`: the team of each person written (of `order`, or of `compared`'s
    /// people), written as a last `team` column.
    pub teams: Option<Vec<String>>,
}

/// A person's rows for `e` in their detail, with who they are: without it, two people's
/// files written in one second differed by a `-2` alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFile {
    pub id: uuid::Uuid,
    /// Their email, whole: `e`'s files are data (only the file's name follows `m`).
    pub email: String,
    pub rows: Vec<PersonRow>,
}

/// What `E` writes: the view and its previous period, and the filters the header shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportJob {
    pub current: Arc<Usage>,
    pub previous: Arc<Usage>,
    pub source: String,
    pub origin: Option<crate::api::Origin>,
    /// Product names (ids when unknown); empty: all.
    pub products: Vec<String>,
    pub search: Option<String>,
    /// The team the view shows (empty: everyone).
    pub teams: Vec<String>,
    /// Each origin's prompts, from the Origins block when they add up to the view's.
    pub origins: Option<Vec<(crate::api::Origin, u64)>>,
    /// The view is of a saved response, which has no origins to share.
    pub saved: bool,
    pub today: chrono::NaiveDate,
    pub mask: bool,
    /// The first day of the report's weeks (the config's `week_start`).
    pub week_start: crate::analytics::WeekStart,
    /// The view in the file's name (its range).
    pub name: String,
}

/// The answers' warnings, as the KPI strip says them: a report of a saved file's view
/// said nothing of the days its comparison lacked.
fn warnings(job: &ReportJob) -> Vec<String> {
    let (now, before) = (job.current.warnings(), job.previous.warnings());
    let mut out = Vec::new();
    if !now.is_empty() {
        out.push(now.to_string());
    }
    if !before.is_empty() {
        out.push(format!("previous period: {before}"));
    }
    out
}

/// Writes the report of `job` into `dir` as `clarityq-usage-report-<range>-<HHMMSS>.html`
/// (0600, never over an existing file).
pub fn write_report(job: &ReportJob, dir: &Path, stamp: DateTime<Utc>) -> io::Result<PathBuf> {
    let ctx = crate::report::Context {
        source: job.source.clone(),
        origin: job.origin,
        products: job.products.clone(),
        search: job.search.clone(),
        teams: job.teams.clone(),
        generated_at: stamp.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        today: Some(job.today),
        mask: job.mask,
        origins: job.origins.clone(),
        origins_note: match (job.origin, &job.origins) {
            (Some(o), _) => Some(crate::report::one_origin_note(o)),
            (None, _) if job.saved => Some(crate::report::SAVED_NO_ORIGINS.into()),
            (None, Some(_)) => None,
            (None, None) => Some("Origin share not shown: the origins' figures did not add up to this view's when the report was written.".into()),
        },
        warnings: warnings(job),
        week_start: job.week_start,
        // The dashboard's previous period of a saved file is the file's rows seen through
        // it: one outside the file says so itself (`Usage::wholly_outside_file`).
        previous_before_file: false,
    };
    let report = crate::report::Report::build(&job.current, &job.previous, &ctx);
    let html = crate::report::render(&report, crate::report::Format::Html);
    let base = format!(
        "clarityq-usage-report-{}-{}",
        job.name,
        stamp.format("%H%M%S")
    );
    let (path, mut file) = create_unique(dir, &base, "html")?;
    file.write_all(html.as_bytes())?;
    file.sync_all()?;
    Ok(path)
}

/// A new 0600 file `dir/base.ext`, or `base-2.ext`, `base-3.ext`... when one exists.
fn create_unique(dir: &Path, base: &str, ext: &str) -> io::Result<(PathBuf, std::fs::File)> {
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("{base}.{ext}"),
            _ => format!("{base}-{n}.{ext}"),
        };
        let path = dir.join(name);
        match crate::private_file::create_new(&path) {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Writes `job` into `dir` as `clarityq-usage-users-<view>-<HHMMSS>.csv` (`-person-`
/// for one person's rows; a `-2`, `-3`... suffix when a file of that name exists: nothing
/// is ever overwritten).
pub fn write_view(job: &ExportJob, dir: &Path, stamp: DateTime<Utc>) -> io::Result<PathBuf> {
    let base = format!(
        "clarityq-usage-{}-{}-{}",
        if job.person.is_some() {
            "person"
        } else {
            "users"
        },
        job.name,
        stamp.format("%H%M%S")
    );
    let (path, file) = create_unique(dir, &base, "csv")?;
    let mut out = io::BufWriter::new(file);
    // No comment line above the header: CSV has none, and readers took it for the header.
    match &job.person {
        Some(person) => write_person_csv(person, &mut out)?,
        None => match &job.compared {
            Some((prev, people)) => crate::export::write_people_csv(
                &job.usage,
                prev,
                people,
                job.teams.as_deref(),
                &mut out,
            )?,
            None => {
                let order: Vec<usize> = job.order.iter().map(|&i| i as usize).collect();
                crate::export::write_users_csv(&job.usage, &order, job.teams.as_deref(), &mut out)?;
            }
        },
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(path)
}

/// One person's rows: who (their id and email, named as `export --group-by row` names
/// them), date, product, origin (when known: the column is left out otherwise), prompts.
fn write_person_csv(person: &PersonFile, out: &mut dyn Write) -> io::Result<()> {
    let rows = &person.rows;
    let origins = rows.iter().all(|r| r.origin.is_some()) && !rows.is_empty();
    if origins {
        writeln!(
            out,
            "user_id,user_email,date,product_name,origin,prompt_count"
        )?;
    } else {
        writeln!(out, "user_id,user_email,date,product_name,prompt_count")?;
    }
    let who = format!("{},{}", person.id, csv_field(&person.email));
    for r in rows {
        let origin = match r.origin.filter(|_| origins) {
            Some(o) => format!(",{}", o.as_str()),
            None => String::new(),
        };
        writeln!(
            out,
            "{who},{},{}{origin},{}",
            r.date,
            csv_field(&r.product),
            r.count
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::{answer_for, org, today};

    #[test]
    fn writes_the_given_order_under_the_header_0600() {
        let q = crate::api::UsageQuery::new(crate::dates::DateRange::last_days(today(), 30));
        let usage = answer_for(&org(), &q);
        // Fewest prompts first: not the export's own order.
        let mut order: Vec<u32> = (0..usage.users().len() as u32).collect();
        order.sort_by_key(|&i| (usage.user_total(i as usize), i));
        let job = ExportJob {
            usage: usage.clone(),
            order: order.clone(),
            compared: None,
            name: "2026-10-27-2026-11-25".into(),
            person: None,
            teams: None,
        };
        let dir = tempfile::tempdir().unwrap();
        let stamp = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:34:56Z")
            .unwrap()
            .with_timezone(&Utc);
        let path = write_view(&job, dir.path(), stamp).unwrap();
        assert!(path.ends_with("clarityq-usage-users-2026-10-27-2026-11-25-123456.csv"));
        let again = write_view(&job, dir.path(), stamp).unwrap();
        assert!(again.ends_with("clarityq-usage-users-2026-10-27-2026-11-25-123456-2.csv"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The header is the first line: a CSV reader takes the first line for it.
        let mut lines = text.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("user_id,user_email,prompt_count")
        );
        let emails: Vec<&str> = lines.map(|l| l.split(',').nth(1).unwrap()).collect();
        let want: Vec<&str> = order
            .iter()
            .map(|&i| usage.users()[i as usize].email.as_str())
            .collect();
        assert_eq!(emails, want);
    }

    #[test]
    fn a_persons_file_says_whose_rows_they_are_with_origins_when_known() {
        use crate::tui::person::PersonRow;
        let q = crate::api::UsageQuery::new(crate::dates::DateRange::last_days(today(), 30));
        let usage = answer_for(&org(), &q);
        let row = |d: &str, p: &str, o, c| PersonRow {
            date: crate::dates::parse_date(d).unwrap(),
            product: p.into(),
            origin: o,
            count: c,
        };
        let mut job = ExportJob {
            usage,
            order: Vec::new(),
            compared: None,
            name: "view".into(),
            person: Some(PersonFile {
                id: uuid::Uuid::from_u128(7),
                email: "ada@x.io".into(),
                rows: vec![
                    row(
                        "2026-11-25",
                        "Desk, \"new\"",
                        Some(crate::api::Origin::Slack),
                        3,
                    ),
                    row("2026-11-24", "=Sales", Some(crate::api::Origin::App), 2),
                ],
            }),
            teams: None,
        };
        let id = "00000000-0000-0000-0000-000000000007";
        let dir = tempfile::tempdir().unwrap();
        let path = write_view(&job, dir.path(), Utc::now()).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        assert!(name.starts_with("clarityq-usage-person-view-"), "{name}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!(
                "user_id,user_email,date,product_name,origin,prompt_count\n\
                 {id},ada@x.io,2026-11-25,\"Desk, \"\"new\"\"\",SLACK,3\n\
                 {id},ada@x.io,2026-11-24,'=Sales,APP,2\n"
            )
        );
        // An email is a cell like any other: a formula guard, quoting.
        let person = job.person.as_mut().unwrap();
        person.email = "=cmd@x.io".into();
        person.rows = vec![row("2026-11-25", "Desk", None, 4)];
        let path = write_view(&job, dir.path(), Utc::now()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text == format!(
                "user_id,user_email,date,product_name,prompt_count\n{id},'=cmd@x.io,2026-11-25,Desk,4\n"
            ),
            "{text}"
        );
    }
}
