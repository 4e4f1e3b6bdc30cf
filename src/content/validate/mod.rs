//! Checks across files (`references`).

mod references;

pub(crate) use references::check;
