//! clarityq-usage: a terminal dashboard and exporter of ClarityQ prompt usage.
//!
//! Data flows one way: `config` -> `api` (or a saved response) -> `model` -> views
//! (`export`, `tui`); `cmd` holds the subcommands `main` dispatches to. `demo` is the built-in contract server the demo and tests talk to.

pub mod analytics;
pub mod api;
pub mod bench;
pub mod cache;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod dates;
pub mod demo;
pub mod export;
pub mod logging;
pub mod mask;
pub mod model;
pub mod numbers;
pub mod order;
pub mod parallel;
pub mod paths;
pub mod private_file;
pub mod report;
pub mod sanitize;
pub mod signals;
pub mod small_file;
pub mod source;
pub mod teams;
pub mod tui;
pub mod width;
pub mod windows;
