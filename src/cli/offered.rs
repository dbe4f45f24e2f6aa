//! Values the shells' completion offers for flags whose values the commands check with
//! their own messages (any case, a line that says what to use): clap's own value lists
//! would refuse in its words, and without a list bash offered file names.

/// A flag's value as given (the command checks it, with its own message: any case, and
/// a line that says what to use), with the values for the shells' completion to offer
/// (without them, bash offered file names for `--status`).
#[derive(Clone)]
pub(super) struct Offered(pub(super) fn() -> Vec<&'static str>);

/// The origins `--origin` takes, from the one list of them.
pub(super) fn origin_names() -> Vec<&'static str> {
    let origins = crate::api::Origin::ALL.map(crate::api::Origin::as_str);
    origins.into_iter().chain(["all"]).collect()
}

/// The pages `man` makes: the subcommands and `help` (a test holds them to clap's list).
pub(super) const PAGES: &[&str] = &[
    "export",
    "report",
    "check",
    "serve-demo",
    "config",
    "completions",
    "man",
    "help",
];

impl clap::builder::TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let names = (self.0)()
            .into_iter()
            .map(clap::builder::PossibleValue::new);
        Some(Box::new(names))
    }
}
