//! The `cnht` command line: parses arguments, calls the library, prints findings, sets the exit code.

use clap::{CommandFactory, Parser, Subcommand};
use cnht::diagnostics::Report;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// The allocator: mimalloc, or the counting one of a measurement build (src/timing/alloc.rs).
#[global_allocator]
static ALLOCATOR: cnht::timing::alloc::Allocator = cnht::timing::alloc::ALLOCATOR;

#[derive(Parser)]
#[command(
    name = "cnht",
    version,
    about = "Builds the Hanoi supporting-industry website and handbook from content/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of what cnht says (findings, status lines, the preview): vi or en (default:
    /// `lang` in content/site.toml, else vi). `bench` and `gen` speak English.
    #[arg(long, global = true, value_enum)]
    lang: Option<cnht::messages::Lang>,
}

#[derive(Subcommand)]
enum Command {
    /// Check the content, then build the website and the handbook PDFs into public/.
    Build {
        /// Site folder (holds content/, themes/, handbook/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also publish drafts and news scheduled for a later date.
        #[arg(long)]
        drafts: bool,
        /// Build only the website, keep the published handbook.
        #[arg(long)]
        no_handbook: bool,
        /// Do not typeset the capability sheets, keep the published ones.
        #[arg(long)]
        no_sheets: bool,
        /// Replace the output folder even when it holds files cnht did not write (deletes them).
        #[arg(long)]
        force: bool,
        /// Refuse to publish while any record or setting is a sample (for the real publication).
        #[arg(long)]
        no_samples: bool,
    },
    /// Build only the handbook PDFs into <out>/cam-nang/.
    Handbook {
        /// Site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print the whole preflight report of the print files (always written beside them).
        #[arg(long)]
        preflight: bool,
        /// Replace the output folder even when it holds files cnht did not write (deletes them).
        #[arg(long)]
        force: bool,
        /// Refuse to print while any record or setting is a sample (for the real edition).
        #[arg(long)]
        no_samples: bool,
    },
    /// Check every content file and report every problem; writes nothing.
    Check {
        /// Site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also check drafts as if they were published.
        #[arg(long)]
        drafts: bool,
    },
    /// Live preview: build (drafts included), serve on 127.0.0.1, rebuild and reload on every change.
    Serve {
        /// Site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (default 127.0.0.1: this computer only); 0.0.0.0 opens the
        /// preview, drafts included, to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include drafts and news dated later (the default of `serve`; see --no-drafts).
        #[arg(long, conflicts_with = "no_drafts")]
        drafts: bool,
        /// Preview only what `cnht build` would publish (no drafts, no future news).
        #[arg(long)]
        no_drafts: bool,
        /// Do not typeset the handbook and the exhibitor catalogues in the background (it is left
        /// out anyway above 2,000 enterprises); the website is previewed as always.
        #[arg(long)]
        no_handbook: bool,
        /// Typeset the handbook in the background whatever the site's size.
        #[arg(long, conflicts_with = "no_handbook")]
        handbook: bool,
        /// Do not typeset the capability sheets in the background.
        #[arg(long)]
        no_sheets: bool,
    },
    /// Write a new content file (enterprise, policy, news, market, page, event) ready to fill in.
    New {
        /// What to create.
        kind: cnht::scaffold::NewKind,
        /// The title, or the enterprise's registered name, in quotes.
        title: String,
        /// Site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Import the survey spreadsheet (.csv or .xlsx) into enterprise files; a dry run without --write.
    Import {
        /// What the spreadsheet holds.
        what: cnht::import::What,
        /// The spreadsheet: .csv (UTF-8) or .xlsx (first sheet).
        file: PathBuf,
        /// TOML file mapping column headers to fields ([columns] "Header" = "field").
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the files (without it, only show what would change).
        #[arg(long)]
        write: bool,
        /// Write a draft mapping of the sheet's columns to this new file, to complete and pass
        /// with --mapping, instead of importing.
        #[arg(long, value_name = "FILE")]
        write_mapping: Option<PathBuf>,
        /// Import names typed in capitals ("CÔNG TY TNHH MINH PHÁT") as usually written
        /// ("Công ty TNHH Minh Phát"); without it they are only reported.
        #[arg(long)]
        fix_caps: bool,
    },
    /// Write a synthetic site of N enterprises for scale tests (never published).
    Gen {
        /// Number of enterprises in the generated site (the sample ones included).
        #[arg(long)]
        enterprises: usize,
        /// Folder to write the site into.
        #[arg(long)]
        out: PathBuf,
        /// Site whose settings, data, pages and theme are reused.
        #[arg(long, default_value = ".")]
        from: PathBuf,
        /// Length of the enterprise descriptions: `short` (about 50 words) or `long` (600 to
        /// 640 words of varied prose, the length of a real profile).
        #[arg(long, value_enum, default_value = "short")]
        descriptions: cnht::gen::Descriptions,
    },
    /// Preflight print PDFs (a handbook file, or one changed or made elsewhere) as a print shop would.
    Preflight {
        /// The PDF files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Highest total ink allowed, in percent.
        #[arg(long, default_value_t = 300.0)]
        ink_limit: f64,
    },
    /// Measure check, website and handbook on synthetic sites of the given sizes (fresh process each).
    Bench {
        /// Comma-separated site sizes (default 1000,10000; none with --soak alone).
        #[arg(long, value_delimiter = ',')]
        enterprises: Option<Vec<usize>>,
        /// Also time the handbook PDFs.
        #[arg(long)]
        handbook: bool,
        /// Time only the handbook PDFs (no check or website rows): how the handbook grows with
        /// its pages, e.g. `--enterprises 250,500,1000,2000 --handbook-only`.
        #[arg(long, conflicts_with = "hugo")]
        handbook_only: bool,
        /// Also time the live preview (`cnht serve`): from saving an enterprise file to its
        /// page served with the change.
        #[arg(long)]
        preview: bool,
        /// Time only the live preview (no check, website or handbook rows, so no capability
        /// sheets typeset before it), e.g. `--enterprises 10000 --descriptions long
        /// --preview-only`.
        #[arg(long, conflicts_with_all = ["hugo", "handbook", "handbook_only"])]
        preview_only: bool,
        /// Measure the live preview's memory: save one enterprise of a copy of the --from site
        /// many times through a running `cnht serve` and read its memory (RSS) as it goes.
        #[arg(long)]
        soak: bool,
        /// Number of saves of --soak (0.15 s apart).
        #[arg(long, default_value_t = 500, requires = "soak")]
        saves: usize,
        /// Seconds --soak waits without saves before its last reading.
        #[arg(long, default_value_t = 60, requires = "soak")]
        idle: u64,
        /// Site whose settings, data, pages and theme are reused.
        #[arg(long, default_value = ".")]
        from: PathBuf,
        /// Length of the generated enterprise descriptions (`--hugo` uses `long` unless told).
        #[arg(long, value_enum)]
        descriptions: Option<cnht::gen::Descriptions>,
        /// Compare with Hugo instead: the same Markdown bodies built by `cnht build
        /// --no-handbook` and by `hugo` (one language, minimal layouts), alternately.
        #[arg(long, conflicts_with_all = ["handbook", "preview", "soak"])]
        hugo: bool,
        /// Runs of each tool per size and situation with --hugo (medians are reported).
        #[arg(long, default_value_t = 3, requires = "hugo")]
        runs: usize,
        /// The Hugo executable.
        #[arg(long, default_value = "hugo", requires = "hugo")]
        hugo_bin: PathBuf,
        /// Keep the generated sites in this new folder (with --hugo).
        #[arg(long, requires = "hugo")]
        keep: Option<PathBuf>,
    },
}

fn print_report(report: &Report) {
    if report.diagnostics.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", report.render(color));
}

/// The site folder the command works on, for its message language.
fn root_of(command: &Command) -> Option<&std::path::Path> {
    match command {
        Command::Build { root, .. }
        | Command::Handbook { root, .. }
        | Command::Check { root, .. }
        | Command::Serve { root, .. }
        | Command::New { root, .. }
        | Command::Import { root, .. } => Some(root),
        _ => None,
    }
}

/// Parses the command line, its help and its answer to a mistyped command in the language of
/// the site (or `--lang`).
fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cnht::content::settings::message_lang_of_args(&args);
    cnht::messages::cli::parse(Cli::command(), &args, lang)
}

