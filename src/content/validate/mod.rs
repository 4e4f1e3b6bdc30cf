//! Checks across files, in two steps: references and duplicates between the parsed records
//! (`references`), then, on the model built from them, every link and address written in content
//! (`links`), through the model's one link resolver and URL policy.

mod links;
mod references;

pub(crate) use links::{check as links, Presence};
pub(crate) use references::check as references;
