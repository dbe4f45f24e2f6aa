//! Where `-o` writes and in which format: one rule for `export` and `report`.

use std::path::{Path, PathBuf};

/// The file `-o` names; `None` for stdout, which `-o -` asks for as `--input -` asks for
/// stdin (it wrote a file named `-`).
pub fn output_file(output: &Option<PathBuf>) -> Option<&Path> {
    output.as_deref().filter(|p| p.as_os_str() != "-")
}

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
    match (flag, named(path), ext) {
        (Some(f), Some(n), Some(ext)) if f != n => Err(format!(
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
