//! `report`: the range and its previous period (same filters), and, with the origin
//! filter off, one request per origin for the origin share (as the dashboard's detail
//! does); written as Markdown, HTML or JSON to stdout or `-o FILE` (0600, whole or not
//! at all).

use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, SecondsFormat, Utc};

use crate::analytics::origins::OriginCheck;
use crate::api::{Origin, UsageQuery};
use crate::cli::{FilterArgs, GlobalArgs, ReportArgs};
use crate::dates::today_utc;
use crate::model::RangeSpec;
use crate::report::{Context, Report, render};
use crate::source::Source;

use super::load::Reading;
use super::progress::Progress;
use super::{AppError, filters, load, open};

/// What to fetch beside the range and its previous period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extras {
    /// Only the figures (`check`).
    None,
    /// The origin share too (`report`).
    Origins,
}

/// Runs `report`.
pub async fn run(g: &GlobalArgs, f: &FilterArgs, args: &ReportArgs) -> Result<(), AppError> {
    let format = args.format().map_err(AppError::Usage)?;
    super::console::check_output(crate::cli::output_file(&args.output))?;
    let report = build(g, f, args.mask, Extras::Origins).await?;
    write(
        &render(&report, format),
        crate::cli::output_file(&args.output),
    )
}

/// Loads the range, its previous period (and the origins when asked) and computes the
/// report: shared with `check`, so a check reads the same figures a report shows.
pub(crate) async fn build(
    g: &GlobalArgs,
    f: &FilterArgs,
    mask: bool,
    extras: Extras,
) -> Result<Report, AppError> {
    // Loaded once: its warnings are said once, even when the file is read twice.
    let settings = super::load_settings(g)?;
    // One day for both readings: a held one after midnight would resolve another range.
    let today = today_utc();
    let read = |how| build_from(g, (f, &settings), (mask, extras), (how, today));
    load::folded_else_held(read).await
}

/// A saved file that is not there is said first (asking for a range it cannot give
/// misled), then one read without a range (its previous period could not be found).
fn check_saved(g: &GlobalArgs, spec: RangeSpec) -> Result<(), AppError> {
    if let Some(path) = g.input.as_deref().filter(|p| p.as_os_str() != "-") {
        crate::model::input_len(path).map_err(AppError::Input)?;
    }
    if g.input.is_some() && spec == RangeSpec::Infer {
        return Err(AppError::Usage(
            "--input needs a range here (--from/--to or --last): the previous period is found in the same file".into(),
        ));
    }
    Ok(())
}

/// [`build`], reading a saved file as `how` says: `None` when its periods must be read
/// again held (`load::needs_held`).
async fn build_from(
    g: &GlobalArgs,
    (f, settings): (&FilterArgs, &crate::config::Settings),
    (mask, extras): (bool, Extras),
    (how, today): (Reading, NaiveDate),
) -> Result<Option<Report>, AppError> {
    let saved = g.input.is_some();
    let (spec, query) = filters::resolve(f, settings, today, saved)?;
    let scope = super::teams::TeamScope::new(f, settings)?;
    check_saved(g, spec)?;
    let against = filters::against(f, spec, today)?;
    if let Some(w) = filters::unequal_against(f, spec, against) {
        super::console::say(&w);
    }
    let read = load::read_spec(spec, true, against, saved)?;
    let how = match load::saved_periods(g.input.as_deref(), how, (spec, against)) {
        Some(path) => open::Saved::Periods(path, scope.keep_fn()),
        None => open::Saved::Held,
    };
    let opened = open::open_as(g, settings, today, (read, how)).await?;
    let progress = Progress::new(g.quiet, g.input.is_some());
    let on_event = |e| progress.on_event(e);
    let (query, named) = super::products::by_name(f, &opened.source, query, &on_event).await?;
    let fetched = async {
        let usage = scope.narrow(load::fetch(&opened.source, spec, &query, &progress).await?);
        let previous = load::previous(&opened.source, (&usage, against), &query, &progress);
        let previous = scope.narrow(previous.await?);
        let shares = match extras {
            Extras::Origins => {
                origin_share(&opened.source, spec, &query, &scope, &progress).await?
            }
            Extras::None => (None, None),
        };
        Ok::<_, AppError>((usage, previous, shares))
    }
    .await;
    progress.finish();
    let (usage, previous, shares) = fetched?;
    if load::needs_held(&opened.source, &usage, &previous) {
        return Ok(None);
    }
    let narrowed = query.narrows_people_or_products() || scope.narrows();
    let mut warnings =
        super::warnings::warn(&opened.source, &usage, Some(&previous), narrowed, g.quiet);
    // In the report too: a search that matched no one read as an organization with no
    // prompts, to a reader who never saw the terminal.
    for line in super::filters::unmatched(&query, &[&usage, &previous]) {
        super::console::say(&line);
        warnings.push(line.trim_start_matches("warning: ").to_string());
    }
    let (origins, origins_note) = trusted_origins(usage.total(), shares);
    // As the warning about it judges: every day of the previous period before the file.
    let before = super::warnings::before_file(&[&usage, &previous], previous.range());
    let previous_before_file =
        saved && before.is_some_and(|(_, days)| days == previous.range().len_days() as i64);
    let ctx = Context {
        // A saved file's name can be the email of the person it is about.
        source: match mask {
            true => crate::mask::mask_words(&opened.label),
            false => opened.label.clone(),
        },
        origin: query.origin,
        products: product_names(
            &query.product_ids,
            [usage.products(), previous.products(), &named],
        ),
        search: query.search.clone(),
        teams: scope.names(),
        generated_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
        today: Some(today),
        mask,
        origins,
        origins_note,
        warnings,
        week_start: settings.week_start()?,
        previous_before_file,
    };
    Ok(Some(Report::build(&usage, &previous, &ctx)))
}

