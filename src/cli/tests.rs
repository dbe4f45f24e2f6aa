//! The command line: consistent for clap, filters anywhere, names and formats, -o.

use super::*;
use clap::CommandFactory;

#[test]
fn cli_is_consistent() {
    Cli::command().debug_assert();
    Cli::shown().debug_assert();
}

#[test]
fn filters_go_anywhere() {
    let c = Cli::try_parse_from([
        "x",
        "export",
        "--group-by",
        "day",
        "--origin",
        "SLACK",
        "--demo",
        "--product",
        "a",
        "--product",
        "b",
    ])
    .unwrap();
    assert!(c.global.demo);
    assert_eq!(c.filters.products, vec!["a", "b"]);
    assert!(Cli::try_parse_from(["x", "--last", "7d", "--from", "2026-01-01"]).is_err());
    // A forgotten value does not swallow the next flag.
    for args in [
        ["x", "export", "--from", "--compare"],
        ["x", "export", "--against", "--to"],
    ] {
        let e = Cli::try_parse_from(args).unwrap_err().to_string();
        assert!(e.contains("is a flag, not a date"), "{e}");
    }
    // A value given on both sides of the subcommand: one side would be dropped unsaid.
    for args in [
        &["x", "--from", "2026-11-20", "export", "--last", "3d"][..],
        &["x", "--product", "A", "export", "--product", "B"][..],
        &["x", "--team=a", "export", "--team", "b"][..],
        &["x", "--last", "3d", "report", "--last=5d"][..],
    ] {
        let e = Cli::try_parse_checked_from(args).unwrap_err().to_string();
        assert!(
            e.contains("before") && e.contains("give the filters after '"),
            "{args:?}: {e}"
        );
    }
    for args in [
        &["x", "--last", "3d", "export", "--group-by", "day"][..],
        &["x", "--input", "export", "export", "--product", "A"][..],
        &["x", "export", "--from", "-7d", "--to", "-3d"][..],
        &["x", "--config", "c.toml", "export", "--last", "3d"][..],
    ] {
        assert!(Cli::try_parse_checked_from(args).is_ok(), "{args:?}");
    }
    // Flags the command would drop unsaid.
    for args in [
        &["x", "serve-demo", "--team", "x"][..],
        &["x", "serve-demo", "--input", "rows.json"][..],
        &["x", "--config", "c.toml", "serve-demo"][..],
        &["x", "config", "check", "--from", "2026-11-01"][..],
        &["x", "man", "--last", "7d"][..],
        &["x", "export", "--demo", "--base-url", "https://x.example"][..],
        &["x", "config", "show", "--demo"][..],
        &["x", "--input", "rows.json", "config", "path"][..],
        &[
            "x",
            "--input",
            "rows.json",
            "--base-url",
            "https://x.example",
        ][..],
        &[
            "x",
            "export",
            "--input",
            "r.json",
            "--product-id",
            "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        ][..],
    ] {
        let e = Cli::try_parse_checked_from(args).unwrap_err().to_string();
        assert!(
            e.contains("do nothing") && e.contains("leave them out"),
            "{args:?}: {e}"
        );
    }
    assert!(Cli::try_parse_checked_from(["x", "config", "show", "--profile", "a"]).is_ok());
    assert!(Cli::try_parse_checked_from(["x", "config", "check", "--demo"]).is_ok());
    let e = Cli::try_parse_checked_from(["x", "config", "check", "--input", "rows.json"]);
    let e = e.unwrap_err().to_string();
    assert!(
        e.contains("'config check' asks the API: --input does nothing"),
        "{e}"
    );
    assert!(Cli::try_parse_checked_from(["x", "serve-demo", "--quiet", "--users", "9"]).is_ok());
    // Nor is the date after the next flag taken for a stray argument.
    let e = Cli::try_parse_checked_from(["x", "export", "--from", "--to", "2026-11-01"]);
    let e = e.unwrap_err().to_string();
    assert!(e.contains("--from needs a value before --to"), "{e}");
    // Under the subcommand's usage line, as clap's own errors are; the dashboard's own.
    assert!(e.contains("Usage: clarityq-usage export [OPTIONS]"), "{e}");
    let e = Cli::try_parse_checked_from(["x", "--from", "--to", "2026-11-01"]);
    let e = e.unwrap_err().to_string();
    assert!(e.contains("--from needs a value before --to"), "{e}");
    assert!(
        e.contains("Usage: clarityq-usage [OPTIONS] [COMMAND]"),
        "{e}"
    );
    assert!(Cli::try_parse_checked_from(["x", "export", "--from", "-7d", "--to", "-1d"]).is_ok());
    // Another flag's missing value stays clap's to name.
    let e = Cli::try_parse_checked_from(["x", "export", "--search", "--from", "--to", "1"]);
    assert!(!e.unwrap_err().to_string().contains("--from needs"));
    // --theme goes after a subcommand too: `config show` reports it.
    assert!(Cli::try_parse_from(["x", "config", "show", "--theme", "light"]).is_ok());
    // A period back from today is a value, not a flag, as the help says.
    let c = Cli::try_parse_from(["x", "export", "--from", "-7d", "--to", "-1d"]).unwrap();
    assert_eq!(c.filters.from.as_deref(), Some("-7d"));
    assert_eq!(c.filters.to.as_deref(), Some("-1d"));
}

#[test]
fn clap_names_are_the_export_names() {
    for a in GroupByArg::value_variants() {
        let name = a.to_possible_value().unwrap().get_name().to_string();
        assert_eq!(GroupBy::from(*a).as_str(), name);
        assert_eq!(GroupBy::parse(&name), Some(GroupBy::from(*a)));
    }
    for a in FormatArg::value_variants() {
        let name = a.to_possible_value().unwrap().get_name().to_string();
        assert_eq!(Format::from(*a).as_str(), name);
        assert_eq!(Format::parse(&name), Some(Format::from(*a)));
    }
    let c = Cli::try_parse_from(["x", "export", "--format", "ndjson"]).unwrap();
    let Some(Command::Export(e)) = c.command else {
        panic!("export")
    };
    assert_eq!(e.format(), Ok(Format::Ndjson));
    assert_eq!(GroupBy::from(e.group_by), GroupBy::Row, "the default");
}

#[test]
fn the_output_file_names_the_format_and_dash_is_stdout() {
    let export = |args: &[&str]| {
        let c = Cli::try_parse_from([&["x", "export"], args].concat()).unwrap();
        let Some(Command::Export(e)) = c.command else {
            panic!("export")
        };
        e
    };
    for (args, want) in [
        (&["-o", "r.json"][..], Format::Json),
        (&["-o", "r.JSONL"], Format::Ndjson),
        (&["-o", "r.txt"], Format::Table),
        (&["-o", "usage"], Format::Csv),
        (&["-o", "r.xlsx", "--format", "csv"], Format::Csv),
        (&["-o", "r.json", "--format", "json"], Format::Json),
        (&[], Format::Csv),
    ] {
        assert_eq!(export(args).format(), Ok(want), "{args:?}");
    }
    // The demo and a saved file are two sources: one at a time (the file won silently).
    let both = Cli::try_parse_checked_from(["x", "--demo", "export", "--input", "f.json"]);
    let both = both.unwrap_err().to_string();
    assert!(both.contains("two sources"), "{both}");
    assert!(
        both.contains("Usage: clarityq-usage export [OPTIONS]"),
        "{both}"
    );
    // A flag's value that names a subcommand is a value (a file named `export`), with or
    // without `=`; a word that is not UTF-8 is skipped.
    for args in [
        &["x", "--input", "export", "report", "--demo"][..],
        &["x", "--input=export", "report", "--demo"],
    ] {
        let e = Cli::try_parse_checked_from(args).unwrap_err().to_string();
        assert!(
            e.contains("Usage: clarityq-usage report [OPTIONS]"),
            "{args:?}: {e}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let odd = std::ffi::OsString::from_vec(b"--input=\xff.json".to_vec());
        let args = ["x".into(), odd, "report".into(), "--demo".into()];
        let e = Cli::try_parse_checked_from(args).unwrap_err().to_string();
        assert!(e.contains("Usage: clarityq-usage report [OPTIONS]"), "{e}");
    }
    // Clap's own errors, as the user reads them: one line, naming the help of the
    // subcommand they were for (clap gives its usage for an unknown flag only).
    for (args, said) in [
        (&["x", "export", "--format"][..], "a value is required"),
        (&["x", "export", "--format", "xml"], "invalid value 'xml'"),
        (&["x", "report", "--to"], "a value is required"),
        (&["x", "export", "--bogus"], "unexpected argument '--bogus'"),
    ] {
        let e = Cli::try_parse_checked_from(args).unwrap_err();
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        let line = error_line::<Cli>(&e, &args);
        assert!(line.starts_with(said), "{args:?}: {line}");
        let help = format!("; see 'clarityq-usage {} --help'", args[1].display());
        assert!(line.ends_with(&help) && !line.contains('\n'), "{line}");
    }
    let help = Cli::try_parse_checked_from(["x", "export", "--help"]).unwrap_err();
    assert!(!help.use_stderr());
    // An extension that names no format is refused (it wrote CSV without a word).
    let e = export(&["-o", "r.xlsx"]).format().unwrap_err();
    assert!(
        e.contains("no format is named .xlsx") && e.contains("--format"),
        "{e}"
    );
    // Nor is a flag the file's ending contradicts; one that agrees, or an ending that
    // names nothing, is taken.
    let e = export(&["-o", "u.csv", "--format", "json"])
        .format()
        .unwrap_err();
    assert!(
        e.contains("a .csv file is not the --format asked for"),
        "{e}"
    );
    // An ending of the other command's formats contradicts the flag as much.
    let e = export(&["-o", "u.html", "--format", "csv"])
        .format()
        .unwrap_err();
    assert!(
        e.contains("a .html file is not the --format asked for"),
        "{e}"
    );
    let ok = |args: &[&str]| export(args).format().unwrap();
    assert_eq!(ok(&["-o", "u.CSV", "--format", "csv"]), Format::Csv);
    assert_eq!(ok(&["-o", "u.out", "--format", "json"]), Format::Json);
    assert_eq!(ok(&["-o", "-", "--format", "json"]), Format::Json);
    assert_eq!(output_file(&export(&["-o", "-"]).output), None);
    let e = export(&["-o", "./-"]);
    assert_eq!(output_file(&e.output), Some(std::path::Path::new("./-")));
}

/// A flag a subcommand's help hides is one it refuses (the two lists cannot drift), and
/// the flags it takes still show.
#[test]
fn hidden_flags_are_the_refused_ones() {
    let mut cmd = Cli::shown();
    cmd.build();
    let mut hidden = 0;
    for (sub, _) in super::shown::REFUSED {
        let path: Vec<&str> = sub.split(' ').collect();
        let mut found = cmd.find_subcommand(path[0]).unwrap();
        if let Some(inner) = path.get(1) {
            found = found.find_subcommand(inner).unwrap();
        }
        for a in found.get_arguments().filter(|a| a.is_hide_set()) {
            let long = format!("--{}", a.get_long().unwrap());
            let value = match a.get_id().as_str() {
                _ if !a.get_action().takes_values() => None,
                "from" | "to" => Some("2026-11-01"),
                "last" => Some("7d"),
                "against" => Some("2026-10"),
                "theme" => Some("dark"),
                _ => Some("x"),
            };
            let mut args = vec!["x"];
            args.extend(&path);
            args.extend([long.as_str()].into_iter().chain(value));
            // `completions` needs its shell, `config` one of its own subcommands.
            args.extend(match *sub {
                "completions" => &["bash"][..],
                "config" => &["show"][..],
                _ => &[][..],
            });
            let e = Cli::try_parse_checked_from(&args).unwrap_err().to_string();
            assert!(
                e.contains("leave them out") || e.contains("leave it out"),
                "{args:?}: {e}"
            );
            hidden += 1;
        }
    }
    // Eight filters in each, the eight sources besides in serve-demo's, in config show,
    // init and path config's eight filters and --demo and --input, and --theme in the
    // three commands that write data.
    assert_eq!(hidden, 8 * 4 + 8 + 3 * (8 + 2) + 3);
    let config = cmd.find_subcommand_mut("config").unwrap();
    let show = config.find_subcommand_mut("show").unwrap();
    let help = show.render_help().to_string();
    assert!(
        !help.contains("--demo") && !help.contains("--input"),
        "{help}"
    );
    let check = config.find_subcommand_mut("check").unwrap();
    assert!(check.render_help().to_string().contains("--demo"));
    let demo = cmd.find_subcommand_mut("serve-demo").unwrap();
    let help = demo.render_help().to_string();
    assert!(
        !help.contains("--input") && !help.contains("Filters"),
        "{help}"
    );
    assert!(
        help.contains("--users") && help.contains("--quiet"),
        "{help}"
    );
    // Its quiet in its own words: it has no progress line nor breach to leave out.
    assert!(
        help.contains("each request served") && !help.contains("breach"),
        "{help}"
    );
    let export = cmd.find_subcommand_mut("export").unwrap();
    let help = export.render_help().to_string();
    assert!(
        help.contains("--input") && help.contains("--team"),
        "{help}"
    );
}

/// The pages `man` completes are the subcommands clap has, and `help`.
#[test]
fn the_pages_man_offers_are_the_subcommands() {
    let cmd = Cli::shown();
    let mut names: Vec<&str> = cmd.get_subcommands().map(clap::Command::get_name).collect();
    names.push("help");
    let (mut a, mut b) = (names, super::offered::PAGES.to_vec());
    a.sort_unstable();
    b.sort_unstable();
    a.dedup();
    assert_eq!(a, b);
}
