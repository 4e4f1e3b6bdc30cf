//! The command line's own words in Vietnamese: the help of `cnht` and of the commands editors
//! use (`build`, `handbook`, `check`, `serve`, `new`, `import`, `preflight`), and what it says
//! when a command is mistyped. The English help is the doc comments of `src/main.rs` (clap
//! shows them with `--lang en`); `bench` and `gen` are developer tools and speak English.

use super::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, FromArgMatches};

/// The program's one-line description.
const ABOUT: &str = "Dựng trang web và cẩm nang công nghiệp hỗ trợ Hà Nội từ thư mục content/";

/// A command, its description, and its options' ids with their descriptions.
type Described = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The Vietnamese description of each command editors use, and of each of its options:
/// (command, its description, [(option id, its description)]).
const COMMANDS: &[Described] = &[
    (
        "build",
        "Kiểm tra nội dung, rồi dựng trang web và các tệp PDF của cẩm nang vào public/.",
        &[
            ("root", "Thư mục trang, chứa content/, themes/, handbook/ (mặc định: thư mục hiện tại)."),
            ("out", "Thư mục xuất bản (mặc định: <root>/public)."),
            ("drafts", "Xuất bản cả bản nháp và tin hẹn ngày đăng sau."),
            ("no_handbook", "Chỉ dựng trang web, giữ nguyên cẩm nang đã xuất bản."),
            ("no_sheets", "Không dàn trang hồ sơ năng lực, giữ nguyên các hồ sơ đã xuất bản."),
            (
                "force",
                "Thay thư mục xuất bản cả khi trong đó có tệp cnht không ghi (các tệp ấy bị xóa).",
            ),
            (
                "no_samples",
                "Không xuất bản khi còn bản ghi hay thiết lập là dữ liệu mẫu (cho bản xuất bản thật).",
            ),
        ],
    ),
    (
        "handbook",
        "Chỉ dựng các tệp PDF của cẩm nang vào <out>/cam-nang/.",
        &[
            ("root", "Thư mục trang (mặc định: thư mục hiện tại)."),
            ("out", "Thư mục xuất bản (mặc định: <root>/public)."),
            (
                "preflight",
                "In toàn bộ báo cáo kiểm tra trước in của tệp in (báo cáo luôn được ghi cạnh tệp).",
            ),
            (
                "force",
                "Thay thư mục xuất bản cả khi trong đó có tệp cnht không ghi (các tệp ấy bị xóa).",
            ),
            (
                "no_samples",
                "Không in khi còn bản ghi hay thiết lập là dữ liệu mẫu (cho ấn bản thật).",
            ),
        ],
    ),
    (
        "check",
        "Kiểm tra mọi tệp nội dung và báo mọi lỗi; không ghi gì.",
        &[
            ("root", "Thư mục trang (mặc định: thư mục hiện tại)."),
            ("drafts", "Kiểm tra cả bản nháp như thể đã xuất bản."),
        ],
    ),
    (
        "serve",
        "Xem trước: dựng trang (kể cả bản nháp), phục vụ ở 127.0.0.1, dựng lại và tải lại trang sau mỗi thay đổi.",
        &[
            ("root", "Thư mục trang (mặc định: thư mục hiện tại)."),
            ("port", "Cổng (mặc định: 1111)."),
            (
                "bind",
                "Địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này); 0.0.0.0 mở bản xem trước, cả bản nháp, cho cả mạng.",
            ),
            (
                "drafts",
                "Gồm cả bản nháp và tin hẹn ngày đăng sau (mặc định của `serve`; xem --no-drafts).",
            ),
            (
                "no_drafts",
                "Chỉ xem trước những gì `cnht build` sẽ xuất bản (không bản nháp, không tin hẹn ngày).",
            ),
            (
                "no_handbook",
                "Không dàn trang cẩm nang và danh mục đơn vị tham gia trong nền (trên 2 000 doanh nghiệp thì vẫn không dàn trang); trang web vẫn được xem trước như thường.",
            ),
            ("handbook", "Dàn trang cẩm nang trong nền dù trang lớn đến đâu."),
            ("no_sheets", "Không dàn trang hồ sơ năng lực trong nền."),
        ],
    ),
    (
        "new",
        "Tạo một tệp nội dung mới (doanh nghiệp, chính sách, tin, thị trường, trang, sự kiện) sẵn để điền.",
        &[
            ("kind", "Loại tệp cần tạo: enterprise (doanh nghiệp), policy (văn bản pháp luật), news (tin), market (thông tin thị trường), page (trang) hoặc event (sự kiện: hội chợ, phiên kết nối giao thương)."),
            ("title", "Tiêu đề, hoặc tên đăng ký của doanh nghiệp, đặt trong ngoặc kép."),
            ("root", "Thư mục trang (mặc định: thư mục hiện tại)."),
        ],
    ),
    (
        "import",
        "Nhập bảng khảo sát (.csv hoặc .xlsx) thành tệp doanh nghiệp; không có --write thì chỉ chạy thử.",
        &[
            ("what", "Bảng chứa gì: enterprises (các doanh nghiệp, vào content/enterprises/)."),
            ("file", "Bảng khảo sát: .csv (UTF-8) hoặc .xlsx (trang tính đầu tiên)."),
            (
                "mapping",
                "Tệp TOML ghép tiêu đề cột với trường ([columns] \"Tiêu đề\" = \"trường\").",
            ),
            ("root", "Thư mục trang (mặc định: thư mục hiện tại)."),
            ("write", "Ghi các tệp (không có tùy chọn này thì chỉ cho xem những gì sẽ thay đổi)."),
            (
                "write_mapping",
                "Thay vì nhập, ghi bản nháp ghép các cột của bảng vào tệp mới này, để hoàn chỉnh rồi dùng với --mapping.",
            ),
            (
                "fix_caps",
                "Nhập tên gõ toàn chữ hoa (\"CÔNG TY TNHH MINH PHÁT\") theo cách viết thường gặp (\"Công ty TNHH Minh Phát\"); không có tùy chọn này thì chỉ báo.",
            ),
        ],
    ),
    (
        "preflight",
        "Kiểm tra trước in các tệp PDF in (tệp cẩm nang, hoặc tệp đã sửa hay làm ở nơi khác) như nhà in kiểm tra.",
        &[
            ("files", "Các tệp PDF."),
            ("ink_limit", "Tổng lượng mực cao nhất cho phép, tính bằng phần trăm (mặc định: 300)."),
        ],
    ),
];

