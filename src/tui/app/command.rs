//! What the screen hands out: `y`, the `export` command line that reproduces the view
//! (never the key), and `e`, the people of the view as a file.

use std::sync::Arc;

use super::App;
use super::export::{ExportJob, PersonFile, ReportJob};
use super::keymap::Mode;
use crate::analytics::PersonChange;
use crate::mask::mask_email;
use crate::model::Usage;
use crate::sanitize::for_file_name;
use crate::tui::people::Lens;

/// The view in a file's name, the same for `e` and `E`: its range, then its origin and
/// its team when one is picked (a team's file and the whole organization's, or SLACK's
/// and all origins', were told apart only by the time they were written).
fn view_name(q: &crate::api::UsageQuery, team: Option<&str>) -> String {
    let origin = (q.origin).map(|o| format!("-{}", o.as_str().to_lowercase()));
    let team = team.map(|t| format!("-{}", crate::sanitize::for_file_name(t, 40)));
    format!(
        "{}-{}{}{}",
        q.range.start(),
        q.range.end(),
        origin.unwrap_or_default(),
        team.unwrap_or_default()
    )
}

impl App {
    /// The `export` command line that reproduces this view (never the key): in a
    /// person's detail, their rows, found by their email (the server's search would also
    /// match an email that contains it whole, which is rare).
    pub fn export_command(&self) -> String {
        let q = &self.query;
        let person = self.detail_email().map(str::to_string);
        let mut args: Vec<String> = self.command_base.clone();
        let group = if person.is_some() { "row" } else { "user" };
        args.extend(["export".into(), "--group-by".into(), group.into()]);
        args.extend([
            "--from".into(),
            q.range.start().to_string(),
            "--to".into(),
            q.range.end().to_string(),
        ]);
        if let Some(o) = q.origin {
            args.extend(["--origin".into(), o.as_str().into()]);
        }
        for p in &q.product_ids {
            args.extend(["--product".into(), p.to_string()]);
        }
        if let Some(s) = person.as_ref().or(q.search.as_ref()) {
            args.extend(["--search".into(), s.clone()]);
        }
        if person.is_some() {
            // A person's rows: the lens and the team are about the table of people.
            return quoted(&args);
        }
        if let Some(t) = self.team_shown() {
            args.extend(["--team".into(), t]);
        }
        // The change columns whenever the table shows them (every lens, and the whole
        // list once the previous period is in), and the status a lens keeps.
        let compared = self.lens != Lens::All || self.view.people.compared;
        if compared {
            args.push("--compare".into());
        }
        match self.lens {
            Lens::New => args.extend(["--status", "new"].map(String::from)),
            Lens::Dormant => args.extend(["--status", "dormant"].map(String::from)),
            Lens::MoversUp => args.extend(["--status", "up"].map(String::from)),
            Lens::MoversDown => args.extend(["--status", "down"].map(String::from)),
            Lens::All => {}
        }
        // A calendar range (this month, year to date) is compared with the same span of
        // the previous unit, which the export would not guess: it is named.
        let before = self.previous_range();
        if compared && before != q.range.previous() {
            args.extend([
                "--against".into(),
                format!("{}..{}", before.start(), before.end()),
            ]);
        }
        quoted(&args)
    }
}

/// The words of a command line, each quoted for a POSIX shell.
fn quoted(args: &[String]) -> String {
    args.iter()
        .map(|a| shell_quote(a))
        .collect::<Vec<_>>()
        .join(" ")
}

impl App {
    /// The email of the person whose detail is on screen, if one is.
    fn detail_email(&self) -> Option<&str> {
        match self.mode {
            Mode::Detail => self.view().detail.as_ref().map(|d| d.email.as_str()),
            _ => None,
        }
    }