/// The products asked for, by name where the rows name them (as the dashboard's report
/// lists them: `--product "Sales Assistant"` read back as its id told a manager nothing),
/// else by id. The names come from the two periods, then from the products `--product`
/// named (a team with no rows of one kept none of its names).
fn product_names(ids: &[uuid::Uuid], known: [&[crate::model::Product]; 3]) -> Vec<String> {
    let name = |id: &uuid::Uuid| {
        let mut all = known.iter().flat_map(|p| p.iter());
        all.find(|p| p.id == *id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    ids.iter().map(name).collect()
}

type Shares = (Option<Vec<(Origin, u64)>>, Option<String>);

/// The prompts of each origin: three requests, run together; none for a saved response
/// (it holds no origins) or when the report is of one origin already.
async fn origin_share(
    source: &Source,
    spec: RangeSpec,
    q: &UsageQuery,
    scope: &super::teams::TeamScope,
    progress: &Progress,
) -> Result<Shares, AppError> {
    if let Some(o) = q.origin {
        return Ok((None, Some(crate::report::one_origin_note(o))));
    }
    if matches!(source, Source::Fixed(_) | Source::Saved(..)) {
        return Ok((None, Some(crate::report::SAVED_NO_ORIGINS.into())));
    }
    let fetches = Origin::ALL.map(|o| {
        let q = q.with_origin(Some(o));
        async move {
            let u = scope.narrow(load::fetch(source, spec, &q, progress).await?);
            Ok::<_, AppError>((o, u.total()))
        }
    });
    let totals = futures_util::future::try_join_all(fetches).await?;
    Ok((Some(totals), None))
}

/// The origin shares, unless the origins' prompts do not add up to the range's: a server
/// counting across all origins even for one would make the shares a silent three-way
/// split. Then the report shows a note in their place, as the dashboard hides its
/// origins block, and one line on stderr says why.
fn trusted_origins(total: u64, (origins, note): Shares) -> Shares {
    let Some(each) = origins.as_deref() else {
        return (origins, note);
    };
    let each: Vec<Option<u64>> = each.iter().map(|(_, n)| Some(*n)).collect();
    let Some(line) = OriginCheck::of(total, &each).warning() else {
        return (origins, note);
    };
    super::console::say(&format!("warning: {line}"));
    let note = format!("Origin share not shown: {line}.");
    (None, Some(note))
}

/// Writes the report to `-o FILE` (through a temporary file renamed over it, 0600) or to
/// stdout (through the terminal filter when stdout is a terminal).
fn write(text: &str, output: Option<&Path>) -> Result<(), AppError> {
    let Some(path) = output else {
        return super::console::print(text);
    };
    let mut out = crate::private_file::Output::open(path)
        .map_err(|e| super::console::cannot_write(path, &e))?;
    // The whole text is written, then renamed: a failure leaves no partial file. A path
    // opened that then fails (a full disk, `-o /dev/full`) is what export says of it.
    let written = (out.writer().write_all(text.as_bytes())).and_then(|()| out.finish());
    super::console::outcome_to(written, "the report", path)
}
