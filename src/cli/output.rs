//! Where `-o` writes and in which format: one rule for `export` and `report`.

use std::path::{Path, PathBuf};

/// The file `-o` names; `None` for stdout, which `-o -` asks for as `--input -` asks for
/// stdin (it wrote a file named `-`).
pub fn output_file(output: &Option<PathBuf>) -> Option<&Path> {
    output.as_deref().filter(|p| p.as_os_str() != "-")
}

/// The format `flag` gives, else the one `-o`'s extension names, else the default. An
/// extension that names none is an error: `-o usage.xlsx` wrote CSV without a word.
pub fn format_for<F: Default>(
    flag: Option<F>,
    output: &Option<PathBuf>,
    named: fn(&Path) -> Option<F>,
    known: &str,
) -> Result<F, String> {
    if let Some(f) = flag {
        return Ok(f);
    }
    let Some(path) = output_file(output) else {
        return Ok(F::default());
    };
    match (named(path), path.extension()) {
        (Some(f), _) => Ok(f),
        (None, None) => Ok(F::default()),
        (None, Some(ext)) => Err(format!(
            "-o {}: no format is named .{}: end the name in {known}, or give --format",
            path.display(),
            ext.to_string_lossy()
        )),
    }
}