const LANG_HELP: &str = "Ngôn ngữ cnht dùng (các phát hiện, dòng trạng thái, bản xem trước): vi hoặc en (mặc định: `lang` trong content/site.toml, nếu không có thì vi). `bench` và `gen` dùng tiếng Anh.";

/// The help's frame in Vietnamese: the usage line's heading (clap's own "Usage:").
const TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// `cmd` (the command line as main.rs declares it) with its help in Vietnamese.
pub fn vietnamese(cmd: Command) -> Command {
    let mut cmd = frame(cmd.about(ABOUT))
        .subcommand_help_heading("Lệnh")
        .override_usage("cnht [TÙY CHỌN] <LỆNH>")
        .disable_help_subcommand(true)
        // The help says the two values; clap would list them under an English heading.
        .mut_arg("lang", |a| {
            a.help(LANG_HELP)
                .help_heading("Tùy chọn")
                .value_name("NGÔN_NGỮ")
                .hide_possible_values(true)
        });
    // The developer tools keep their English help, and their help option (the frame above
    // takes clap's own away from every command).
    let others: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|n| COMMANDS.iter().all(|(name, ..)| name != n))
        .collect();
    for name in others {
        cmd = cmd.mut_subcommand(name, |sub| {
            sub.arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("Print help"),
            )
        });
    }
    for (name, about, args) in COMMANDS {
        cmd = cmd.mut_subcommand(*name, |mut sub| {
            sub = frame(sub.about(*about));
            for (id, help) in *args {
                // Defaults and the values an argument takes are said in the descriptions
                // (clap's "[default: …]" and "Possible values" are English); clap allows hiding
                // them only on options that take a value.
                sub = sub.mut_arg(*id, |a| {
                    let heading = if a.is_positional() {
                        "Tham số"
                    } else {
                        "Tùy chọn"
                    };
                    let a = a.help(*help).help_heading(heading);
                    if !a.get_action().takes_values() {
                        return a;
                    }
                    let a = a.hide_default_value(true).hide_possible_values(true);
                    match value_name(id) {
                        Some(v) => a.value_name(v),
                        None => a,
                    }
                });
            }
            let usage = usage(name, &sub);
            sub.override_usage(usage)
        });
    }
    cmd
}

