//! Where `-o` writes and in which format: one rule for `export` and `report`.

use std::path::{Path, PathBuf};

/// The file `-o` names; `None` for stdout, which `-o -` asks for as `--input -` asks for
/// stdin (it wrote a file named `-`).
pub fn output_file(output: &Option<PathBuf>) -> Option<&Path> {
    output.as_deref().filter(|p| p.as_os_str() != "-")
}

/// The endings of a format of `export` or `report`, which a program opens by them (a
/// `.txt` is anyone's).
const OTHERS: [&str; 8] = [
    "csv", "json", "ndjson", "jsonl", "md", "markdown", "html", "htm",
];

/// The format `flag` gives, else the one `-o`'s extension names, else the default. An
/// extension that names none is an error: `-o usage.xlsx` wrote CSV without a word. So is
/// a flag that contradicts the extension: `-o usage.csv --format json` wrote JSON into a
/// file every spreadsheet then opened as CSV.
pub fn format_for<F: Default + PartialEq>(
    flag: Option<F>,
    output: &Option<PathBuf>,
    named: fn(&Path) -> Option<F>,
    known: &str,
) -> Result<F, String> {
    let Some(path) = output_file(output) else {
        return Ok(flag.unwrap_or_default());
    };
    let ext = path.extension().map(|e| e.to_string_lossy());
    // An ending the command has no format for, that another command writes, is the
    // wrong file too: `report -o usage.csv --format json` wrote JSON into a `.csv`.
    let other = |ext: &str| OTHERS.contains(&ext.to_ascii_lowercase().as_str());
    let contradicts = |f: &F, n: &Option<F>, ext: &str| n.as_ref().map_or(other(ext), |n| f != n);
    match (flag, named(path), ext) {
        (Some(f), n, Some(ext)) if contradicts(&f, &n, &ext) => Err(format!(
            "-o {}: a .{ext} file is not the --format asked for: end the name for that \
             format, or leave --format out (the ending then picks it)",
            path.display()
        )),
        (Some(f), _, _) | (None, Some(f), _) => Ok(f),
        (None, None, None) => Ok(F::default()),
        (None, None, Some(ext)) => Err(format!(
            "-o {}: no format is named .{ext}: end the name in {known}, or give --format",
            path.display()
        )),
    }
}
