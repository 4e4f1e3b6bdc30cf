//! The list of pages the site has, and what each page's template receives: one file per family.
//!
//! `jobs` is called once per language. The addresses of the jobs are language-free paths
//! (`/doanh-nghiep/x/`, from `model::urls`); the renderer puts the language prefix in front.
//! Every address the contexts hold already carries the prefix (`/en/doanh-nghiep/x/` on English
//! pages).
//!
//! - `common`: what every page shares (base context, Markdown bodies, descriptions);
//! - `home`: the home page, search and 404;
//! - `directory`: the paginated directory and the enterprise pages;
//! - `facets`: sectors, districts, certifications and industrial parks with their listings;
//! - `stats`: the statistics page;
//! - `sources`: the "Sources and verification" page;
//! - `policies`: the policy library;
//! - `articles`: market notes and news;
//! - `programs`: the programmes and their targets;
//! - `events`: the events and their exhibitors;
//! - `free`: free pages and the handbook page;
//! - `feeds`: Atom feeds, sitemap and robots.txt.

mod articles;
mod common;
mod directory;
mod events;
mod facets;
mod feeds;
mod free;
mod home;
mod policies;
mod programs;
mod sources;
mod stats;

use crate::model::Model;

pub(crate) use common::{base_context, logo_ext, Env, Job};
pub(crate) use feeds::{feeds, sitemap_and_robots};

/// Every page of the site in `env.lang`, with language-free addresses.
pub(crate) fn jobs(model: &Model, env: &Env) -> Vec<Job> {
    let mut jobs = Vec::with_capacity(model.enterprises().len() + 200);
    home::push(&mut jobs, env);
    directory::push(&mut jobs, model, env);
    facets::push(&mut jobs, model, env);
    stats::push(&mut jobs, env);
    sources::push(&mut jobs, env);
    policies::push(&mut jobs, model, env);
    articles::push(&mut jobs, model, env);
    programs::push(&mut jobs, model, env);
    events::push(&mut jobs, model, env);
    free::push(&mut jobs, model, env);
    home::push_search_and_404(&mut jobs);
    jobs
}