/// The Vietnamese name of the value an option or argument takes, shown in the help.
fn value_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "root" | "out" => "THƯ_MỤC",
        "port" => "CỔNG",
        "bind" => "ĐỊA_CHỈ",
        "mapping" | "write_mapping" | "file" | "files" => "TỆP",
        "ink_limit" => "PHẦN_TRĂM",
        "kind" | "what" => "LOẠI",
        "title" => "TIÊU_ĐỀ",
        "lang" => "NGÔN_NGỮ",
        _ => return None,
    })
}

/// The usage line of the command `name`: its options, then its arguments by their names.
fn usage(name: &str, sub: &Command) -> String {
    let mut line = format!("cnht {name} [TÙY CHỌN]");
    for a in sub.get_positionals() {
        let value = a
            .get_value_names()
            .and_then(|v| v.first())
            .map_or_else(|| a.get_id().as_str().to_uppercase(), |v| v.to_string());
        let many = matches!(a.get_action(), ArgAction::Append);
        line.push_str(&format!(" <{value}>{}", if many { "..." } else { "" }));
    }
    line
}

/// The frame of one command's help: the usage heading, and the help (and version) options with
/// Vietnamese descriptions.
fn frame(cmd: Command) -> Command {
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd.help_template(TEMPLATE).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("In phần trợ giúp này.")
            .help_heading("Tùy chọn"),
    );
    if has_version {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản.")
                .help_heading("Tùy chọn"),
        );
    }
    cmd
}

/// What the command line says when `error` stops it, in `lang`: `None` keeps clap's own text
/// (the help and version it prints on request, and every error in English).
pub fn error(lang: Lang, error: &clap::Error, command: &str) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let what = match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return None,
        ErrorKind::UnknownArgument => format!("không có tùy chọn {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh {}",
            context(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = context(ContextKind::InvalidValue).unwrap_or_default();
            let mut s = format!("giá trị “{value}” không dùng được cho {arg}");
            if let Some(valid) = context(ContextKind::ValidValue) {
                s.push_str(&format!(" (được dùng: {valid})"));
            }
            s
        }
        ErrorKind::MissingRequiredArgument => format!("còn thiếu {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "cần chọn một lệnh (build, serve, check, new, import, handbook, preflight)".into()
        }
        ErrorKind::ArgumentConflict => format!(
            "không dùng được {arg} cùng với {}",
            context(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => format!("số giá trị cho {arg} không đúng"),
        _ => "dòng lệnh không đúng".into(),
    };
    let mut out = format!("lỗi: {what}\n");
    if let Some(s) =
        context(ContextKind::SuggestedArg).or(context(ContextKind::SuggestedSubcommand))
    {
        out.push_str(&format!(" = có phải ý bạn là {s}?\n"));
    }
    out.push_str(&format!(" = xem `{command} --help`\n"));
    Some(out)
}

/// Parses `args` with `command` (main.rs's command line) into `T`, its help in Vietnamese when
/// `lang` is; a mistyped command is answered in `lang` (clap's own words in English) and ends
/// the process with clap's exit code.
pub fn parse<T: FromArgMatches>(command: Command, args: &[std::ffi::OsString], lang: Lang) -> T {
    let mut command = match lang {
        Lang::Vi => vietnamese(command),
        Lang::En => command,
    };
    // `cnht help [command]` (clap's help command, whose words cannot be changed, is off in
    // Vietnamese) is the command's `--help`.
    let rewritten: Vec<std::ffi::OsString>;
    let args = match args.get(1).and_then(|a| a.to_str()) {
        Some("help") if lang == Lang::Vi => {
            rewritten = args[..1]
                .iter()
                .chain(&args[2..])
                .cloned()
                .chain(["--help".into()])
                .collect();
            &rewritten[..]
        }
        _ => args,
    };
    let parsed = command
        .try_get_matches_from_mut(args)
        .and_then(|m| T::from_arg_matches(&m));
    match parsed {
        Ok(t) => t,
        Err(e) => {
            let name = match args.get(1).and_then(|a| a.to_str()) {
                Some(sub) if command.find_subcommand(sub).is_some() => format!("cnht {sub}"),
                _ => "cnht".to_owned(),
            };
            match error(lang, &e, &name) {
                Some(said) => {
                    eprint!("{said}");
                    std::process::exit(e.exit_code());
                }
                None => e.exit(),
            }
        }
    }
}

// Tested through the real command line: tests/check.rs, `an_editor_reads_the_command_line_in_vietnamese`
// (a description naming an option the command line does not have makes every run panic).