    /// `y`: the command to copy and the note that says so. In a person's detail the
    /// command names their email: with `m` on, the note masks it (the clipboard cannot);
    /// from a saved file there is no such command (`--search` asks the server).
    pub(super) fn copy_note(&self) -> Result<(String, String), &'static str> {
        let cmd = self.export_command();
        match self.detail_email() {
            Some(_) if self.source == super::SourceKind::Fixed => {
                Err("no command selects one person of a saved file: e writes their rows")
            }
            Some(email) if self.mask => {
                let note = format!("copied: the command for {}'s rows", mask_email(email));
                Ok((cmd, note))
            }
            _ => Ok((cmd.clone(), format!("copied: {cmd}"))),
        }
    }

    /// `E`: the view's report, from the view's data and its previous period's, with the
    /// filters as the header shows them. Refused until both are whole.
    pub fn report_job(&self) -> Result<ReportJob, &'static str> {
        let (now, before) = self.on_screen();
        let (Some(q), Some(usage)) = (&self.shown, now) else {
            return Err("nothing to report yet");
        };
        if self.is_partial() {
            return Err("the view is still loading: report once it is whole");
        }
        if self.narrowing() {
            return Err("the team is still being narrowed: report once it is shown");
        }
        // A previous period wholly outside the saved file read is in the report as the
        // CLI's is (its zeros, said beside the figures): "still loading" never ended.
        let outside = self.previous().filter(|p| p.wholly_outside_file());
        let Some(previous) = before.or(outside) else {
            return Err("the previous period is still loading: report once it is in");
        };
        let products = self.product_names(q);
        Ok(ReportJob {
            origins: (self.source != super::SourceKind::Fixed)
                .then(|| self.origin_counts(usage.total()))
                .flatten(),
            saved: self.source == super::SourceKind::Fixed,
            current: usage.clone(),
            previous: previous.clone(),
            source: self.org_label().to_string(),
            origin: q.origin,
            products,
            search: q.search.clone(),
            teams: self.team_shown().into_iter().collect(),
            today: self.today,
            mask: self.mask,
            week_start: self.week_start,
            name: view_name(q, self.team_shown().as_deref()),
        })
    }

    /// Each origin's prompts as the Origins block shows them, when every origin's answer
    /// is in and they add up to `total` (the report's): `E` wrote "see `clarityq-usage
    /// report`" under figures the screen had.
    fn origin_counts(&self, total: u64) -> Option<Vec<(crate::api::Origin, u64)>> {
        let o = self.view.origins.as_ref()?;
        let each: Option<Vec<_>> = (o.lines.iter())
            .map(|(origin, line)| line.as_ref().map(|l| (*origin, l.total)))
            .collect();
        let each = each?;
        let adds_up = o.check == crate::tui::origins::OriginCheck::AddsUp;
        (adds_up && each.iter().map(|(_, n)| n).sum::<u64>() == total).then_some(each)
    }

    /// `e`: the people on screen, in the screen's order, with the filters and the sort
    /// that made it; why not, when there is nothing whole to write.
    pub fn export_job(&self) -> Result<ExportJob, &'static str> {
        let (now, before) = self.on_screen();
        let (Some(shown), Some(usage)) = (&self.shown, now) else {
            return Err("nothing to export yet");
        };
        if self.is_partial() {
            return Err("the view is still loading: export once it is whole");
        }
        // The figures on screen are still the ones before the change (see `narrowing`).
        if self.narrowing() {
            return Err("the team is still being narrowed: export once it is shown");
        }
        let q = shown;
        // The people on screen, in its order: with the previous period, as the table shows
        // them (dormant people too, with the change columns); without it, this period's.
        let people: Vec<_> = self
            .view
            .order
            .iter()
            .map(|&r| self.view.people.rows[r as usize])
            .collect();
        let order: Vec<u32> = people.iter().filter_map(|p| p.current).collect();
        let compared = match (self.view.people.compared, before) {
            (true, Some(prev)) => Some((prev.clone(), people)),
            _ => None,
        };
        let teams = self.export_teams(usage, &order, compared.as_ref());
        let mut name = view_name(q, self.team_shown().as_deref());
        let person = self.person_file();
        match &person {
            Some((who, _)) => name = format!("{who}-{name}"),
            // The people's file of a lens holds only those people: said in its name too.
            None if self.view.lens != crate::tui::people::Lens::All => {
                name += &format!(
                    "-{}",
                    self.view.lens.label().to_lowercase().replace(' ', "-")
                );
            }
            None => {}
        }
        Ok(ExportJob {
            usage: usage.clone(),
            order,
            compared: compared.filter(|_| person.is_none()),
            name,
            person: person.map(|(_, p)| p),
            teams,
        })
    }

    /// In a person's detail: their rows with who they are, and who in the file's name.
    /// The rows are data and keep the email whole, as the people's CSV does; with `m` on,
    /// the name (which the note after `e` shows on screen) has the start of their id
    /// instead of any of the email.
    fn person_file(&self) -> Option<(String, PersonFile)> {
        let d = self
            .view
            .detail
            .as_ref()
            .filter(|_| self.mode == Mode::Detail)?;
        let id = self.detail?;
        let short = || format!("user-{}", &id.simple().to_string()[..8]);
        let email = d.email.clone();
        let who = match self.mask {
            true => short(),
            false => for_file_name(&d.email, 64),
        };
        let who = if who.trim_matches('_').is_empty() {
            short()
        } else {
            who
        };
        let rows = d.rows.clone();
        Some((who, PersonFile { id, email, rows }))
    }

    /// The team of each row `e` writes, when `[teams]` is configured: the compared
    /// people's, or this period's people's in `order`.
    fn export_teams(
        &self,
        usage: &Usage,
        order: &[u32],
        compared: Option<&(Arc<Usage>, Vec<PersonChange>)>,
    ) -> Option<Vec<String>> {
        match compared {
            Some((prev, people)) => self
                .teams
                .names_of(people.iter().map(|p| p.user(usage, prev).email.as_str())),
            None => self.teams.names_of(
                order
                    .iter()
                    .map(|&i| usage.users()[i as usize].email.as_str()),
            ),
        }
    }
}

