//! `thingkit`: validate and convert thing models, run data-parsing scripts, from the command line.
//!
//! Exit codes are a contract: 0 no errors, 1 a document or a script run has errors, 2 usage or
//! I/O failure.

mod cli;
mod examples;
mod input;
mod render;
mod scripts;
mod serve;

use cap::Cap;
use std::alloc::System;

/// Counts live heap bytes so that scripts' heap budget can be enforced.
#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn heap_in_use() -> usize {
    ALLOCATOR.allocated()
}

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "thingkit",
    version,
    about = "Validate and convert thing models (Alibaba TSL and ThingModelJson, Tencent, Huawei, W3C WoT); run data-parsing scripts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Output {
    /// Human-readable, with source excerpts.
    Text,
    /// One JSON object per file, one per line.
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate thing models of any format (the kind is told by the content); a Huawei product
    /// model package is read from its `.zip`, its folder or its `devicetype-capability.json`.
    Validate {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Output,
        /// Files to validate; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Convert a document; the result goes to standard output, warnings and the fidelity report
    /// (what was approximated or lost) to standard error.
    Convert {
        /// What the document is (`auto`, the default: told by its content).
        #[arg(long, default_value = "auto", value_parser = cli::parse_from)]
        from: cli::From,
        /// What to convert to.
        #[arg(long, value_enum)]
        to: thingkit::Format,
        /// Write a Huawei product model package (a zip of `devicetype-capability.json` and one
        /// `servicetype-capability.json` per service type) to this file instead (with `--to huawei`).
        #[arg(long, value_name = "FILE.zip")]
        zip: Option<PathBuf>,
        /// The package's key names: `snake` (the current console's) or `camel` (the classic
        /// profile's); by default a package's own, else `snake`.
        #[arg(long, value_enum, requires = "zip")]
        keys: Option<thingkit::huawei_package::KeyStyle>,
        /// The document (a Huawei package: its `.zip`, folder or `devicetype-capability.json`);
        /// `-` reads standard input.
        file: PathBuf,
    },
    /// Print a JSON Schema.
    Schema {
        /// Which format's schema (a simple TSL's is the TSL's).
        #[arg(value_enum)]
        format: thingkit::Format,
    },
    /// Decode device bytes with a data-parsing script; optionally check the result against a model.
    Decode(scripts::DecodeArgs),
    /// Encode a message into device bytes with a data-parsing script; prints hex.
    Encode(scripts::EncodeArgs),
    /// Check data-parsing scripts against the platforms that will run them (language level,
    /// size, modules and Node's globals, entry points, result shapes); exit 1 on any error.
    Lint {
        /// Platforms to check against (repeat or separate with commas); by default those the
        /// script's entry points belong to.
        #[arg(long = "target", value_enum, value_delimiter = ',', value_name = "NAME")]
        targets: Vec<thingkit::lint::Target>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Output,
        /// Scripts to lint; `-` reads standard input.
        #[arg(required = true, value_name = "SCRIPT")]
        files: Vec<PathBuf>,
    },
    /// Serve the models, scripts and data checks over HTTP, each run in the WebAssembly sandbox.
    Serve(serve::ServeArgs),
    /// Run codec test vectors (The Things Network codec YAML, TS013 `examples.json`, ChirpStack
    /// `test_*_NAME.json`, thingkit `*.vectors.json`) on their scripts; exit 1 when any fails.
    Test(cli::test::TestArgs),
    /// Validate and convert the examples built into this program: a tour with no set-up.
    Examples,
}

fn main() -> ExitCode {
    thingkit::script::set_heap_probe(heap_in_use);
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version are successes; anything else is a usage error.
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    // Parsing and compiling recurse once per level of nesting (a script's source, a JSON text
    // a script parses): on a thread with a large stack (reserved, not committed), deep input is
    // an error with a code rather than a stack overflow.
    let work = move || match cli.command {
        Command::Validate { format, files } => cli::validate(&files, format),
        Command::Convert { from, to, zip, keys, file } => match zip {
            Some(zip) => cli::convert_to_package(&file, from.0, to, &zip, keys),
            None => cli::convert(&file, from.0, to),
        },
        Command::Schema { format } => cli::schema(format),
        Command::Decode(args) => scripts::decode(&args),
        Command::Encode(args) => scripts::encode(&args),
        Command::Lint { targets, format, files } => cli::lint::run(&files, &targets, format),
        Command::Serve(args) => serve::run(&args),
        Command::Test(args) => cli::test::test(&args),
        Command::Examples => examples::run(),
    };
    let code = std::thread::Builder::new().name("thingkit".into()).stack_size(WORK_STACK_BYTES).spawn(work).map(|t| t.join());
    match code {
        Ok(Ok(code)) => ExitCode::from(code),
        // The work panicked (its message is printed already) or the thread could not start.
        _ => ExitCode::from(2),
    }
}

/// The stack of the thread that does the command's work: 1 GiB of address space.
const WORK_STACK_BYTES: usize = 1 << 30;
