//! The built-in demo: a deterministic synthetic organization (`org`) served by a contract
//! server (`server`) on loopback. `--demo`, `serve-demo` and every test use it, through
//! the same HTTP client that talks to the real API.

mod fault;
mod org;
mod server;
mod validate;

pub use org::{DemoProduct, DemoUser, Org, OrgSpec, RowFilter};
pub use server::{DemoOptions, DemoServer, Fault, KeySeen, RequestLog, SeenRequest};
