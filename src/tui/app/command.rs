//! `y`: the `export` command line that reproduces the view on screen (never the key).

use super::App;

impl App {
    /// The `export` command line that reproduces this view (never the key).
    pub fn export_command(&self) -> String {
        let q = &self.query;
        let mut args: Vec<String> = self.command_base.clone();
        args.extend(["export".into(), "--group-by".into(), "user".into()]);
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
        if let Some(s) = &q.search {
            args.extend(["--search".into(), s.clone()]);
        }
        args.iter()
            .map(|a| shell_quote(a))
            .collect::<Vec<_>>()
            .join(" ")
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