/// Quotes an argument for a POSIX shell when it needs it.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::tui::app::tests::{answer, ch, key, loaded};
    use crate::tui::app::{App, Effect};
    use crate::tui::export::ExportJob;

    fn exported(app: &mut App) -> ExportJob {
        match ch(app, 'e').as_slice() {
            [Effect::Export(job)] => job.clone(),
            fx => panic!("{fx:?}"),
        }
    }

    #[test]
    fn a_persons_file_says_whose_rows_they_are_masked_as_the_screen() {
        let (mut app, org) = loaded((120, 40));
        let fx = key(&mut app, KeyCode::Enter);
        answer(&mut app, &org, fx);
        let first = exported(&mut app);
        let email = app.view.detail.as_ref().unwrap().email.clone();
        let who = first.person.as_ref().expect("their rows");
        assert_eq!((who.id, &who.email), (app.detail.unwrap(), &email));
        assert!(
            first.name.starts_with(&format!("{email}-")),
            "{}",
            first.name
        );
        // The next person's file is named apart from the first's.
        ch(&mut app, 'j');
        let next = exported(&mut app);
        assert_ne!(next.name, first.name);
        // With `m`, no plain email in the name the screen shows; the rows are data and
        // keep it whole, as the people's CSV does.
        ch(&mut app, 'm');
        let masked = exported(&mut app);
        let p = masked.person.as_ref().unwrap();
        let plain = &app.view.detail.as_ref().unwrap().email;
        assert_eq!(&p.email, plain);
        assert!(!masked.name.contains(plain.as_str()), "{}", masked.name);
        let local = plain.split('@').next().unwrap();
        assert!(!masked.name.contains(local), "{}", masked.name);
        let id = p.id.simple().to_string();
        assert!(masked.name.starts_with(&format!("user-{}-", &id[..8])));
    }

    /// `E` over a saved response says why there is no origin share as `report` says it
    /// (it said the origins "did not add up", as if the data were wrong).
    #[test]
    fn a_saved_responses_report_says_it_has_no_origins() {
        let (mut app, _) = crate::tui::app::tests::loaded((120, 40));
        app.source = crate::tui::app::SourceKind::Fixed;
        let job = app.report_job().unwrap();
        assert!(job.saved);
        let dir = tempfile::tempdir().unwrap();
        let path = crate::tui::export::write_report(&job, dir.path(), chrono::Utc::now()).unwrap();
        let html = std::fs::read_to_string(path).unwrap();
        assert!(html.contains(crate::report::SAVED_NO_ORIGINS), "{html}");
        assert!(!html.contains("did not add up"));
    }

    /// `e` and `E` name the origin picked alike: a report of SLACK and one of all origins
    /// were told apart only by the time they were written.
    #[test]
    fn the_report_and_the_csv_name_the_origin_alike() {
        let (mut app, org) = loaded((120, 40));
        let all = app.report_job().unwrap().name;
        assert!(!all.contains("slack"), "{all}");
        let fx = ch(&mut app, 'o');
        answer(&mut app, &org, fx);
        let fx = ch(&mut app, 'o');
        answer(&mut app, &org, fx);
        assert_eq!(
            app.shown.as_ref().unwrap().origin,
            Some(crate::api::Origin::Slack)
        );
        let report = app.report_job().unwrap().name;
        assert!(report.ends_with("-slack"), "{report}");
        assert_eq!(report, exported(&mut app).name);
        // A lens's people are named in the CSV's name (the report has every lens).
        let fx = ch(&mut app, 'v');
        answer(&mut app, &org, fx);
        assert_ne!(app.view.lens, crate::tui::people::Lens::All);
        let lensed = exported(&mut app).name;
        assert!(
            lensed.starts_with(&report) && lensed.len() > report.len(),
            "{lensed}"
        );
        assert_eq!(app.report_job().unwrap().name, report);
    }
}