fn main() -> ExitCode {
    let cli = parse();
    let lang = cli
        .lang
        .or_else(|| root_of(&cli.command).and_then(cnht::content::settings::message_lang))
        .unwrap_or(cnht::messages::Lang::Vi);
    cnht::messages::set(lang);
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            no_handbook,
            no_sheets,
            force,
            no_samples,
        } => {
            let mut opts = cnht::BuildOptions::new(&root);
            if let Some(o) = out {
                opts.out = o;
            }
            opts.drafts = drafts;
            opts.handbook = !no_handbook;
            opts.sheets = !no_sheets;
            opts.force = force;
            opts.no_samples = no_samples;
            run_build(&opts)
        }
        Command::Handbook {
            root,
            out,
            preflight,
            force,
            no_samples,
        } => {
            let mut opts = cnht::BuildOptions::new(&root);
            if let Some(o) = out {
                opts.out = o;
            }
            opts.site = false;
            opts.sheets = false;
            opts.force = force;
            opts.no_samples = no_samples;
            run_build_with(&opts, preflight)
        }
        Command::Check { root, drafts } => {
            let (report, samples) = cnht::check_with_samples(&root, drafts);
            print_report(&report);
            if report.has_errors() {
                eprintln!("{}", cnht::messages::nothing_built(lang));
                ExitCode::FAILURE
            } else {
                println!("{}", cnht::messages::content_valid(lang));
                if let Some(line) = samples {
                    println!("{line}");
                }
                print_stats();
                ExitCode::SUCCESS
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts: _,
            no_drafts,
            no_handbook,
            handbook,
            no_sheets,
        } => {
            let mut opts = cnht::serve::ServeOptions::new(root);
            opts.port = port;
            opts.bind = bind;
            opts.drafts = !no_drafts;
            opts.handbook = !no_handbook;
            opts.handbook_limit = (!handbook).then_some(cnht::serve::HANDBOOK_LIMIT);
            opts.sheets = !no_sheets;
            match cnht::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}: {e}", cnht::messages::severity(lang, true));
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { kind, title, root } => cnht::scaffold::run(kind, &title, &root),
        Command::Import {
            what: cnht::import::What::Enterprises,
            file,
            mapping,
            root,
            write,
            write_mapping,
            fix_caps,
        } => cnht::import::run(&cnht::import::Options {
            root,
            file,
            mapping,
            write,
            write_mapping,
            fix_caps,
        }),
        Command::Bench {
            enterprises,
            handbook,
            handbook_only,
            preview,
            preview_only,
            soak,
            saves,
            idle,
            from,
            descriptions,
            hugo,
            runs,
            hugo_bin,
            keep,
        } => {
            cnht::bench::show_machine();
            let show = cnht::bench::show;
            let sizes = match enterprises {
                Some(sizes) => sizes,
                None if soak => Vec::new(),
                None => vec![1000, 10000],
            };
            if hugo {
                let opts = cnht::bench::hugo::Options {
                    sizes,
                    runs,
                    descriptions: descriptions.unwrap_or(cnht::gen::Descriptions::Long),
                    from,
                    hugo: hugo_bin,
                    keep,
                };
                return run_hugo_bench(&opts);
            }
            let measured = cnht::bench::run(
                &from,
                &sizes,
                cnht::bench::Extras {
                    handbook,
                    handbook_only,
                    preview: preview || preview_only,
                    preview_only,
                    descriptions: descriptions.unwrap_or_default(),
                },
                show,
            )
            .and_then(|mut measures| {
                if soak {
                    let idle = std::time::Duration::from_secs(idle);
                    measures.extend(cnht::bench::soak(&from, saves, idle, show)?);
                }
                Ok(measures)
            });
            match measured {
                Ok(measures) => {
                    print!("{}", cnht::bench::table(&measures));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Preflight { files, ink_limit } => {
            let mut failed = false;
            for file in files {
                let checked = std::fs::read(&file)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| cnht::handbook::preflight::run(&bytes));
                match checked {
                    Ok(report) => {
                        print!("{}", report.text(&file.display().to_string(), ink_limit));
                        failed |= !report.problems(ink_limit).is_empty();
                    }
                    Err(e) => {
                        let said = cnht::messages::handbook::stage_failed(
                            cnht::messages::handbook::Stage::Preflight,
                            e,
                        );
                        eprintln!(
                            "{}: {}: {}",
                            cnht::messages::severity(lang, true),
                            file.display(),
                            cnht::messages::pick(&said, lang).message
                        );
                        failed = true;
                    }
                }
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Gen {
            enterprises,
            out,
            from,
            descriptions,
        } => match cnht::gen::generate(&from, &out, enterprises, descriptions) {
            Ok(()) => {
                println!(
                    "Wrote a synthetic site of {enterprises} enterprises to {}",
                    out.display()
                );
                ExitCode::SUCCESS
            }
            Err(report) => {
                print_report(&report);
                ExitCode::FAILURE
            }
        },
    }
}

/// `cnht bench --hugo`: prints each run as it ends, then the table of medians.
fn run_hugo_bench(opts: &cnht::bench::hugo::Options) -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let result = cnht::bench::hugo::run(&exe, opts, |n, tool, situation, r| {
        eprintln!(
            "{n:>7} enterprises  {tool:<4} {situation:<25} {:>7.2} s  CPU {:>7.2} s  {:>6.0} MiB  {:>7} files",
            r.wall, r.cpu, r.peak_mib, r.files
        )
    });
    match result {
        Ok(rows) => {
            print!("{}", cnht::bench::hugo::table(&rows));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// With CNHT_STATS set (by `cnht bench`), prints the process's peak memory for the benchmark.
fn print_stats() {
    if std::env::var_os("CNHT_STATS").is_some() {
        if let Some(k) = cnht::timing::peak_rss_kib() {
            println!("stats: peak_rss_kib={k}");
        }
    }
}

fn run_build(opts: &cnht::BuildOptions) -> ExitCode {
    run_build_with(opts, false)
}

/// Builds, prints the summary and, with `preflight`, the whole preflight report.
fn run_build_with(opts: &cnht::BuildOptions, preflight: bool) -> ExitCode {
    use cnht::messages::{self, build as said};
    let lang = messages::current();
    let started = std::time::Instant::now();
    // Said before the build starts; a refused folder is reported by the build itself.
    if let Ok(folder) = cnht::publish::check_output(&opts.root, &opts.out, opts.force) {
        if let Some(warning) = folder.force_warning() {
            eprintln!("{}: {warning}", messages::severity(lang, false));
        }
    }
    match cnht::build(opts) {
        Ok(summary) => {
            print_report(&summary.warnings);
            if let Some(s) = &summary.site {
                println!(
                    "{}",
                    said::website(lang, s.pages, s.files, summary.enterprises)
                );
            }
            if let Some(h) = &summary.handbook {
                println!(
                    "{}",
                    said::handbook(lang, h.pages, h.shortened, &h.screen_pdf, &h.print_pdf)
                );
                if let Some(cover) = &h.cover_pdf {
                    println!("{}", said::cover(lang, h.spine_mm.unwrap_or(0.0), cover));
                }
                if preflight {
                    print!("{}", h.preflight_text);
                }
                println!(
                    "{}",
                    said::preflight(lang, h.preflight_problems.len(), &h.preflight)
                );
            }
            for c in &summary.catalogues {
                if preflight {
                    print!("{}", c.preflight_text);
                }
                println!(
                    "{}",
                    said::catalogue(
                        lang,
                        c.pages,
                        c.preflight_problems.len(),
                        (&c.screen, &c.pdf),
                        &c.preflight
                    )
                );
            }
            if let Some(s) = &summary.sheets {
                println!("{}", said::sheets(lang, s.sheets, s.typeset, s.reused));
            }
            println!(
                "{}",
                said::published(lang, &opts.out, started.elapsed().as_secs_f64())
            );
            if let (Some(s), true) = (&summary.site, std::env::var_os("CNHT_STATS").is_some()) {
                println!(
                    "stats: search index {} shards, {} from the cache; {} pages reused from the previous publication",
                    s.search_shards, s.search_shards_reused, s.pages_reused
                );
            }
            if let (Some(d), true) = (&summary.deployed, std::env::var_os("CNHT_STATS").is_some()) {
                println!(
                    "stats: compressed {} files ({} bytes) to {} gzip + {} brotli bytes, {} from the cache, {} linked from the previous publication",
                    d.compressed, d.bytes, d.gzip_bytes, d.brotli_bytes, d.reused, d.linked
                );
                if let Some(c) = &d.cache {
                    println!(
                        "stats: compression cache {} hits, {} written, {} rejected, {} evicted, {} bytes",
                        c.hits, c.written, c.rejected, c.evicted, c.bytes
                    );
                }
            }
            print_stats();
            ExitCode::SUCCESS
        }
        Err(report) => {
            print_report(&report);
            eprintln!("{}", said::nothing_published(lang, &opts.out));
            ExitCode::FAILURE
        }
    }
}
